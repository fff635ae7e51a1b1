"""Joining the way people do it: "thamgia CODE" without the slash, a code pasted alone, the invitation pasted;
the welcome then shows how to log."""

from __future__ import annotations

import pytest
from members_world import World, build_world

from bot.channels.console import ConsoleChannel
from bot.core.engine import Services
from bot.members.teams.invites import create
from storage import people, teams


@pytest.fixture
async def world(services: Services) -> World:
    return await build_world(services)


async def code_for(services: Services, world: World, uses: int = 5) -> str:
    code, _ = await create(services.db, world.mot, "cli", world.clock(), uses=uses)
    return code


async def team_of(services: Services, user: str) -> int | None:
    who = await people.find_person(services.db, "console", user)
    team = await teams.active_team(services.db, who.id) if who else None
    return team.id if team else None


async def test_thamgia_without_the_slash_joins_and_the_welcome_shows_how_to_log(
        console: ConsoleChannel, services: Services, world: World) -> None:
    code = await code_for(services, world)
    out = await console.say(f"thamgia {code}", user="tu", name="Anh Tú")
    assert "🎉 Chào mừng bạn vào «Tổ CNS thôn Một»" in out
    assert "/ghi cài vneid cho bà Lan, hộ ông Ba" in out and "/toi" in out and "/help" in out
    assert await team_of(services, "tu") == world.mot.id
    out = await console.say(f"Tham gia {code.lower()}", user="tam")
    assert "Chào mừng" in out and await team_of(services, "tam") == world.mot.id


async def test_a_code_pasted_alone_or_inside_the_invitation_joins(console: ConsoleChannel, services: Services,
                                                                  world: World) -> None:
    code = await code_for(services, world)
    assert "Chào mừng" in await console.say(f"  {code}  ", user="a1")
    assert "Chào mừng" in await console.say(f"thamgia {code.replace('-', ' ').lower()}", user="a2")
    invitation = f"Mời bạn vào Tổ CNS thôn Một trên Trợ lý Tổ công nghệ số. Bạn gõ: /thamgia {code}"
    assert "Chào mừng" in await console.say(invitation, user="a3")
    assert [await team_of(services, u) for u in ("a1", "a2", "a3")] == [world.mot.id] * 3
    out = await console.say("thamgia", user="a4")
    assert "Bạn gõ mã mời do cán bộ xã gửi" in out
    assert "Chào mừng" in await console.say(code, user="a4")


async def test_ordinary_messages_are_not_taken_for_codes(console: ConsoleChannel, services: Services,
                                                        world: World) -> None:
    await code_for(services, world)
    for text in ("cài vneid", "DICHVUCO", "xong chua", "thanh toán"):
        out = await console.say(text, user="lan")
        assert "Mã mời" not in out and "Chào mừng" not in out, text
    out = await console.say("ABCD-EFGH", user="lan")  # shaped like a code, but no such code
    assert "Mã mời này không đúng" in out
    assert await team_of(services, "lan") is None
