"""/me and /team: this week (from Monday, local time), this month and all time, by skill and mode."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from members_world import World, add_person, build_world

from bot.channels.console import ConsoleChannel
from bot.core.engine import Services
from storage import assists, sessions, teams
from storage.sessions import NewSession

NAMES = {"an": "Nguyễn Văn An", "binh": "Trần Thị Bình", "dung": "Phạm Dũng", "cuong": "Lê Cường"}
LOCAL = timezone(timedelta(hours=7))  # config.timezone defaults to Asia/Ho_Chi_Minh
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=LOCAL)  # a Wednesday


@pytest.fixture
async def world(services: Services) -> World:
    return await build_world(services)


async def log_at(console: ConsoleChannel, world: World, when: datetime, line: str, user: str = "an") -> None:
    world.clock.now = when.astimezone(UTC)
    out = await console.say(f"/log {line}", user=user, name=NAMES[user])
    assert "Đã lưu" in out


async def set_household(console: ConsoleChannel, services: Services, world: World, label: str) -> None:
    record = await assists.last_assist(services.db, world.an.id)
    assert record is not None
    await console.press(f"le:ef:{record.id}:household", user="an")
    assert "Đã sửa phiếu" in await console.say(label, user="an")


async def test_my_counts_by_period_skill_and_mode(console: ConsoleChannel, services: Services, world: World) -> None:
    # Just after midnight on Monday local time is still Sunday in UTC, and must count as this week.
    await log_at(console, world, datetime(2026, 11, 16, 0, 30, tzinfo=LOCAL), "vneid-install 2 hộ ông Tư")
    await log_at(console, world, datetime(2026, 11, 15, 23, 30, tzinfo=LOCAL), "qr-pay 1 làm hộ")
    await set_household(console, services, world, "Hộ Ông  Tư")  # the same household, typed differently
    await log_at(console, world, datetime(2026, 10, 31, 23, 0, tzinfo=LOCAL), "vneid-level2 3")
    await log_at(console, world, datetime(2026, 11, 17, 9, 0, tzinfo=LOCAL), "vneid-passcode 9")
    await console.say("/undo", user="an")
    await console.press(console.choices()[0].action, user="an")  # undone: it no longer counts
    await sessions.save_session(services.db, NewSession(world.an.id, world.mot.id, world.mot.area_code,
                                                        "2026-11-17", ("vneid-install",), "Nhà văn hoá", 20),
                                "test-session", NOW)
    world.clock.now = NOW.astimezone(UTC)
    out = await console.say("/toi", user="an")
    assert "Mỗi dòng có 3 số: tuần này · tháng này · từ trước đến nay." in out
    assert "👥 Người được giúp: 2 · 3 · 6" in out
    assert "📝 Lượt ghi: 1 · 2 · 3" in out
    assert "🏠 Hộ gia đình: 1 · 1 · 1" in out
    assert "🧑‍🏫 Tự làm, có hướng dẫn (người): 2 · 2 · 5" in out
    assert "🤝 Làm hộ (người): 0 · 1 · 1" in out
    assert "👥 Buổi hướng dẫn nhóm: 1 · 1 · 1 — người dự: 20 · 20 · 20" in out
    assert "• Định danh điện tử (VNeID): 2 · 2 · 5" in out
    assert "• Thanh toán trực tuyến: 0 · 1 · 1" in out
    level2 = services.library.get("vneid-level2")
    assert level2 is not None and f"• {level2.title.vi}: 0 · 0 · 3" in out
    # The records with the numbers /sua and /hoantac take, newest first, the undone one marked.
    listed = out[out.index("📝 4 phiếu gần nhất"):]
    rows = await services.db.fetchall("SELECT id FROM assists ORDER BY created_at DESC")
    assert [line.split(" · ")[0] for line in listed.splitlines()[1:5]] == [f"#{r['id']}" for r in rows]
    assert "· 17/11 09:00 · " in listed and "↩️ đã hoàn tác" in listed.splitlines()[1]
    install = services.library.get("vneid-install")
    assert install is not None
    assert f"· 16/11 00:30 · {install.title.vi} · 2 người · hộ ông Tư · Thôn Một · " \
           "người dân tự làm, có hướng dẫn" in listed
    assert f"(ví dụ /sua {rows[0]['id']})" in listed


async def test_me_lists_only_the_latest_ten_records(console: ConsoleChannel, world: World) -> None:
    for n in range(12):
        await log_at(console, world, NOW - timedelta(hours=12 - n), f"qr-pay 1 khách {n}")
    out = await console.say("/toi", user="an")
    assert "📝 10 phiếu gần nhất" in out and "#12 ·" in out and "#3 ·" in out and "#2 ·" not in out


async def test_team_counts_and_each_member(console: ConsoleChannel, services: Services, world: World) -> None:
    await log_at(console, world, NOW - timedelta(hours=1), "vneid-install 2")
    await log_at(console, world, NOW - timedelta(days=20), "vneid-install 4")
    await log_at(console, world, NOW - timedelta(hours=2), "qr-pay 1", user="binh")
    former = await add_person(services.db, "dung", "Phạm Dũng", team=world.mot)
    await log_at(console, world, NOW - timedelta(hours=3), "qr-pay 5", user="dung")
    await teams.leave_team(services.db, former.id)
    await log_at(console, world, NOW - timedelta(hours=1), "qr-pay 7", user="cuong")  # another team
    world.clock.now = NOW.astimezone(UTC)
    out = await console.say("/to", user="binh", name=NAMES["binh"])
    assert "📊 Số liệu của Tổ CNS thôn Một" in out
    assert "👥 Người được giúp: 8 · 8 · 12" in out
    assert "• Nguyễn Văn An: 2 · 2 · 6" in out and "• Trần Thị Bình: 1 · 1 · 1" in out
    assert "• Người đã rời tổ: 5 · 5 · 5" in out
    assert out.index("Nguyễn Văn An") < out.index("Trần Thị Bình")  # most helped first


async def test_residents_have_no_figures_and_new_members_an_invitation(console: ConsoleChannel,
                                                                      world: World) -> None:
    assert "dành cho thành viên tổ công nghệ số" in await console.say("/me", user="lan")
    assert "dành cho thành viên tổ công nghệ số" in await console.say("/team", user="lan")
    out = await console.say("/me", user="binh")
    assert "👥 Người được giúp: 0 · 0 · 0" in out and "Gõ /log để ghi" not in out and "Gõ /ghi" in out
