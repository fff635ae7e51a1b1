"""No secret of the corpus is written anywhere, whatever state the person is in when they send it: free text,
a /log line, the assist form, a broadcast draft, the relay between a member and a resident, a photo caption,
a display name — nothing in any table, nothing relayed, nothing in the logs."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from members_world import DINH_HUNG, World, add_person, build_world

from bot.channels.console import ConsoleChannel
from bot.coordinators.roles import grant
from bot.core.engine import Engine, Services
from bot.core.messages import Incoming, Kind, Media

CORPUS = Path(__file__).resolve().parents[1] / "data" / "secrets.tsv"
SECRETS = [line.split("\t", 1)[1] for line in CORPUS.read_text(encoding="utf-8").splitlines()
           if line and not line.startswith(("#", "kind\t", "-\t"))]
WARNED = "⚠️"


def traces(secret: str) -> list[str]:
    """What would betray SECRET if stored: its numbers as typed, and its words that carry digits."""
    numbers = [m.group() for m in re.finditer(r"\d[\d .\-]*\d", secret) if len(re.sub(r"\D", "", m.group())) >= 6]
    words = [w.strip(".,:;!") for w in secret.split() if re.search(r"\d", w) and len(w.strip(".,:;!")) >= 5]
    return numbers + words


async def stored_text(services: Services) -> str:
    """Every value in every table that holds people's data (guide sources and migrations are ours)."""
    catalog = ("SELECT name FROM sqlite_master WHERE type = 'table'" if services.db.dialect == "sqlite" else
               "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()"
               " AND table_type = 'BASE TABLE'")
    tables = [row["name"] for row in await services.db.fetchall(catalog)]
    dump = []
    for table in tables:
        if table in ("guide_sources", "_migrations") or table.startswith("sqlite_"):
            continue
        for row in await services.db.fetchall(f"SELECT * FROM {table}"):
            dump.extend(str(value) for value in tuple(row))
    return "\n".join(dump)


async def every_secret(console: ConsoleChannel, user: str, name: str = "Bạn") -> None:
    for secret in SECRETS:
        out = await console.say(secret, user=user, name=name)
        assert WARNED in out, (secret, out)


def action(console: ConsoleChannel, starts: str) -> str:
    return next(c.action for c in console.choices() if c.action.startswith(starts))


@pytest.fixture
async def world(services: Services) -> World:
    world = await build_world(services)
    await add_person(services.db, "hung", "Cán bộ Định Hưng")
    await grant(services.db, "console:hung", DINH_HUNG, "test")
    return world


async def test_no_secret_is_stored_relayed_or_logged_in_any_state(
    console: ConsoleChannel, engine: Engine, services: Services, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await every_secret(console, "lan", "Bà Lan")  # a resident's free text
    for secret in SECRETS[:40]:  # one-line /log with a secret for names
        assert WARNED in await console.say(f"/log vneid-install 1 {secret}", user="an")

    await console.say("/ghi", user="an")  # the assist form, waiting for who was helped
    out = await console.press(action(console, "lg:g:").rsplit(":", 1)[0] + ":vneid-level2", user="an")
    assert "Ai được giúp?" in out
    await every_secret(console, "an")
    assert "• Tên: bà Lan" in await console.say("bà Lan", user="an")  # the form goes on as before

    await console.say("/thongbao", user="hung")  # a broadcast draft, waiting for its text
    await console.press("bc:a:r", user="hung")
    assert "gõ nội dung thông báo" in await console.press(f"bc:r:{DINH_HUNG}", user="hung")
    await every_secret(console, "hung")

    await console.press("h:vneid-install:2", user="lan", name="Bà Lan")  # a help request, claimed by An
    await console.press("rq:claim:1", user="an")
    assert "gõ tin nhắn gửi cho Bà Lan" in await console.press("rq:msg:1", user="an")
    await every_secret(console, "an")  # the member's message to the resident
    assert "Đã gửi cho Bà Lan" in await console.say("Chiều nay cháu qua", user="an")
    assert "gõ câu trả lời" in await console.press("rq:ans:1", user="lan", name="Bà Lan")
    await every_secret(console, "lan", "Bà Lan")  # the resident's answer to the member

    for number, secret in enumerate(SECRETS):  # photo captions and display names
        photo = Incoming(channel="console", user_id="lan", chat_id="lan", display_name="Bà Lan", kind=Kind.PHOTO,
                         media=Media(Kind.PHOTO, "photo-1", caption=secret), message_id=f"photo-{number}")
        assert any(WARNED in reply.text for reply in await engine.handle(photo)), secret
        await engine.handle(Incoming(channel="console", user_id=f"n{number}", chat_id=f"n{number}",
                                     display_name=secret, text="xin chào", message_id=f"name-{number}"))

    stored = await stored_text(services)
    relayed = "\n".join(text for texts in console.outbox.values() for text in texts)
    for secret in SECRETS:
        for trace in traces(secret):
            assert trace not in stored, (secret, trace)
            assert trace not in relayed, (secret, trace)
            assert trace not in caplog.text, (secret, trace)
