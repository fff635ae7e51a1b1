"""Wiring: config → database → guides → engine with every feature."""

from __future__ import annotations

from bot.areas import chat as areas_chat
from bot.coordinators import roles as roles_admin
from bot.coordinators.broadcasts import compose as broadcast
from bot.coordinators.reports import chat as report
from bot.core.config import Config
from bot.core.engine import Engine, Feature, Services
from bot.members import sessions as sessions_log
from bot.members import stats
from bot.members.assists import edit as assist_edit
from bot.members.assists import form as assist_form
from bot.members.help_desk import desk as help_desk
from bot.members.teams import chat as teams_chat
from bot.residents import feature as resident
from bot.residents.library import GuideLibrary
from bot.residents.optout import with_stop_phrase
from storage.db import connect

# Every feature the engine serves; the resident's question search is the fallback for free text.
FEATURES: list[Feature] = [
    resident.FEATURE, areas_chat.FEATURE, teams_chat.FEATURE, assist_form.FEATURE, assist_edit.FEATURE,
    sessions_log.FEATURE, stats.FEATURE, help_desk.FEATURE, roles_admin.FEATURE, broadcast.FEATURE, report.FEATURE,
]


async def build_services(config: Config) -> Services:
    """Open the database (migrating it) and load the guides."""
    db = await connect(config.database.url, pool_size=config.database.pool_size)
    return Services(config=config, db=db, library=GuideLibrary(config.guides.dir),
                    help_router=help_desk.route_request)


def build_engine(services: Services) -> Engine:
    """The engine with all features registered."""
    return Engine(
        services, FEATURES, fallback=with_stop_phrase(resident.question), greeting=resident.first_contact_greeting
    )
