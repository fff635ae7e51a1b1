"""/undo and /edit: within 24 hours, by the member who logged or a coordinator of the area, with history."""

from __future__ import annotations

import pytest
from members_world import DINH_HUNG, World, add_person, build_world, scalar

from bot.channels.console import ConsoleChannel
from bot.core.engine import Services
from storage import assists, teams
from storage.assists import Assist


@pytest.fixture
async def world(services: Services) -> World:
    return await build_world(services)


async def logged(console: ConsoleChannel, services: Services, world: World, line: str = "vneid-install 1 bà Lan",
                 user: str = "an") -> Assist:
    await console.say(f"/log {line}", user=user)
    record = await assists.last_assist(services.db, world.an.id if user == "an" else world.binh.id)
    assert record is not None
    return record


async def test_undo_my_last_record_after_asking(console: ConsoleChannel, services: Services, world: World) -> None:
    first = await logged(console, services, world, "vneid-install 1 ông Tư")
    second = await logged(console, services, world)
    out = await console.say("/hoantac", user="an")
    assert f"Hoàn tác phiếu #{second.id}?" in out
    out = await console.press(f"le:undo:{second.id}", user="an")
    assert f"Đã hoàn tác phiếu #{second.id}" in out
    undone = await assists.get_assist(services.db, second.id)
    assert undone is not None and undone.undone_at is not None
    out = await console.press(f"le:undo:{second.id}", user="an")
    assert "đã được hoàn tác trước đó" in out
    out = await console.say("/undo", user="an")  # the last live record is now the first one
    assert f"Hoàn tác phiếu #{first.id}?" in out
    history = await assists.edit_history(services.db, second.id)
    assert [(editor, change.field) for editor, _, change in history] == [(world.an.id, "undone_at")]


async def test_undo_and_edit_close_after_24_hours(console: ConsoleChannel, services: Services, world: World) -> None:
    record = await logged(console, services, world)
    world.clock.advance(hours=23, minutes=59)
    out = await console.say(f"/sua {record.id}", user="an")
    assert f"Sửa phiếu #{record.id}" in out
    world.clock.advance(minutes=2)
    for attempt in (f"/sua {record.id}", "/undo"):
        out = await console.say(attempt, user="an")
        assert f"Phiếu #{record.id} đã quá 24 giờ" in out
    out = await console.press(f"le:ev:{record.id}:count:4", user="an")
    assert "đã quá 24 giờ" in out
    out = await console.press(f"le:undo:{record.id}", user="an")
    assert "đã quá 24 giờ" in out
    still = await assists.get_assist(services.db, record.id)
    assert still is not None and still.undone_at is None and still.people_count == 1


async def test_only_the_logger_or_a_coordinator_of_the_area_may_change(
    console: ConsoleChannel, services: Services, world: World
) -> None:
    record = await logged(console, services, world)
    for user in ("binh", "cuong", "lan"):  # same team, other team, a resident
        out = await console.press(f"le:undo:{record.id}", user=user)
        assert "do người khác ghi" in out
        out = await console.say(f"/sua {record.id}", user=user)
        assert "do người khác ghi" in out
    other_commune = await add_person(services.db, "yen", "Cán bộ Yên Thái")
    await teams.grant_coordinator(services.db, other_commune.id, "98002", "cli")
    out = await console.press(f"le:undo:{record.id}", user="yen")
    assert "do người khác ghi" in out
    coordinator = await add_person(services.db, "hung", "Cán bộ Định Hưng")
    await teams.grant_coordinator(services.db, coordinator.id, DINH_HUNG, "cli")
    out = await console.press(f"le:ev:{record.id}:count:2", user="hung")
    assert "Số người: 1 → 2" in out
    out = await console.press(f"le:undo:{record.id}", user="hung")
    assert f"Đã hoàn tác phiếu #{record.id}" in out
    history = await assists.edit_history(services.db, record.id)
    assert [(editor, c.field, c.old, c.new) for editor, _, c in history] == [
        (coordinator.id, "people_count", "1", "2"), (coordinator.id, "undone_at", None, history[1][2].new)]


async def test_edit_fields_keep_a_history(console: ConsoleChannel, services: Services, world: World) -> None:
    record = await logged(console, services, world)
    out = await console.say("/sua", user="an")  # my last record
    assert f"Sửa phiếu #{record.id}" in out
    await console.press(f"le:ef:{record.id}:count", user="an")
    out = await console.say("3", user="an")
    assert f"Đã sửa phiếu #{record.id}: Số người: 1 → 3" in out
    await console.press(f"le:ef:{record.id}:household", user="an")
    out = await console.say("Nhà bà Lan - xóm 3", user="an")
    assert "Hộ: — → Nhà bà Lan - xóm 3" in out
    await console.press(f"le:ef:{record.id}:names", user="an")
    out = await console.say("bà Lan 0912 345 678", user="an")
    assert "Mình đã che bớt các chữ số dài" in out
    await console.press(f"le:ef:{record.id}:skill", user="an")
    out = await console.say("kích hoạt định danh mức 2", user="an")
    assert "Chọn việc đúng" in out
    out = await console.press(f"le:ev:{record.id}:guide:vneid-level2", user="an")
    assert "Việc đã giúp:" in out
    out = await console.press(f"le:ev:{record.id}:guide:vneid-level2", user="an")
    assert "không có gì thay đổi" in out
    edited = await assists.get_assist(services.db, record.id)
    assert edited is not None
    assert (edited.people_count, edited.household_norm, edited.guide_id, edited.skill_group) == (
        3, "ba lan xom 3", "vneid-level2", "identity")
    assert "0912" not in edited.names and edited.updated_at is not None
    fields = [c.field for _, _, c in await assists.edit_history(services.db, record.id)]
    assert fields == ["people_count", "household", "household_norm", "names", "guide_id"]  # same group
    assert await scalar(services.db, "SELECT count(DISTINCT editor_id) FROM assist_edits") == 1
