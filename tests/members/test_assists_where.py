"""Where an assist is counted: the member's village by default; a commune-level team picks one of its villages."""

from __future__ import annotations

import pytest
from members_world import BA, DINH_HUNG, DONG, HAI, World, add_person, build_world, scalar

from bot.channels.console import ConsoleChannel
from bot.core.engine import Services
from storage import assists, people, teams
from storage.people import Person


@pytest.fixture
async def world(services: Services) -> World:
    return await build_world(services)


@pytest.fixture
async def dao(services: Services, world: World) -> Person:
    """A member of the commune-level team of Định Hưng who has not said where she lives."""
    commune_team = await teams.create_team(services.db, "Tổ CNS xã Định Hưng", DINH_HUNG)
    return await add_person(services.db, "dao", "Đào Thị Hoa", team=commune_team)


async def test_commune_team_member_picks_the_village(console: ConsoleChannel, services: Services, dao: Person,
                                                     world: World) -> None:
    out = await console.say("/log vneid-install 2", user="dao")
    assert "Bạn đã giúp ở thôn nào?" in out
    assert {c.label for c in console.choices()} >= {"Thôn Một", "Thôn Hai", "Thôn Ba"}
    assert "Thôn Đồng" not in out  # another commune's village
    assert await scalar(services.db, "SELECT count(*) FROM assists") == 0
    out = await console.say("thon hai", user="dao")  # typed without diacritics; the exact-id line saves then
    assert "✅ Đã lưu" in out and "• Nơi: Thôn Hai" in out
    record = await assists.last_assist(services.db, dao.id)
    assert record is not None and (record.village_code, record.people_count) == (HAI, 2)
    out = await console.say("/ghi cài vneid cho ông Tư xóm 3", user="dao")  # "xóm 3" is Thôn Ba
    assert "• Nơi: Thôn Ba" in out
    out = await console.say("/ghi kích hoạt mức 2 cho bà Lan", user="dao")
    assert "Bạn còn một phiếu chưa lưu" in out
    out = await console.say("1", user="dao")  # saved; the line that waited named no village: asked first
    assert "✅ Đã lưu" in out and "Bạn đã giúp ở thôn nào?" in out
    out = await console.say("thôn 1", user="dao")
    assert "• Nơi: Thôn Một" in out and "• Tên: bà Lan" in out


async def test_commune_team_member_cannot_pick_another_communes_village(console: ConsoleChannel,
                                                                        services: Services, dao: Person) -> None:
    await console.say("/log vneid-install", user="dao")
    nonce = console.choices()[0].action.split(":")[2]
    out = await console.press(f"lg:v:{nonce}:{DONG}", user="dao")
    assert "chỉ ghi được lượt hỗ trợ trong địa bàn tổ của mình" in out
    out = await console.say("thôn đồng", user="dao")  # on the village step: not found in her commune
    assert "Mình không tìm thấy thôn «thôn đồng» trong địa bàn của tổ" in out
    assert await scalar(services.db, "SELECT count(*) FROM assists") == 0


async def test_a_members_own_village_is_the_default(console: ConsoleChannel, services: Services,
                                                    dao: Person) -> None:
    await people.set_village(services.db, dao.id, BA)
    out = await console.say("/log qr-pay", user="dao")
    assert "Đã lưu" in out and "• Nơi: Thôn Ba" in out
    record = await assists.last_assist(services.db, dao.id)
    assert record is not None and record.village_code == BA


async def test_typed_text_leaves_a_form_that_was_left(console: ConsoleChannel, services: Services,
                                                      world: World) -> None:
    await console.say("/log", user="an")
    await console.say("cài vneid", user="an")
    await console.say("0", user="an")  # the main menu instead of the number of people
    out = await console.say("thanh toán qr", user="an")
    assert "Tên người được giúp" not in out and "Bạn đã giúp" not in out
    await console.say("/log", user="an")
    await console.say("cài vneid", user="an")
    world.clock.advance(minutes=31)
    out = await console.say("2", user="an")
    assert "Tên người được giúp" not in out
    assert await scalar(services.db, "SELECT count(*) FROM assists") == 0
