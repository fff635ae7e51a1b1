"""Shared fixtures: a real database (SQLite, or PostgreSQL with TEST_DATABASE_URL), the real guides, the
engine and the console driver."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import databases
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


def pytest_report_header() -> str:
    return f"database backend: {databases.BACKEND}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if databases.POSTGRES:
        skip = pytest.mark.skip(reason="SQLite-specific by nature (this run is on PostgreSQL)")
        for item in items:
            if "sqlite_only" in item.keywords:
                item.add_marker(skip)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if databases.POSTGRES:
        databases.drop_template()


@pytest.fixture(autouse=True)
def _drop_test_databases() -> Iterator[None]:
    """On PostgreSQL, each test's databases go when it ends (they are fresh copies of a template)."""
    yield
    if databases.POSTGRES:
        databases.drop_created()


@pytest.fixture
def config(tmp_path: Path) -> Config:
    """Defaults with the test's own database and the real guides."""
    file = tmp_path / "config.yaml"
    file.write_text(
        f"database:\n  url: {databases.database_url(tmp_path / 'bot.db')}\nguides:\n  dir: {GUIDES}\n"
        "admins: ['console:admin']\n",
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
