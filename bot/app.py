"""Wiring: config → database → guides → engine with every feature."""

from __future__ import annotations

from bot import resident
from bot.config import Config
from bot.engine import Engine, Feature, Services
from bot.library import GuideLibrary
from storage.db import connect

# Every feature the engine serves; the resident's question search is the fallback for free text.
FEATURES: list[Feature] = [resident.FEATURE]


async def build_services(config: Config) -> Services:
    """Open the database (migrating it) and load the guides."""
    db = await connect(config.database.path)
    return Services(config=config, db=db, library=GuideLibrary(config.guides.dir))


def build_engine(services: Services) -> Engine:
    """The engine with all features registered."""
    return Engine(services, FEATURES, fallback=resident.question)
