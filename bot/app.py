"""Wiring: config → database → guides → engine with every feature."""

from __future__ import annotations

from bot import (
    areas_chat,
    assist_edit,
    assist_form,
    broadcast,
    help_desk,
    report,
    resident,
    roles_admin,
    sessions_log,
    stats,
    teams_chat,
)
from bot.broadcast_optout import with_stop_phrase
from bot.config import Config
from bot.engine import Engine, Feature, Services
from bot.library import GuideLibrary
from storage.db import connect

# Every feature the engine serves; the resident's question search is the fallback for free text.
FEATURES: list[Feature] = [
    resident.FEATURE, areas_chat.FEATURE, teams_chat.FEATURE, assist_form.FEATURE, assist_edit.FEATURE,
    sessions_log.FEATURE, stats.FEATURE, help_desk.FEATURE, roles_admin.FEATURE, broadcast.FEATURE, report.FEATURE,
]


async def build_services(config: Config) -> Services:
    """Open the database (migrating it) and load the guides."""
    db = await connect(config.database.path)
    return Services(config=config, db=db, library=GuideLibrary(config.guides.dir),
                    help_router=help_desk.route_request)


def build_engine(services: Services) -> Engine:
    """The engine with all features registered."""
    return Engine(
        services, FEATURES, fallback=with_stop_phrase(resident.question), greeting=resident.first_contact_greeting
    )
