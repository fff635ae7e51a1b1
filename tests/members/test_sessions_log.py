"""/session (/buoi): date, topics, place, attendees — recorded once, by members only."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from members_world import World, build_world, scalar

from bot.channels.console import ConsoleChannel
from bot.core.engine import Engine, Services
from bot.core.messages import Incoming, Kind
from bot.members.sessions import parse_day

LOCAL = timezone(timedelta(hours=7))


@pytest.fixture
async def world(services: Services) -> World:
    built = await build_world(services)
    built.clock.now = datetime(2026, 11, 20, 23, 30, tzinfo=LOCAL).astimezone(UTC)  # 16:30 UTC: still the 20th here
    return built


def pick(console: ConsoleChannel, starts: str, ends: str = "") -> str:
    return next(c.action for c in console.choices() if c.action.startswith(starts) and c.action.endswith(ends))


async def test_a_session_by_buttons_and_words(console: ConsoleChannel, services: Services, world: World) -> None:
    out = await console.say("/buoi", user="an")
    assert "Buổi này diễn ra ngày nào?" in out and "Hôm nay (20/11)" in out and "Hôm qua (19/11)" in out
    out = await console.press(pick(console, "ss:d:"), user="an")
    assert "Buổi này hướng dẫn những nội dung nào?" in out
    await console.press(pick(console, "ss:t:", ":vneid-install"), user="an")
    await console.press(pick(console, "ss:t:", ":qr-pay"), user="an")
    out = await console.press(pick(console, "ss:t:", ":qr-pay"), user="an")  # pressed again: removed
    install = services.library.get("vneid-install")
    assert install is not None and f"✅ {install.title.vi}" in out
    out = await console.say("kích hoạt định danh mức 2", user="an")  # a topic typed in words
    assert "Đã chọn:" in out
    out = await console.press(pick(console, "ss:td:"), user="an")
    assert "Địa điểm tổ chức?" in out
    out = await console.say("Nhà văn hoá thôn Một", user="an")
    assert "Có bao nhiêu người tham dự?" in out
    out = await console.say("25 người", user="an")
    assert "Ghi chú thêm" in out
    out = await console.say("bỏ qua", user="an")
    assert "• Ngày: 20/11/2026" in out and "• Số người dự: 25" in out and "• Địa điểm: Nhà văn hoá thôn Một" in out
    save = pick(console, "ss:save:")
    out = await console.press(save, user="an")
    row = await services.db.fetchone("SELECT * FROM sessions")
    assert row is not None and f"Đã lưu buổi hướng dẫn, số #{row['id']}" in out
    assert (row["held_on"], json.loads(row["topics"]), row["attendees"], row["village_code"], row["team_id"]) == (
        "2026-11-20", ["vneid-install", "vneid-level2"], 25, world.mot.area_code, world.mot.id)
    out = await console.press(save, user="an")
    assert f"đã được lưu rồi, số #{row['id']}" in out
    assert await scalar(services.db, "SELECT count(*) FROM sessions") == 1
    out = await console.press(f"ss:undo:{row['id']}", user="binh")  # not theirs
    assert "Không hoàn tác được" in out
    out = await console.press(f"ss:undo:{row['id']}", user="an")
    assert f"Đã hoàn tác buổi #{row['id']}" in out


async def test_typed_dates_and_bad_answers(console: ConsoleChannel, services: Services, world: World) -> None:
    await console.say("/session", user="an")
    for wrong in ("21/11/2026", "31/02", "hôm kia"):
        out = await console.say(wrong, user="an")
        assert "Mình chưa hiểu ngày" in out
    await console.say("15/11", user="an")
    out = await console.press(pick(console, "ss:td:"), user="an")
    assert "chọn ít nhất một nội dung" in out
    await console.press(pick(console, "ss:t:", ":qr-pay"), user="an")
    await console.press(pick(console, "ss:td:"), user="an")
    await console.press(pick(console, "ss:skip:"), user="an")  # no place
    out = await console.say("0", user="an")  # typed on a numbered channel, 0 is the main menu
    out = await console.say("/buoi", user="an")
    assert "Buổi này diễn ra ngày nào?" in out  # a new form replaces the old one
    assert await scalar(services.db, "SELECT count(*) FROM sessions") == 0


async def test_redelivered_save_and_residents(engine: Engine, console: ConsoleChannel, services: Services,
                                              world: World) -> None:
    await console.say("/buoi", user="an")
    for step in ("hôm qua", "vneid"):
        await console.say(step, user="an")
    await console.press(pick(console, "ss:td:"), user="an")
    for step in ("bỏ qua", "12", "bỏ qua"):
        await console.say(step, user="an")
    save = Incoming(channel="console", user_id="an", chat_id="an", action=pick(console, "ss:save:"),
                    kind=Kind.ACTION, message_id="press-9")
    assert "Đã lưu buổi hướng dẫn" in (await engine.handle(save))[0].text
    assert await engine.handle(save) == []
    row = await services.db.fetchone("SELECT held_on, attendees FROM sessions")
    assert row is not None and (row["held_on"], row["attendees"]) == ("2026-11-19", 12)
    out = await console.say("/buoi", user="lan")
    assert "dành cho thành viên tổ công nghệ số" in out


def test_day_parsing_rules() -> None:
    today = date(2026, 1, 5)
    assert parse_day("3/1", today) == date(2026, 1, 3)
    assert parse_day("20/12", today) == date(2025, 12, 20)  # ahead this year means last year
    assert parse_day("05-01-26", today) == today
    assert parse_day("6/1/2026", today) is None and parse_day("1/1/2024", today) is None
    assert parse_day("hôm qua", today) == date(2026, 1, 4)
