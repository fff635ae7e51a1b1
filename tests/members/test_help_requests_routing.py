"""A resident's request reaches the village team, else the commune's team, else the commune's coordinators."""

from __future__ import annotations

import re

import pytest
from members_world import BINH_AN, DINH_HUNG, HAI, KHE, PROVINCE, World, add_person, build_world, scalar

from bot.channels.console import ConsoleChannel
from bot.core.engine import Services
from storage import people, teams


@pytest.fixture
async def world(services: Services) -> World:
    return await build_world(services)


async def ask(console: ConsoleChannel, user: str = "lan", name: str = "Bà Lan", step: int = 3) -> str:
    return await console.press(f"h:vneid-install:{step}", user=user, name=name)


async def test_village_team_gets_guide_step_and_name_but_no_phone(console: ConsoleChannel, services: Services,
                                                                  world: World) -> None:
    out = await ask(console)
    assert "Em đã ghi lại yêu cầu số 1" in out
    guide = services.library.get("vneid-install")
    assert guide is not None
    for member in ("an", "binh"):
        [alert] = console.outbox[member]
        assert "🆘 Yêu cầu hỗ trợ #1" in alert and "Bà Lan (Thôn Một)" in alert
        assert f"«{guide.title.vi}»" in alert and f"Đang kẹt ở bước 3/{len(guide.steps)}:" in alert
        assert "Nhận việc" in alert and not re.search(r"\d{9,}", alert)
    assert console.outbox["cuong"] == []  # another village's team
    # Asking again does not alert the team twice.
    out = await ask(console)
    assert "đang chờ tổ công nghệ số nhận" in out
    assert len(console.outbox["an"]) == 1


async def test_no_team_in_the_village_goes_to_the_commune_team(console: ConsoleChannel, services: Services,
                                                                world: World) -> None:
    commune_team = await teams.create_team(services.db, "Tổ CNS xã Định Hưng", DINH_HUNG)
    await add_person(services.db, "dao", "Đào Thị Hoa", HAI, commune_team)
    await add_person(services.db, "tu", "Ông Tư", HAI)
    await ask(console, user="tu", name="Ông Tư")
    assert "Ông Tư (Thôn Hai)" in console.outbox["dao"][0]
    assert console.outbox["an"] == [] and console.outbox["binh"] == []


async def test_no_team_in_the_commune_goes_to_its_coordinators(console: ConsoleChannel, services: Services,
                                                               world: World) -> None:
    await add_person(services.db, "khe", "Chị Mai", KHE)
    province = await add_person(services.db, "tinh", "Cán bộ tỉnh")
    await teams.grant_coordinator(services.db, province.id, PROVINCE, "cli")
    await ask(console, user="khe", name="Chị Mai")
    assert "Chị Mai (Thôn Khe)" in console.outbox["tinh"][0]  # the commune has none: its province
    coordinator = await add_person(services.db, "binhan", "Cán bộ Bình An")
    await teams.grant_coordinator(services.db, coordinator.id, BINH_AN, "cli")
    await console.press("h:qr-pay:1", user="khe", name="Chị Mai")
    assert "#2" in console.outbox["binhan"][0] and len(console.outbox["tinh"]) == 1


async def test_resident_without_a_village_is_asked_to_set_it(console: ConsoleChannel, services: Services,
                                                             world: World) -> None:
    out = await ask(console, user="moi", name="Người mới")
    assert "Em đã ghi lại yêu cầu số 1" in out and "ở thôn (xóm, ấp) nào" in out
    assert not any(console.outbox.values())
    assert await scalar(services.db, "SELECT count(*) FROM help_requests WHERE status = 'open'") == 1
    # Once they set their village, asking again sends the same request to that village's team.
    person = await people.find_person(services.db, "console", "moi")
    assert person is not None
    await people.set_village(services.db, person.id, world.mot.area_code)
    await ask(console, user="moi", name="Người mới")
    assert "🆘 Yêu cầu hỗ trợ #1" in console.outbox["an"][0]


async def test_nobody_to_tell_keeps_the_request(console: ConsoleChannel, services: Services, world: World) -> None:
    await add_person(services.db, "khe", "Chị Mai", KHE)
    out = await ask(console, user="khe", name="Chị Mai")
    assert "chưa có ai nhận yêu cầu trên hệ thống" in out
    assert await scalar(services.db, "SELECT count(*) FROM help_requests") == 1


async def test_the_village_is_asked_in_the_same_conversation(console: ConsoleChannel, services: Services,
                                                             world: World) -> None:
    out = await ask(console, user="moi", name="Người mới")
    assert "ở thôn (xóm, ấp) nào" in out
    out = await console.say("thon mot", user="moi", name="Người mới")  # typed without diacritics
    assert "Em đã ghi nơi ở: Thôn Một" in out and "tổ công nghệ số Thôn Một (2 người)" in out
    assert "🆘 Yêu cầu hỗ trợ #1" in console.outbox["an"][0]


async def test_a_request_waiting_for_the_village_goes_out_when_thon_is_set_later(
        console: ConsoleChannel, services: Services, world: World) -> None:
    coordinator = await add_person(services.db, "hung", "Cán bộ Định Hưng")
    await teams.grant_coordinator(services.db, coordinator.id, DINH_HUNG, "cli")
    await ask(console, user="moi", name="Người mới")
    out = await console.say("cài vneid thế nào", user="moi", name="Người mới")  # moved on: not a place
    assert "Yêu cầu số 1 vẫn được giữ" in out and "VNeID" in out
    assert not any(console.outbox.values())
    out = await console.say("/thon Thôn Hai", user="moi", name="Người mới")  # a village without a team
    assert "Đã lưu nơi ở" in out and "cán bộ phụ trách chuyển đổi số (1 người)" in out
    assert "🆘 Yêu cầu hỗ trợ #1" in console.outbox["hung"][0] and "Người mới (Thôn Hai)" in console.outbox["hung"][0]
