"""A resident's turn costs one round trip in and one out, counted on the wire (PostgreSQL) or at
aiosqlite's thread (SQLite), and by the Database's own counter."""

from __future__ import annotations

from collections.abc import Callable
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


# What residents send most, each with a word of the answer it must get: every one is one trip in, one out.
EVERYDAY = [
    ("say", "/start", "trợ lý"),
    ("say", "cach cai vneid", "VNeID"),  # a question, typed the way most people type
    ("say", "ko dc chau oi no bao sai ma otp", "OTP"),  # a symptom, read against the open guide
    ("say", "cam on chau", "không có gì"),
    ("say", "gọi tôi là bác", "bác"),  # how to be called: stored with the turn's writes
    ("press", "l:en", "English"),
    ("press", "l:vi", "Tiếng Việt"),
    ("say", "toi lo doc ma otp roi", "KHÔNG"),
    ("say", "lương hưu", "Bảo hiểm xã hội"),  # a referral
]


async def everyday(console: ConsoleChannel, round_trips: Callable[[], int], user: str = "lan") -> None:
    for kind, value, expected in EVERYDAY:
        before = round_trips()
        out = await (console.say(value, user=user) if kind == "say" else console.press(value, user=user))
        assert expected.lower() in out.lower(), (value, out)
        assert round_trips() - before == 2, value


async def warm_up(console: ConsoleChannel) -> None:
    """Every pooled connection prepares each statement once (a round trip of its own the first time)."""
    for user in ("an", "binh", "cuc", "dung"):
        for _ in range(2):
            await walk(console)
            for kind, value, _expected in EVERYDAY:
                await (console.say(value, user=user) if kind == "say" else console.press(value, user=user))


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
            await everyday(console, lambda: hops[0])
    finally:
        await services.db.close()


@pytest.mark.skipif(not databases.POSTGRES, reason="counts round trips to a PostgreSQL server")
async def test_a_resident_turn_is_two_round_trips_on_postgres(tmp_path: Path) -> None:
    url = databases.database_url(tmp_path / "bot.db")
    async with proxied(url) as proxy:
        services = await build_services(config_on(proxy.url))
        console = ConsoleChannel(build_engine(services))
        try:
            await warm_up(console)
            before, counted = proxy.round_trips, services.db.round_trips
            out = await console.press(f"g:{GUIDE}:2", user="lan")
            assert "Bước 2/" in out
            assert proxy.round_trips - before == 2 and services.db.round_trips - counted == 2
            out = await console.say("1", user="lan")
            assert "Bước 3/" in out
            assert proxy.round_trips - before == 4 and services.db.round_trips - counted == 4
            await everyday(console, lambda: proxy.round_trips)
        finally:
            await services.db.close()
