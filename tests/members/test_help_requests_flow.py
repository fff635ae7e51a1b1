"""Claiming (first wins), messaging through the bot, closing with a linked assist, /requests, reminders."""

from __future__ import annotations

import asyncio

import pytest
from members_world import DINH_HUNG, World, add_person, build_world, scalar

from bot.channels.console import ConsoleChannel
from bot.core.engine import Engine, Services
from bot.core.messages import Incoming, Kind
from bot.members.help_desk.worker import tick
from storage import assists, help_requests, teams


@pytest.fixture
async def world(services: Services) -> World:
    return await build_world(services)


async def ask(console: ConsoleChannel) -> None:
    await console.press("h:vneid-install:2", user="lan", name="Bà Lan")


def press(user: str, action: str, message_id: str) -> Incoming:
    return Incoming(channel="console", user_id=user, chat_id=user, action=action, kind=Kind.ACTION,
                    message_id=message_id, numbered_choices=True)


async def test_first_claim_wins_and_others_see_it_taken(engine: Engine, console: ConsoleChannel,
                                                        services: Services, world: World) -> None:
    await ask(console)
    extra = [await add_person(services.db, f"x{i}", f"Thành viên {i}", team=world.mot) for i in range(8)]
    users = ["an", "binh", *(p.user_id for p in extra)]
    answers = await asyncio.gather(*(engine.handle(press(u, "rq:claim:1", f"claim-{u}")) for u in users))
    texts = [a[0].text for a in answers]
    assert sum("Bạn đã nhận yêu cầu #1" in t for t in texts) == 1
    assert sum("đã có người nhận" in t for t in texts) == len(users) - 1
    ticket = await help_requests.get_ticket(services.db, 1)
    winner = users[next(i for i, t in enumerate(texts) if "Bạn đã nhận" in t)]
    assert ticket is not None and ticket.status == "claimed"
    assert ticket.claimed_by == await scalar(services.db, "SELECT id FROM people WHERE user_id = ?", winner)
    assert len([t for t in console.outbox["lan"] if "đã nhận yêu cầu #1 của anh/chị" in t]) == 1
    out = await console.press("rq:claim:1", user="cuong")  # another village's member
    assert "không thuộc địa bàn của bạn" in out


async def test_other_teams_cannot_claim(console: ConsoleChannel, world: World) -> None:
    await ask(console)
    assert "không thuộc địa bàn của bạn" in await console.press("rq:claim:1", user="cuong")
    assert "không thuộc địa bàn của bạn" in await console.press("rq:claim:1", user="lan")


async def test_relay_both_ways_then_close_creates_a_linked_assist(console: ConsoleChannel, services: Services,
                                                                  world: World) -> None:
    await ask(console)
    out = await console.press("rq:close:1", user="an")
    assert "chưa có ai nhận" in out
    out = await console.press("rq:claim:1", user="an", name="Nguyễn Văn An")
    assert "Bạn đã nhận yêu cầu #1" in out
    assert "🙋 An ở tổ công nghệ số đã nhận yêu cầu #1 của anh/chị" in console.outbox["lan"][-1]
    out = await console.press("rq:msg:1", user="an", name="Nguyễn Văn An")
    assert "Bạn gõ tin nhắn gửi cho Bà Lan" in out and "«An»" in out
    out = await console.say("Chiều nay 3 giờ cháu qua nhà bà nhé", user="an", name="Nguyễn Văn An")
    assert "Đã gửi cho Bà Lan" in out
    assert console.outbox["lan"][-1].startswith("💬 An (tổ công nghệ số) nhắn:\nChiều nay 3 giờ cháu qua nhà bà nhé")
    assert "Trả lời" in console.outbox["lan"][-1]
    assert "Chỉ người đã nhận" in await console.press("rq:msg:1", user="binh")
    out = await console.say("1", user="lan", name="Bà Lan")  # the numbered "Trả lời" under the message
    assert "Anh/chị gõ câu trả lời cho An" in out
    await console.say("Được cháu ơi, bà ở nhà", user="lan", name="Bà Lan")
    assert console.outbox["an"][-1].startswith("💬 Bà Lan (yêu cầu #1) trả lời:\nĐược cháu ơi, bà ở nhà")
    out = await console.say("cài vneid", user="lan", name="Bà Lan")  # still talking: it reaches An too
    assert "Đã chuyển cho An" in out and console.outbox["an"][-1].endswith("cài vneid\n\nGõ số để chọn:\n"
                                                                            "1. 💬 Nhắn cho người dân\n"
                                                                            "2. ✅ Đã giúp xong\n0. 📋 Danh mục")
    assert "đã báo lại" in await console.press("rq:end:1", user="lan", name="Bà Lan")
    assert console.outbox["an"][-1].startswith("✅ Bà Lan báo đã xong (yêu cầu #1)")
    out = await console.say("cài vneid", user="lan", name="Bà Lan")  # done talking: a question again
    assert "VNeID" in out and "Đã chuyển" not in out
    out = await console.press("rq:close:1", user="an")
    assert "người dân tự làm được" in out
    out = await console.press("rq:done:1:f", user="an")
    record = await assists.last_assist(services.db, world.an.id)
    assert record is not None and f"Đã đóng yêu cầu #1 và lưu lượt hỗ trợ, số phiếu #{record.id}" in out
    assert (record.help_request_id, record.guide_id, record.mode, record.village_code, record.names) == (
        1, "vneid-install", "for_them", world.mot.area_code, "Bà Lan")
    assert "Yêu cầu #1 đã được giải quyết" in console.outbox["lan"][-1]
    out = await console.press("rq:done:1:s", user="an")  # pressed again
    assert f"số phiếu #{record.id}" in out
    assert await scalar(services.db, "SELECT count(*) FROM assists") == 1
    ticket = await help_requests.get_ticket(services.db, 1)
    assert ticket is not None and ticket.status == "closed" and ticket.closed_at is not None
    assert "không còn mở" in await console.press("rq:ans:1", user="lan")


async def test_relay_prompt_expires(console: ConsoleChannel, world: World) -> None:
    await ask(console)
    await console.press("rq:claim:1", user="an")
    await console.press("rq:msg:1", user="an")
    world.clock.advance(minutes=31)
    out = await console.say("cài vneid", user="an")
    assert "VNeID" in out and not any("cài vneid" in t for t in console.outbox["lan"])


async def test_open_requests_list_by_area(console: ConsoleChannel, services: Services, world: World) -> None:
    await ask(console)
    await console.press("h:qr-pay:1", user="lan", name="Bà Lan")
    await console.press("rq:claim:2", user="binh", name="Trần Thị Bình")
    out = await console.say("/yeucau", user="an")
    assert "#1 · " in out and "chờ người nhận" in out and "#2 · " in out and "Bình đã nhận" in out
    assert "Nhận #1" in out and "Nhận #2" not in out
    assert "Không có yêu cầu nào" in await console.say("/requests", user="cuong")
    assert "dành cho thành viên" in await console.say("/requests", user="lan")
    coordinator = await add_person(services.db, "hung", "Cán bộ Định Hưng")
    await teams.grant_coordinator(services.db, coordinator.id, DINH_HUNG, "cli")
    out = await console.say("/requests", user="hung")
    assert "#1 · " in out and "#2 · " in out


async def test_reminded_once_then_escalated_once(engine: Engine, console: ConsoleChannel, services: Services,
                                                 world: World) -> None:
    coordinator = await add_person(services.db, "hung", "Cán bộ Định Hưng")
    await teams.grant_coordinator(services.db, coordinator.id, DINH_HUNG, "cli")
    await ask(console)
    await console.press("h:qr-pay:1", user="lan", name="Bà Lan")
    await console.press("rq:claim:2", user="binh")  # taken: never reminded
    settings = services.config.help_requests
    console.outbox.clear()
    world.clock.advance(minutes=settings.remind_after_minutes - 1)
    assert (await tick(services, engine)).reminded == 0
    world.clock.advance(minutes=2)
    assert (await tick(services, engine)).reminded == 1
    assert console.outbox["an"][0].startswith("⏰ Nhắc lại: yêu cầu #1 vẫn chưa có ai nhận")
    assert len(console.outbox["binh"]) == 1 and console.outbox["hung"] == []
    assert (await tick(services, engine)).reminded == 0
    world.clock.advance(minutes=settings.escalate_after_minutes)
    result = await tick(services, engine)
    assert (result.reminded, result.escalated) == (0, 1)
    assert console.outbox["hung"][0].startswith("📣 Yêu cầu #1 chưa có ai nhận")
    assert "Nhận việc" in console.outbox["hung"][0]
    assert (await tick(services, engine)).escalated == 0
    assert len(console.outbox["an"]) == 1 and len(console.outbox["hung"]) == 1
    out = await console.press("rq:claim:1", user="hung")  # the coordinator may take it
    assert "Bạn đã nhận yêu cầu #1" in out
