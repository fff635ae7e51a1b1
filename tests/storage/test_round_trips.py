"""A resident's turn costs one round trip in and one out, counted on the wire (PostgreSQL) or at
aiosqlite's thread (SQLite), and by the Database's own counter."""

from __future__ import annotations

from pathlib import Path

import databases
import pytest
from wire_counter import proxied, sqlite_hops

from bot.app import build_engine, build_services
from bot.channels.console import ConsoleChannel
from bot.core.config import Config

GUIDE = "vneid-install"
GUIDES = Path(__file__).resolve().parents[2] / "guides"


def config_on(url: str) -> Config:
    return Config.model_validate({"database": {"url": url, "pool_size": 4}, "guides": {"dir": str(GUIDES)}})


async def walk(console: ConsoleChannel) -> None:
    """A resident opens a guide and steps through it by buttons and by typed numbers."""
    await console.say("/start", user="lan")
    await console.press(f"g:{GUIDE}:0", user="lan")
    await console.press(f"g:{GUIDE}:1", user="lan")


@pytest.mark.skipif(databases.POSTGRES, reason="counts hops to aiosqlite's thread")
async def test_a_resident_turn_is_two_hops_on_sqlite(
    config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = await build_services(config)
    console = ConsoleChannel(build_engine(services))
    try:
        await walk(console)
        with sqlite_hops(monkeypatch) as hops:
            before = services.db.round_trips
            out = await console.press(f"g:{GUIDE}:2", user="lan")  # a step: an event, a new state, a menu
            assert "Bước 2/" in out
            assert hops[0] == 2 and services.db.round_trips - before == 2
            out = await console.say("1", user="lan")  # a typed number from that menu
            assert "Bước 3/" in out
            assert hops[0] == 4 and services.db.round_trips - before == 4
    finally:
        await services.db.close()


@pytest.mark.skipif(not databases.POSTGRES, reason="counts round trips to a PostgreSQL server")
async def test_a_resident_turn_is_two_round_trips_on_postgres(tmp_path: Path) -> None:
    url = databases.database_url(tmp_path / "bot.db")
    async with proxied(url) as proxy:
        services = await build_services(config_on(proxy.url))
        console = ConsoleChannel(build_engine(services))
        try:
            for _ in range(3):  # every pooled connection has prepared the turn's statements
                await walk(console)
            before, counted = proxy.round_trips, services.db.round_trips
            out = await console.press(f"g:{GUIDE}:2", user="lan")
            assert "Bước 2/" in out
            assert proxy.round_trips - before == 2 and services.db.round_trips - counted == 2
            out = await console.say("1", user="lan")
            assert "Bước 3/" in out
            assert proxy.round_trips - before == 4 and services.db.round_trips - counted == 4
        finally:
            await services.db.close()
