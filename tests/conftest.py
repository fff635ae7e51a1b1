"""Shared fixtures: a real SQLite database, the real guides, the engine and the console driver."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fake_telegram import FakeTelegram

from bot.app import build_engine, build_services
from bot.channels.console import CHANNEL as CONSOLE
from bot.channels.console import ConsoleChannel
from bot.core.config import Config, load_config
from bot.core.engine import Engine, Services
from bot.residents.library import GuideLibrary

# The Zalo OA tests' fixtures (oa_bot, fake_oa, oa_clock…), shared by every test module that wants them.
pytest_plugins = ["zalo_oa_fixtures"]

ROOT = Path(__file__).resolve().parent.parent
GUIDES = ROOT / "guides"


@pytest.fixture
def config(tmp_path: Path) -> Config:
    """Defaults with a database file in the test's temporary folder and the real guides."""
    file = tmp_path / "config.yaml"
    file.write_text(
        f"database:\n  path: {tmp_path / 'bot.db'}\nguides:\n  dir: {GUIDES}\nadmins: ['console:admin']\n",
        encoding="utf-8",
    )
    return load_config(file, environ={})


@pytest.fixture
async def services(config: Config) -> AsyncIterator[Services]:
    services = await build_services(config)
    yield services
    await services.db.close()


@pytest.fixture
def engine(services: Services) -> Engine:
    return build_engine(services)


@pytest.fixture
def console(engine: Engine, services: Services) -> ConsoleChannel:
    """The console adapter, registered as the console Sender so messages to others land in its outbox."""
    channel = ConsoleChannel(engine)
    services.senders[CONSOLE] = channel
    return channel


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    """A loopback fake Bot API server (tests/fake_telegram.py), started on a free port."""
    async with FakeTelegram() as fake:
        yield fake


@pytest.fixture(scope="session")
def guide_library() -> GuideLibrary:
    """The real guides, loaded once for every test that only reads them."""
    return GuideLibrary(GUIDES)
