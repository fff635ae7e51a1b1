"""Composing a broadcast through the console: scope, the place, preview counts per channel, send, schedule,
cancel, and residents stopping and restarting announcements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from broadcast_world import AN_BINH, BAC, DONG, PHU_LOC, TAY, FakeSender, add_person, seed_areas, status_counts

from bot.channels.console import ConsoleChannel
from bot.coordinators.broadcasts.schedule import parse_when
from bot.core.config import Config
from bot.core.engine import Services
from storage import broadcast_queue, broadcasts, people, teams

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)  # 10:00 in Hà Nội


@dataclass
class World:
    services: Services
    coordinator: int
    ids: dict[str, int]

    async def count(self, area: str, audience: str) -> dict[str, int]:
        return await broadcasts.audience_counts(
            self.services.db, area, audience, sorted(self.services.senders), self.coordinator
        )


@pytest.fixture
async def world(services: Services, console: ConsoleChannel) -> World:
    """Coordinator of Xã An Bình (console:coord); members and residents on three channels."""
    db = services.db
    services.clock = lambda: NOW
    services.senders["telegram"] = FakeSender()
    services.senders["zalo"] = FakeSender(numbered=True)
    await seed_areas(db)
    team = await teams.create_team(db, "Tổ Thôn Đông", DONG)
    made = {
        "m1": await add_person(db, "console", "m1", DONG, team.id),
        "201": await add_person(db, "telegram", "201", None, team.id),
        "301": await add_person(db, "telegram", "301", DONG),
        "302": await add_person(db, "telegram", "302", TAY),
        "z401": await add_person(db, "zalo", "z401", TAY),
        "r5": await add_person(db, "console", "r5", DONG),
        "303": await add_person(db, "telegram", "303", BAC),
        "304": await add_person(db, "telegram", "304", DONG),
        "305": await add_person(db, "telegram", "305", DONG),
        "306": await add_person(db, "telegram", "306", None),
    }
    await broadcasts.set_announcements(db, made["304"].id, on=False)
    await db.execute("UPDATE people SET unreachable_at = '2026-11-01T00:00:00.000Z' WHERE id = ?", (made["305"].id,))
    await console.say(f"/grant console:coord {AN_BINH}", user="admin")
    coordinator = await people.find_person(db, "console", "coord")
    assert coordinator is not None
    return World(services, coordinator.id, {k: v.id for k, v in made.items()})


async def test_coordinator_composes_previews_and_sends(console: ConsoleChannel, world: World) -> None:
    out = await console.say("/thongbao", user="coord")
    assert "Bạn muốn gửi cho ai?" in out
    assert [c.action for c in console.choices()] == ["bc:a:m", "bc:a:r", "bc:a:b", "bc:x"]
    out = await console.press("bc:a:r", user="coord")
    assert "Gửi cho người dân ở đâu?" in out
    assert [c.action for c in console.choices()] == [f"bc:r:{AN_BINH}", f"bc:r:{DONG}", f"bc:r:{TAY}", "bc:k:", "bc:x"]
    assert "Toàn bộ Xã An Bình, Tỉnh Thử Nghiệm" in out
    out = await console.say("1", user="coord")  # numbered channel: the first button
    assert "Gửi tới: người dân · Xã An Bình, Tỉnh Thử Nghiệm" in out and "gõ nội dung thông báo" in out
    out = await console.say("Thứ Bảy này tổ công nghệ số hướng dẫn cài VNeID tại nhà văn hóa.", user="coord")
    assert "Có kèm ảnh không?" in out
    out = await console.say("https://example.org/anh.jpg", user="coord")
    assert "Số người nhận: 4 — Console 1, Telegram 2, Zalo 1" in out
    assert "📢 Thông báo – Xã An Bình, Tỉnh Thử Nghiệm" in out
    assert "🖼 Ảnh: https://example.org/anh.jpg" in out and "Gõ «Hủy nhận tin»" in out
    out = await console.press("bc:go", user="coord")
    assert "✅ Đã xếp hàng gửi thông báo số 1 cho 4 người." in out
    made = await broadcasts.get_broadcast(world.services.db, 1)
    assert made is not None and made.status == "sending" and made.total == 4 and made.audience == "residents"
    rows = await world.services.db.fetchall(
        "SELECT p.channel || ':' || p.user_id AS who, d.as_member FROM broadcast_deliveries d"
        " JOIN people p ON p.id = d.person_id WHERE d.status = 'queued' ORDER BY who"
    )
    assert [(r["who"], r["as_member"]) for r in rows] == [
        ("console:r5", 0), ("telegram:301", 0), ("telegram:302", 0), ("zalo:z401", 0)]
    out = await console.press("bc:go", user="coord")  # a second press sends nothing twice
    assert "Bản nháp này không còn nữa" in out
    assert len(await broadcasts.recent_broadcasts(world.services.db, None)) == 1


async def test_counts_per_audience_leave_out_opted_out_blocked_and_others(world: World) -> None:
    assert await world.count(AN_BINH, "residents") == {"console": 1, "telegram": 2, "zalo": 1}
    assert await world.count(AN_BINH, "members") == {"console": 1, "telegram": 1}
    assert await world.count(AN_BINH, "both") == {"console": 2, "telegram": 3, "zalo": 1}
    assert await world.count(DONG, "both") == {"console": 2, "telegram": 2}
    assert await world.count(PHU_LOC, "residents") == {"telegram": 1}
    del world.services.senders["zalo"]  # a channel that is not running reaches nobody
    assert await world.count(AN_BINH, "residents") == {"console": 1, "telegram": 2}


async def test_a_commune_coordinator_stays_inside_their_commune(console: ConsoleChannel, world: World) -> None:
    await console.say("/broadcast", user="coord")
    await console.press("bc:a:b", user="coord")
    out = await console.say("Phu Loc", user="coord")
    assert "Bạn không thể làm việc này cho «Xã Phú Lộc, Tỉnh Thử Nghiệm»" in out and "nằm ngoài địa bàn" in out
    out = await console.press(f"bc:r:{BAC}", user="coord")  # a forged button
    assert "«Thôn Bắc, Xã Phú Lộc, Tỉnh Thử Nghiệm»" in out and "nằm ngoài địa bàn" in out
    out = await console.say("thon tay", user="coord")  # typed without tones, inside their commune
    assert "Gửi tới: thành viên tổ và người dân · Thôn Tây, Xã An Bình" in out
    out = await console.say("Họp tổ tối nay.", user="coord")
    out = await console.press("bc:p:0", user="coord")
    assert "Số người nhận: 2 — Telegram 1, Zalo 1" in out


async def test_a_member_or_resident_cannot_broadcast(console: ConsoleChannel, world: World) -> None:
    out = await console.say("/broadcast", user="m1")
    assert "dành cho cán bộ điều phối cấp xã hoặc tỉnh. Bạn chưa được giao vai trò này." in out
    out = await console.press("bc:go", user="m1")
    assert "Bản nháp này không còn nữa" in out
    out = await console.say("/broadcasts", user="r5")
    assert "Bạn chưa được giao vai trò này" in out


async def test_an_admin_can_broadcast_anywhere(console: ConsoleChannel, world: World) -> None:
    await console.say("/broadcast", user="admin")
    out = await console.press("bc:a:r", user="admin")
    assert "Gõ tên hoặc mã tỉnh, xã hay thôn." in out
    out = await console.say("Thôn Bắc", user="admin")
    assert "Thôn Bắc, Xã Phú Lộc" in out
    await console.say("Lịch tiêm chủng tháng 12.", user="admin")
    out = await console.press("bc:p:0", user="admin")
    assert "Số người nhận: 1 — Telegram 1" in out


async def test_nobody_to_reach_offers_another_place(console: ConsoleChannel, world: World) -> None:
    await console.say("/broadcast", user="coord")
    await console.press("bc:a:m", user="coord")
    await console.press(f"bc:r:{TAY}", user="coord")
    await console.say("Chào các bạn.", user="coord")
    out = await console.press("bc:p:0", user="coord")
    assert "Không có ai để nhận thông báo này ở Thôn Tây" in out
    assert [c.action for c in console.choices()] == ["bc:a:m", "bc:x"]
    out = await console.press("bc:a:m", user="coord")
    out = await console.press(f"bc:r:{DONG}", user="coord")  # the text written is kept
    assert "Số người nhận: 2 — Console 1, Telegram 1" in out and "Chào các bạn." in out


async def test_schedule_list_and_cancel(console: ConsoleChannel, world: World) -> None:
    db = world.services.db
    await console.say("/broadcast", user="coord")
    await console.press("bc:a:r", user="coord")
    await console.press(f"bc:r:{AN_BINH}", user="coord")
    await console.say("Mời bà con dự buổi hướng dẫn thanh toán bằng mã QR.", user="coord")
    await console.say("không", user="coord")
    out = await console.press("bc:t", user="coord")
    assert "ví dụ: 24/11 08:00" in out
    out = await console.say("hôm nào đó", user="coord")
    assert "Mình chưa hiểu «hôm nào đó»" in out
    out = await console.say("23/11 09:00", user="coord")
    assert "08:00" not in out and "09:00 23/11/2026 đã qua rồi" in out
    out = await console.say("25/11 8h", user="coord")
    assert "🕒 Đã hẹn gửi thông báo số 1 lúc 08:00 25/11/2026 cho 4 người." in out
    made = await broadcasts.get_broadcast(db, 1)
    assert made is not None and made.status == "scheduled" and made.scheduled_for == "2026-11-25T01:00:00.000Z"
    assert await status_counts(db, 1) == {"queued": 4}
    assert await broadcast_queue.start_due(db, NOW) == []
    out = await console.say("/broadcasts", user="coord")
    assert "#1 · 🕒 hẹn 08:00 25/11 · người dân · Xã An Bình" in out
    assert "Đã gửi 0 · Đang chờ 4 · Lỗi 0 · Đã chặn/tắt tin 0" in out
    assert [c.action for c in console.choices()] == ["bc:c:1", "bc:l"]
    # A coordinator of the neighbouring commune neither sees nor cancels it.
    await console.say(f"/grant console:other {PHU_LOC}", user="admin")
    assert "Chưa có thông báo nào" in await console.say("/broadcasts", user="other")
    out = await console.press("bc:cy:1", user="other")
    assert "nằm ngoài địa bàn bạn phụ trách" in out
    out = await console.press("bc:c:1", user="coord")
    assert "Hủy thông báo #1?" in out
    out = await console.press("bc:cy:1", user="coord")
    assert "⛔ Đã hủy thông báo #1. Đã gửi trước đó: 0 người; 4 tin sẽ không gửi nữa." in out
    assert await status_counts(db, 1) == {"cancelled": 4}
    out = await console.say("/broadcasts", user="admin")
    assert "#1 · ⛔ đã hủy" in out and "Đã hủy 4" in out and [c.action for c in console.choices()] == ["bc:l"]
    out = await console.press("bc:cy:1", user="coord")
    assert "đã gửi xong hoặc đã bị hủy" in out
    assert await broadcast_queue.start_due(db, datetime(2026, 11, 26, tzinfo=UTC)) == []


async def test_a_scheduled_broadcast_starts_when_due(console: ConsoleChannel, world: World) -> None:
    made = await broadcasts.create_broadcast(
        world.services.db, world.coordinator, AN_BINH, "both", "Nhắc lịch họp.", None, ["console"],
        scheduled_for="2026-11-25T01:00:00.000Z",
    )
    assert made.total == 2 and made.status == "scheduled"
    assert await broadcast_queue.start_due(world.services.db, datetime(2026, 11, 25, 0, 59, tzinfo=UTC)) == []
    assert await broadcast_queue.start_due(world.services.db, datetime(2026, 11, 25, 1, 0, tzinfo=UTC)) == [made.id]
    again = await broadcasts.get_broadcast(world.services.db, made.id)
    assert again is not None and again.status == "sending"


async def test_residents_stop_and_restart_announcements(console: ConsoleChannel, world: World) -> None:
    out = await console.say("/stop", user="r5")
    assert "🔕 Anh/chị đã tắt nhận thông báo" in out and "gõ /start" in out
    assert await world.count(DONG, "residents") == {"telegram": 1}
    out = await console.say("Hủy nhận tin", user="r5")
    assert "đã tắt nhận thông báo từ trước" in out
    out = await console.say("/start", user="r5")
    assert "🔔 Anh/chị sẽ nhận lại thông báo" in out and "Xin chào" in out
    assert await world.count(DONG, "residents") == {"console": 1, "telegram": 1}
    out = await console.say("/start", user="r5")
    assert "nhận lại thông báo" not in out
    out = await console.say("huy nhan tin!", user="r5")
    assert "🔕 Anh/chị đã tắt nhận thông báo" in out


async def test_members_keep_member_messages_after_stop(console: ConsoleChannel, world: World) -> None:
    out = await console.say("/stop", user="m1")
    assert "Tin nhắn dành riêng cho thành viên tổ công nghệ số vẫn được gửi cho anh/chị." in out
    assert await world.count(DONG, "members") == {"console": 1, "telegram": 1}


async def test_cancel_word_discards_the_draft(console: ConsoleChannel, world: World) -> None:
    await console.say("/broadcast", user="coord")
    await console.press("bc:a:r", user="coord")
    out = await console.say("Hủy", user="coord")
    assert "Đã hủy bản nháp" in out
    out = await console.say("Thôn Đông", user="coord")  # back to ordinary questions
    assert "Gửi tới" not in out


@pytest.mark.parametrize(("typed", "expected"), [
    ("25/11 08:00", "2026-11-25T01:00:00.000Z"),
    ("25/11/2026 8h30", "2026-11-25T01:30:00.000Z"),
    ("8:15 ngày 26/11", "2026-11-26T01:15:00.000Z"),
    ("lúc 20 giờ 24-11", "2026-11-24T13:00:00.000Z"),
    ("05/01 07:00", "2027-01-05T00:00:00.000Z"),  # January typed in November is next year's
])
def test_times_are_read_in_vietnam_time(typed: str, expected: str) -> None:
    when = parse_when(typed, NOW, Config().tz)
    assert when.error is None and when.at is not None and broadcast_queue.iso(when.at) == expected


@pytest.mark.parametrize(("typed", "error"), [
    ("ngày mai", "format"), ("31/02 08:00", "format"), ("25/11", "format"), ("23/11 09:59", "past"),
    ("25/11/2027 08:00", "far"),
])
def test_unusable_times_say_why(typed: str, error: str) -> None:
    assert parse_when(typed, NOW, Config().tz).error == error
