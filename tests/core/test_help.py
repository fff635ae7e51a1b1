"""/help fits the person; mistyped commands are answered with the nearest one, which one tap runs."""

from __future__ import annotations

import pytest
from members_world import DINH_HUNG, World, add_person, build_world

from bot.app import HELP_LINES
from bot.channels.console import ConsoleChannel
from bot.core.engine import Engine, Services
from bot.core.help import HelpLine, feature
from storage import assists, teams

RESIDENT, MEMBER, COORDINATOR, ADMIN = "/thamgia MÃ", "/ghi …", "/baocao", "/capquyen"


@pytest.fixture
async def world(services: Services) -> World:
    built = await build_world(services)
    coordinator = await add_person(services.db, "xa", "Cán bộ xã")
    await teams.grant_coordinator(services.db, coordinator.id, DINH_HUNG, "test")
    return built


async def test_each_person_sees_the_lines_of_their_roles(console: ConsoleChannel, world: World) -> None:
    resident = await console.say("/help", user="lan")
    assert RESIDENT in resident and "/menu" in resident and "Gõ câu hỏi" in resident
    assert MEMBER not in resident and COORDINATOR not in resident and ADMIN not in resident
    member = await console.say("/help", user="an")
    assert "🧑‍💻 Thành viên tổ công nghệ số" in member and MEMBER in member and "/toi —" in member
    assert "/hoantac SỐ" in member and COORDINATOR not in member
    coordinator = await console.say("/trogiup", user="xa")
    assert "🏛️ Cán bộ điều phối xã, tỉnh" in coordinator and COORDINATOR in coordinator
    assert "/thongbao" in coordinator and "/taoto" in coordinator and MEMBER not in coordinator
    assert ADMIN not in coordinator
    admin = await console.say("/help", user="admin")
    assert ADMIN in admin and COORDINATOR in admin and "🔧 Quản trị hệ thống" in admin


def test_every_command_in_help_is_one_the_engine_knows(engine: Engine) -> None:
    named = {line.command.split()[0].lstrip("/") for line in HELP_LINES if line.command}
    assert named <= set(engine.commands), named - set(engine.commands)
    assert {line.role for line in HELP_LINES} == {"resident", "member", "coordinator", "admin"}


def test_lines_for_an_unknown_role_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown roles"):
        feature([HelpLine("volunteer", "/x", "x")])


async def test_a_mistyped_command_is_offered_and_one_tap_runs_it(console: ConsoleChannel, services: Services,
                                                                world: World) -> None:
    out = await console.say("/gi cài vneid cho bà Lan", user="an")
    assert "Em chưa hiểu lệnh /gi. Có phải anh/chị muốn /ghi?" in out
    assert [c.label for c in console.choices()] == ["✅ /ghi …"]
    out = await console.say("1", user="an")  # the arguments typed with the wrong name are kept
    assert "Mình hiểu là" in out and "• Tên: bà Lan" in out
    await console.say("1", user="an")
    out = await console.say("/hoantc", user="an")
    assert "muốn /hoantac?" in out
    out = await console.say("/hoan tac", user="an")  # a space inside the name
    record = await assists.last_assist(services.db, world.an.id)
    assert record is not None and f"Hoàn tác phiếu #{record.id}?" in out
    out = await console.say("/xyzzy", user="an")
    assert "Em chưa hiểu lệnh /xyzzy. Anh/chị gõ /help để xem các lệnh" in out
    out = await console.press("dym", user="an")  # the suggestion was used up: the menu, never an error
    assert "cần hướng dẫn về việc gì?" in out
