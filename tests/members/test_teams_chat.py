"""Transcripts: creating teams, who may invite, leaving and removing members."""

from __future__ import annotations

import re

import pytest

from bot.areas.lookup import area_norm
from bot.areas.seed import seed
from bot.channels.console import ConsoleChannel
from bot.core.engine import Services
from storage import areas, people, teams
from storage.people import Person
from storage.teams import Team

_CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}")


@pytest.fixture
async def seeded(services: Services) -> Services:
    await seed(services.db)
    for commune_code, names in (("00070", ("Tổ dân phố 1", "Tổ dân phố 2")), ("00004", ("Thôn Ngoài",))):
        commune = await areas.get_area(services.db, commune_code)
        assert commune is not None
        for name in names:
            await areas.add_village(services.db, commune, name, area_norm(name))
    return services


async def person(services: Services, console: ConsoleChannel, user: str) -> Person:
    found = await people.find_person(services.db, "console", user)
    if found is None:
        await console.say("xin chào", user=user, name=user.replace("_", " ").title())
        found = await people.find_person(services.db, "console", user)
    assert found is not None
    return found


async def coordinator(services: Services, console: ConsoleChannel, user: str, area: str) -> Person:
    who = await person(services, console, user)
    await teams.grant_coordinator(services.db, who.id, area, "test")
    return who


async def join(console: ConsoleChannel, team: Team, user: str) -> None:
    out = await console.press(f"tm:iv:{team.id}:1", user="admin")
    code = _CODE.findall(out)[0]
    assert "Chào mừng" in await console.say(f"/join {code}", user=user, name=user.title())


async def test_admin_creates_a_team_by_typing_a_place_and_using_the_suggested_name(
    console: ConsoleChannel, seeded: Services
) -> None:
    out = await console.say("/taoto", user="admin")
    assert "Tổ mới thuộc thôn (hoặc xã) nào? Bạn gõ tên thôn hoặc xã" in out
    out = await console.say("hoan kiem", user="admin")
    assert "Tổ ở Phường Hoàn Kiếm, Thành phố Hà Nội. Bạn gõ tên tổ, hoặc bấm nút" in out
    assert console.choices()[0].label == "✅ Dùng tên «Tổ công nghệ số Phường Hoàn Kiếm»"
    out = await console.say("1", user="admin")
    assert "✅ Đã lập «Tổ công nghệ số Phường Hoàn Kiếm» (số 1) ở Phường Hoàn Kiếm, Thành phố Hà Nội." in out
    assert [c.action for c in console.choices()][:2] == ["tm:iv:1:1", "tm:iv:1:10"]
    assert await teams.teams_in_area(seeded.db, "00070") == [Team(1, "Tổ công nghệ số Phường Hoàn Kiếm", "00070")]
    out = await console.say("/newteam 01", user="admin")
    assert "không lập theo tỉnh" in out
    out = await console.say("/newteam ba dinh", user="admin")
    assert "Có nhiều nơi tên giống «ba dinh»." in out and "3. Phường Ba Đình, Thành phố Hà Nội" in out
    assert [c.action for c in console.choices()][-2:] == ["tm:na:00004", "m"]


async def test_commune_coordinator_picks_a_village_of_their_commune(
    console: ConsoleChannel, seeded: Services
) -> None:
    await coordinator(seeded, console, "can_bo", "00070")
    out = await console.say("/newteam", user="can_bo")
    assert "Tổ mới thuộc thôn (hoặc xã) nào? Bạn chọn bên dưới" in out
    assert [c.action for c in console.choices()] == ["tm:na:00070-001", "tm:na:00070-002", "tm:na:00070", "m"]
    await console.say("2", user="can_bo")
    out = await console.say("Tổ CNS Tổ dân phố 2", user="can_bo")
    assert "✅ Đã lập «Tổ CNS Tổ dân phố 2» (số 1) ở Tổ dân phố 2, Phường Hoàn Kiếm, Thành phố Hà Nội." in out
    out = await console.say("/taoto 00070-001 Tổ Một", user="can_bo")
    assert "✅ Đã lập «Tổ Một» (số 2)" in out


async def test_a_coordinator_cannot_create_a_team_or_an_invite_outside_their_area(
    console: ConsoleChannel, seeded: Services
) -> None:
    await coordinator(seeded, console, "can_bo", "00070")
    outside = await teams.create_team(seeded.db, "Tổ Ba Đình", "00004-001")
    for command in ("/newteam 00004-001 Tổ Lạ", "/newteam thon ngoai"):
        out = await console.say(command, user="can_bo")
        assert "«Thôn Ngoài» vì nơi này nằm ngoài địa bàn bạn phụ trách" in out
    assert "nằm ngoài địa bàn" in await console.press("tm:nd:00004", user="can_bo")
    assert await teams.teams_in_area(seeded.db, "00004-001") == [outside]
    out = await console.say(f"/moi {outside.id}", user="can_bo")
    assert f"Mình không tìm thấy tổ «{outside.id}» trong địa bàn của bạn." in out
    out = await console.press(f"tm:iv:{outside.id}:1", user="can_bo")
    assert "«Thôn Ngoài» vì nơi này nằm ngoài địa bàn" in out
    assert await seeded.db.fetchall("SELECT * FROM invites") == []
    assert "chưa có tổ nào" in await console.say("/moi", user="can_bo")


async def test_members_and_residents_cannot_create_teams_or_invites_and_admins_can(
    console: ConsoleChannel, seeded: Services
) -> None:
    tt = await teams.create_team(seeded.db, "Tổ Tràng Tiền", "00070-001")
    await join(console, tt, "tu")
    for user in ("tu", "lan"):
        for command in ("/moi", f"/invite {tt.id}", "/taoto hoan kiem", "/loaibo"):
            assert "dành cho cán bộ điều phối" in await console.say(command, user=user)
        assert "dành cho cán bộ điều phối" in await console.press(f"tm:iv:{tt.id}:10", user=user)
    assert (await seeded.db.fetchone("SELECT count(*) FROM invites"))[0] == 1  # type: ignore[index]
    out = await console.say(f"/moi {tt.id}", user="admin")
    assert "🔑 Mã mời vào «Tổ Tràng Tiền»" in out


async def test_a_coordinator_with_several_teams_picks_one_by_button_number_or_name(
    console: ConsoleChannel, seeded: Services
) -> None:
    await coordinator(seeded, console, "can_bo", "00070")
    one = await teams.create_team(seeded.db, "Tổ Một", "00070-001")
    two = await teams.create_team(seeded.db, "Tổ Hai", "00070-002")
    out = await console.say("/moi", user="can_bo")
    assert "Bạn tạo mã mời cho tổ nào?" in out
    assert [c.action for c in console.choices()] == [f"tm:iv:{one.id}:1", f"tm:iv:{two.id}:1", "m"]
    assert console.choices()[0].label == f"Tổ Một — Tổ dân phố 1 (tổ số {one.id})"
    assert "«Tổ Hai»" in await console.say("2", user="can_bo")
    assert "«Tổ Một»" in await console.say(f"/moi #{one.id}", user="can_bo")
    assert "«Tổ Hai»" in await console.say("/moi to hai", user="can_bo")  # a name, without diacritics


async def test_a_member_leaves_after_confirming(console: ConsoleChannel, seeded: Services) -> None:
    tt = await teams.create_team(seeded.db, "Tổ Tràng Tiền", "00070-001")
    await join(console, tt, "tu")
    out = await console.say("/roito", user="tu")
    assert "Bạn có chắc muốn rời «Tổ Tràng Tiền» không?" in out
    assert "Bạn vẫn ở trong tổ." in await console.say("2", user="tu")
    await console.say("/leave", user="tu")
    assert "Bạn đã rời «Tổ Tràng Tiền». Cảm ơn bạn đã giúp bà con!" in await console.say("1", user="tu")
    tu = await people.find_person(seeded.db, "console", "tu")
    assert tu is not None and tu.role == "resident" and await teams.active_team(seeded.db, tu.id) is None
    assert "Bạn chưa ở trong tổ nào." in await console.say("/roito", user="tu")
    assert "Bạn chưa ở trong tổ nào." in await console.press(f"tm:lv:{tt.id}", user="tu")  # an old button


async def test_a_coordinator_removes_a_member_who_is_told(console: ConsoleChannel, seeded: Services) -> None:
    can_bo = await coordinator(seeded, console, "can_bo", "00070")
    tt = await teams.create_team(seeded.db, "Tổ Tràng Tiền", "00070-001")
    await join(console, tt, "tu")
    await join(console, tt, "ba")
    out = await console.say("/loaibo", user="can_bo")
    assert "Thành viên của «Tổ Tràng Tiền». Bạn chọn người cần đưa ra khỏi tổ:" in out
    assert [c.label for c in console.choices()] == ["Tu", "Ba", "📋 Danh mục"]
    out = await console.say("2", user="can_bo")
    assert "Đưa Ba ra khỏi «Tổ Tràng Tiền»? Các ghi chép của người này vẫn được giữ." in out
    assert "Đã thôi, không thay đổi gì." in await console.say("2", user="can_bo")
    await console.say("/remove", user="can_bo")
    await console.say("2", user="can_bo")
    assert "Đã đưa Ba ra khỏi «Tổ Tràng Tiền»." in await console.say("1", user="can_bo")
    assert console.outbox["ba"] == [
        "Bạn không còn là thành viên của «Tổ Tràng Tiền». Nếu có nhầm lẫn, bạn liên hệ cán bộ xã nhé."]
    assert [p.user_id for p in await teams.team_members(seeded.db, tt.id)] == ["tu"]
    row = await seeded.db.fetchone("SELECT removed_by FROM team_members WHERE left_at IS NOT NULL")
    assert row is not None and row[0] == can_bo.id
    ba = await people.find_person(seeded.db, "console", "ba")
    assert ba is not None
    assert "Người này không còn trong tổ." in await console.press(f"tm:ry:{tt.id}:{ba.id}", user="can_bo")


async def test_a_coordinator_cannot_remove_members_of_a_team_outside_their_area(
    console: ConsoleChannel, seeded: Services
) -> None:
    await coordinator(seeded, console, "can_bo", "00004")
    tt = await teams.create_team(seeded.db, "Tổ Tràng Tiền", "00070-001")
    await join(console, tt, "tu")
    tu = await people.find_person(seeded.db, "console", "tu")
    assert tu is not None
    for action in (f"tm:rm:{tt.id}", f"tm:rx:{tt.id}:{tu.id}", f"tm:ry:{tt.id}:{tu.id}"):
        assert "nằm ngoài địa bàn bạn phụ trách" in await console.press(action, user="can_bo")
    assert await teams.active_team(seeded.db, tu.id) == tt
    assert "Nút này đã cũ" in await console.press("tm:rm:999", user="can_bo")
