"""Nothing a member typed is dropped: drafts wait, answers count only when they fit, and a draft left
alone is reminded once and expires with a message that says what was in it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from members_world import World, build_world, scalar

from bot.channels.console import ConsoleChannel
from bot.core.engine import Engine, Services
from bot.core.messages import Incoming, Kind
from bot.members.assists import reminders
from storage import assists

MORNING = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 09:00 in Việt Nam


@pytest.fixture
async def world(services: Services) -> World:
    built = await build_world(services)
    built.clock.now = MORNING
    return built


def labels(console: ConsoleChannel) -> list[str]:
    return [c.label for c in console.choices()]


async def test_two_typed_by_habit_never_saves_or_cancels(console: ConsoleChannel, engine: Engine,
                                                         services: Services, world: World) -> None:
    await console.say("/ghi cài vneid cho bà Lan", user="an")
    single = labels(console)
    out = await console.say("2", user="an")  # on an older screen 2 was «Lưu — làm hộ»
    assert "• Cách làm: làm hộ" in out and labels(console) == single
    assert await scalar(services.db, "SELECT count(*) FROM assists") == 0
    await console.say("/ghi", user="an")
    assert labels(console) == single  # the same draft shown again: the same numbers
    await console.say("huỷ", user="an")
    await console.say("/ghi bà Nụ cài vneid, ông Khải quên passcode", user="an")
    many = labels(console)
    assert many[0] == "💾 Lưu cả 2 phiếu" and many[1] == "🤝 Tất cả: mình làm hộ" and many[-1] == "✖️ Huỷ"
    out = await console.say("2", user="an")
    assert "(Tất cả: Thôn Một · làm hộ)" in out
    # On Telegram the choices are buttons; a digit typed there means the same as on a numbered list.
    typed = await engine.handle(Incoming(channel="console", user_id="an", chat_id="an", text="1", kind=Kind.TEXT,
                                         message_id="typed-1", numbered_choices=False))
    assert "✅ Đã lưu 2 phiếu" in typed[0].text
    rows = await services.db.fetchall("SELECT mode FROM assists ORDER BY id")
    assert [r["mode"] for r in rows] == ["for_them", "for_them"]


async def test_a_second_log_waits_for_the_one_still_open(console: ConsoleChannel, services: Services,
                                                         world: World) -> None:
    await console.say("/ghi cài vneid cho bà Lan", user="an")
    out = await console.say("/ghi kích hoạt mức 2 cho ông Tư", user="an")
    assert "Bạn còn một phiếu chưa lưu" in out and "«kích hoạt mức 2 cho ông Tư») mình giữ lại" in out
    assert "• Tên: bà Lan" in out and labels(console)[0] == "💾 Lưu"
    out = await console.say("kích hoạt mức 2 cho bà Hoa", user="an")  # a plain line waits as well
    assert "«kích hoạt mức 2 cho bà Hoa») mình giữ lại" in out
    assert await scalar(services.db, "SELECT count(*) FROM assists") == 0
    out = await console.say("1", user="an")
    assert "✅ Đã lưu, số phiếu #1." in out and "• Tên: ông Tư" in out  # the next line, read at once
    out = await console.say("8", user="an")  # Huỷ (last) on this one
    assert "Đã huỷ" in out and "• Tên: bà Hoa" in out
    await console.say("1", user="an")
    rows = await services.db.fetchall("SELECT guide_id, names FROM assists ORDER BY id")
    assert [(r["guide_id"], r["names"]) for r in rows] == [("vneid-install", "bà Lan"), ("vneid-level2", "bà Hoa")]


async def test_a_message_that_does_not_fit_the_question_is_not_taken(console: ConsoleChannel,
                                                                     services: Services, world: World) -> None:
    await console.say("/ghi cài vneid", user="an")
    out = await console.say("5", user="an")  # ✏️ Người được giúp
    assert "Ai được giúp?" in out
    out = await console.say("con", user="an")
    assert "«con» không giống tên người được giúp, nên mình không ghi vào phiếu" in out
    assert "Phiếu chưa lưu vẫn được giữ" in out
    out = await console.say("bà Lan", user="an")  # the question was withdrawn: this is not the answer either
    assert "Mình hiểu là" not in out
    out = await console.say("/ghi", user="an")
    assert "Bạn còn một phiếu chưa lưu" in out and "• Tên:" not in out
    await console.say("6", user="an")  # ✏️ Hộ
    out = await console.say("làm sao đăng nhập dịch vụ công", user="an")
    assert "không giống một hộ gia đình" in out
    await console.say("/ghi", user="an")
    await console.say("5", user="an")
    out = await console.say("bà Lan, hộ ông Ba", user="an")
    assert "• Tên: bà Lan" in out and "• Hộ: hộ ông Ba" in out
    await console.say("1", user="an")
    record = await assists.last_assist(services.db, world.an.id)
    assert record is not None and (record.names, record.household_norm) == ("bà Lan", "ong ba")


async def test_a_draft_left_is_reminded_once_and_saved_with_the_time_it_was_typed(
        console: ConsoleChannel, engine: Engine, services: Services, world: World) -> None:
    await console.say("/ghi cài vneid cho bà Lan", user="an")
    world.clock.advance(minutes=30)
    assert await reminders.tick(services, engine) == reminders.TickResult(0, 0)
    world.clock.advance(minutes=31)
    assert await reminders.tick(services, engine) == reminders.TickResult(1, 0)
    [reminder] = console.outbox.pop("an")
    assert "Bạn còn phiếu chưa lưu từ 09:00 23/11" in reminder and "• Tên: bà Lan" in reminder
    assert "\n1. 💾 Lưu\n" in reminder and "\n8. ✖️ Huỷ\n" in reminder
    world.clock.advance(hours=3)
    assert await reminders.tick(services, engine) == reminders.TickResult(0, 0)  # once only
    out = await console.say("1", user="an")  # the reminder's menu: 1 saves
    assert "✅ Đã lưu" in out
    record = await assists.last_assist(services.db, world.an.id)
    assert record is not None and record.created_at == "2026-11-23T02:00:00.000Z"


async def test_coming_back_the_next_day(console: ConsoleChannel, engine: Engine, services: Services,
                                        world: World) -> None:
    await console.say("/ghi bà Nụ cài vneid, ông Khải quên passcode", user="an")
    await console.say("4", user="an")  # Sửa lượt 1
    await console.say("5", user="an")  # who was helped: a question left open
    world.clock.advance(hours=2)
    await reminders.tick(services, engine)
    world.clock.advance(days=1)
    assert await reminders.tick(services, engine) == reminders.TickResult(0, 1)
    expired = console.outbox.pop("an")[-1]
    assert "đã hết hạn nên không được tính" in expired and "bà Nụ" in expired and "ông Khải" in expired
    assert "/ghi bà Nụ cài vneid, ông Khải quên passcode" in expired  # to send it again in one copy
    out = await console.say("1", user="an")  # the menu of yesterday's reminder
    assert "thuộc một phiếu cũ" in out
    out = await console.say("ông Tư", user="an")  # no longer an answer to yesterday's question
    assert "Mình hiểu là" not in out and "không ghi vào phiếu" not in out
    assert await scalar(services.db, "SELECT count(*) FROM assists") == 0
    assert await scalar(services.db, "SELECT count(*) FROM assist_drafts") == 0


async def test_a_member_who_went_to_the_menu_is_not_answering_the_draft(console: ConsoleChannel,
                                                                       services: Services, world: World) -> None:
    await console.say("/ghi cài vneid cho bà Lan", user="an")
    await console.say("0", user="an")  # the main menu
    out = await console.say("kích hoạt mức 2", user="an")  # a question for the guides, not a second line
    assert "📝 Bạn còn một phiếu chưa lưu" in out and "Định danh mức 2" in out and "mình giữ lại" not in out
    out = await console.say("/ghi", user="an")
    assert "• Tên: bà Lan" in out and "Dòng bạn vừa gõ" not in out
    assert await scalar(services.db, "SELECT count(*) FROM assists") == 0


async def test_an_answer_typed_long_after_the_question_is_not_taken(console: ConsoleChannel, services: Services,
                                                                     world: World) -> None:
    await console.say("/ghi cài vneid", user="an")
    await console.say("5", user="an")
    world.clock.advance(hours=5)
    out = await console.say("bà Lan", user="an")
    assert "📝 Bạn còn một phiếu chưa lưu — gõ /ghi để xem lại." in out and "Mình hiểu là" not in out
    out = await console.say("/ghi", user="an")
    assert "Bạn còn một phiếu chưa lưu" in out and "• Tên:" not in out
