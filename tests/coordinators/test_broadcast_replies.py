"""Announcements to several villages in one go, and residents' replies reaching a person as a conversation:
on the console, with the real outbox worker, and residents who do the unexpected."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass

import pytest
from broadcast_world import AN_BINH, DONG, PHU_LOC, TAY, add_person, seed_areas, wait_until

from bot.channels.console import CHANNEL, ConsoleChannel
from bot.coordinators.broadcasts.worker import BroadcastWorker, Pacing
from bot.core.engine import Engine, Services
from bot.core.messages import Incoming, Kind, Media
from storage import baselines, broadcasts, teams

NAMES = {"ba": "Bà Ba", "tu": "Ông Tư", "nam": "Chú Năm", "m1": "Lò Văn Mạnh", "khach": "Khách"}


def forwarded(console: ConsoleChannel, user: str) -> list[str]:
    """Replies forwarded to USER (leaving out the worker's "finished" notice)."""
    return [t for t in console.outbox.get(user, []) if "Trả lời thông báo" in t]


async def say(console: ConsoleChannel, user: str, text: str) -> str:
    return await console.say(text, user=user, name=NAMES[user])


@dataclass
class World:
    services: Services
    console: ConsoleChannel


@pytest.fixture
async def world(services: Services, console: ConsoleChannel) -> World:
    """Coordinator "coord" of Xã An Bình; residents ba and tu in Thôn Đông, nam in Thôn Tây; member "m1" of
    Thôn Đông's team; a coordinator "other" of Xã Phú Lộc."""
    db = services.db
    await seed_areas(db)
    team = await teams.create_team(db, "Tổ Thôn Đông", DONG)
    await add_person(db, "console", "m1", DONG, team.id, name="Lò Văn Mạnh")
    await add_person(db, "console", "ba", DONG, name="Bà Ba")
    await add_person(db, "console", "tu", DONG, name="Ông Tư")
    await add_person(db, "console", "nam", TAY, name="Chú Năm")
    await add_person(db, "console", "khach", None, name="Khách")
    await baselines.save_numbers(db, DONG, "2026", "2026-01-01", "2027-01-01", 120, None, {}, "test")
    await console.say(f"/grant console:coord {AN_BINH}", user="admin")
    await console.say(f"/grant console:other {PHU_LOC}", user="admin")
    return World(services, console)


async def send_all(services: Services, engine: Engine, broadcast_id: int) -> None:
    """Run the real worker until every delivery of the broadcast is sent."""
    worker = asyncio.create_task(BroadcastWorker(services, engine, Pacing(poll=0.01, per_chat=0)).run())
    try:
        async def done() -> bool:
            counts = await broadcasts.counts(services.db, broadcast_id)
            return counts.queued == 0
        await wait_until(done)
    finally:
        worker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await worker


async def compose(console: ConsoleChannel, places: str, text: str, replies_to_team: bool = False) -> str:
    await console.say("/thongbao", user="coord")
    await console.press("bc:a:r", user="coord")
    await console.say(places, user="coord")
    await console.say(text, user="coord")
    preview = await console.say("không", user="coord")
    if replies_to_team:
        preview = await console.press("bc:rt", user="coord")
    return preview


async def test_a_typed_list_of_villages_previews_counts_per_village(world: World) -> None:
    console = world.console
    preview = await compose(console, "dong, tay", "Chủ nhật này có buổi hướng dẫn cài VNeID ở nhà văn hóa.")
    assert "Gửi tới: người dân · Thôn Đông, Thôn Tây (Xã An Bình, Tỉnh Thử Nghiệm)" in preview
    assert "Số người nhận: 3 — Console 3" in preview
    assert "• Thôn Đông: 2 người (thôn có 120 hộ)" in preview and "• Thôn Tây: 1 người" in preview
    assert "chưa từng nhắn tin cho bot" in preview and "áp phích có mã QR" in preview and "/thon" in preview
    assert "Người dân trả lời trong 48 giờ: gửi về cho bạn." in preview
    assert "Muốn hỏi thêm? Anh/chị cứ nhắn trả lời" in preview  # what residents will read says they may reply
    assert "✅ Đã xếp hàng gửi thông báo số 1 cho 3 người." in await console.press("bc:go", user="coord")
    made = await broadcasts.get_broadcast(world.services.db, 1)
    assert made is not None and made.area_code == AN_BINH and made.replies_to == "author"
    rows = await world.services.db.fetchall("SELECT area_code FROM broadcast_areas WHERE broadcast_id = 1")
    assert sorted(r["area_code"] for r in rows) == [DONG, TAY]


async def test_list_numbers_and_the_pick_list_choose_several(world: World) -> None:
    console = world.console
    await console.say("/thongbao", user="coord")
    out = await console.press("bc:a:r", user="coord")
    assert "4. ☑ Chọn nhiều thôn" in out
    out = await console.say("2, 3", user="coord")  # numbers from the list just shown
    assert "Gửi tới: người dân · Thôn Đông, Thôn Tây (Xã An Bình" in out
    await console.say("/thongbao", user="coord")
    await console.press("bc:a:b", user="coord")
    out = await console.press("bc:k:", user="coord")
    assert "☐ Thôn Đông" in out and "☐ Thôn Tây" in out
    out = await console.press(f"bc:k:{TAY}", user="coord")
    assert "☑ Thôn Tây" in out and "Xong (1 thôn)" in out
    await console.press(f"bc:k:{DONG}", user="coord")
    out = await console.press(f"bc:k:{TAY}", user="coord")  # unticked again
    assert "☐ Thôn Tây" in out and "☑ Thôn Đông" in out
    out = await console.press("bc:kd", user="coord")
    assert "Gửi tới: thành viên tổ và người dân · Thôn Đông, Xã An Bình" in out
    await console.say("Họp tổ tối nay.", user="coord")
    out = await console.press("bc:p:0", user="coord")
    assert "Số người nhận: 3 — Console 3" in out and "• Thôn Đông: 3 người (thôn có 120 hộ)" in out


async def test_an_unclear_or_outside_place_in_a_list_is_named(world: World) -> None:
    console = world.console
    await console.say("/thongbao", user="coord")
    await console.press("bc:a:r", user="coord")
    out = await console.say("dong; thon bac; xyz", user="coord")
    assert "Mình đã hiểu: Thôn Đông." in out and "«thon bac»: không tìm thấy" in out and "«xyz»" in out
    out = await console.say("Đông và Tây", user="coord")  # typed again, with "và"
    assert "Thôn Đông, Thôn Tây (Xã An Bình" in out


async def test_a_reply_reaches_the_sender_and_the_answer_comes_back(world: World, engine: Engine) -> None:
    console = world.console
    await compose(console, "dong, tay", "Thứ Bảy tổ hướng dẫn làm căn cước cho người cao tuổi.")
    await console.press("bc:go", user="coord")
    await send_all(world.services, engine, 1)
    assert console.outbox["ba"][0].startswith("📢 Thông báo – Xã An Bình")
    out = await say(console, "ba", "bac co can mang so ho khau ko chau")
    assert "Em đã chuyển tin của anh/chị cho cán bộ đã gửi thông báo" in out
    [message] = forwarded(console, "coord")
    assert "💬 Trả lời thông báo #1" in message and "Từ: Bà Ba — Thôn Đông" in message
    assert "«bac co can mang so ho khau ko chau»" in message
    reply_id = (await world.services.db.fetchone("SELECT max(id) AS id FROM broadcast_replies"))["id"]
    out = await console.press(f"br:a:{reply_id}", user="coord")
    assert "Bạn gõ câu trả lời cho Bà Ba" in out
    out = await console.say("Bác chỉ cần mang căn cước thôi ạ.", user="coord")
    assert "✅ Đã gửi câu trả lời cho Bà Ba" in out
    assert "«Bác chỉ cần mang căn cước thôi ạ.»" in console.outbox["ba"][-1]
    out = await say(console, "ba", "vay bac den luc 8h nhe")  # the conversation goes on
    assert "Em đã chuyển tin" in out and "vay bac den luc 8h nhe" in forwarded(console, "coord")[-1]
    # her own message can still be searched as a question
    out = await console.press(f"br:s:{reply_id}", user="ba")
    assert "Trả lời thông báo" not in out


async def test_off_script_a_photo_a_guide_a_stop_and_days_later(world: World, engine: Engine) -> None:
    console, db = world.console, world.services.db
    await compose(console, "dong, tay", "Lịch tiêm chủng tháng 12.")
    await console.press("bc:go", user="coord")
    await send_all(world.services, engine, 1)
    photo = Incoming(CHANNEL, "nam", "nam", "Chú Năm", kind=Kind.PHOTO, message_id="p1", numbered_choices=True,
                     media=Media(Kind.PHOTO, "https://zalo.example/anh/so-tiem.jpg"))
    out = await console.deliver(photo)
    assert "Em đã chuyển tin của anh/chị" in out
    assert "🖼 (một ảnh) https://zalo.example/anh/so-tiem.jpg" in forwarded(console, "coord")[-1]
    before = len(forwarded(console, "coord"))
    await say(console, "tu", "cai vneid")  # a question: opens a guide, and is forwarded too
    await console.press("g:vneid-install:1", user="tu")
    out = await say(console, "tu", "tiếp")
    assert "Em đã chuyển tin" not in out
    assert len(forwarded(console, "coord")) == before + 1  # "tiếp" inside a guide stays with the guide
    out = await say(console, "tu", "Hủy nhận tin")
    assert "Anh/chị đã tắt nhận thông báo" in out and len(forwarded(console, "coord")) == before + 1
    await say(console, "nam", "/menu")  # commands are never taken as replies
    assert len(forwarded(console, "coord")) == before + 1
    # three days later the window has closed: the message is a question for the bot again
    await db.execute("UPDATE broadcast_deliveries SET sent_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-3 days')")
    await db.execute("UPDATE broadcast_replies SET at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-3 days')")
    out = await say(console, "nam", "cai vneid the nao")
    assert "Em đã chuyển tin" not in out and len(forwarded(console, "coord")) == before + 1
    out = await say(console, "khach", "cai vneid the nao")  # never got an announcement
    assert "Em đã chuyển tin" not in out


async def test_replies_can_go_to_the_village_team(world: World, engine: Engine) -> None:
    console = world.console
    preview = await compose(console, "dong", "Tổ sẽ đến từng nhà hướng dẫn thanh toán QR.", replies_to_team=True)
    assert "gửi tổ công nghệ số của thôn họ" in preview
    await console.press("bc:go", user="coord")
    await send_all(world.services, engine, 1)
    out = await say(console, "ba", "nha toi chieu nay co nguoi")
    assert "tổ công nghệ số của thôn" in out
    assert "nha toi chieu nay co nguoi" in forwarded(console, "m1")[-1] and not forwarded(console, "coord")
    reply_id = (await world.services.db.fetchone("SELECT max(id) AS id FROM broadcast_replies"))["id"]
    assert "thuộc địa bàn khác" in await console.press(f"br:a:{reply_id}", user="other")
    assert "Bạn gõ câu trả lời" in await console.press(f"br:a:{reply_id}", user="m1")
    await say(console, "m1", "Chiều nay 3 giờ cháu qua ạ.")
    assert "Chiều nay 3 giờ cháu qua ạ." in console.outbox["ba"][-1]
