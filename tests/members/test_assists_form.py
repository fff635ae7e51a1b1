"""/log by buttons and in one line, saved exactly once, only by members, only in their own area."""

from __future__ import annotations

import pytest
from members_world import DONG, World, build_world, scalar

from bot.channels.console import ConsoleChannel
from bot.core.engine import Engine, Services
from bot.core.messages import Incoming, Kind
from storage import assists


@pytest.fixture
async def world(services: Services) -> World:
    return await build_world(services)


def action(console: ConsoleChannel, starts: str) -> str:
    """The action of the last reply's choice whose action starts with STARTS."""
    return next(c.action for c in console.choices() if c.action.startswith(starts))


async def test_guided_form_by_buttons_saves_one_record(console: ConsoleChannel, services: Services,
                                                       world: World) -> None:
    out = await console.say("/ghi", user="an", name="Nguyễn Văn An")
    assert "Bạn đã giúp người dân việc gì?" in out
    assert "📂 🪪 VNeID và giấy tờ điện tử" in out and "✏️ Việc khác" in out
    out = await console.press(action(console, "lg:cat:"), user="an")  # the first category: VNeID
    assert "Bạn chọn việc đã giúp" in out
    out = await console.press(action(console, "lg:sk:").rsplit(":", 1)[0] + ":vneid-level2", user="an")
    assert "Bạn đã giúp bao nhiêu người? Gõ một số" in out  # no numbered list: digits mean the count
    out = await console.say("12", user="an")
    assert "Tên người được giúp" in out
    out = await console.press(action(console, "lg:x:").replace(":x:", ":cnt:") + ":1", user="an")  # a button
    assert "Tên người được giúp" in out
    out = await console.say("bà Lan", user="an")
    assert "Hộ gia đình (không bắt buộc)" in out
    out = await console.say("Hộ bà Lan, xóm 3", user="an")
    assert "Người dân tự làm (bạn hướng dẫn) hay bạn làm hộ?" in out
    out = await console.press(action(console, "lg:mode:").rsplit(":", 1)[0] + ":f", user="an")
    assert "Ghi chú thêm" in out
    out = await console.press(action(console, "lg:skip:"), user="an")
    assert "Bạn kiểm tra lại rồi bấm Lưu" in out
    level2 = services.library.get("vneid-level2")
    assert level2 is not None and f"• Việc: {level2.title.vi}" in out
    assert "• Số người: 1" in out and "• Tên: bà Lan" in out and "• Hộ: Hộ bà Lan, xóm 3" in out
    assert "• Cách làm: làm hộ" in out and "• Nơi: Thôn Một" in out
    save = action(console, "lg:save:")
    out = await console.press(save, user="an")
    record = await assists.last_assist(services.db, world.an.id)
    assert record is not None
    assert f"✅ Đã lưu, số phiếu #{record.id}." in out
    assert (record.guide_id, record.skill_group, record.people_count, record.mode) == (
        "vneid-level2", "identity", 1, "for_them")
    assert (record.village_code, record.team_id, record.household_norm) == (world.mot.area_code, world.mot.id,
                                                                             "ba lan xom 3")
    # Pressing Save again (a new update with the same form) answers with the same number.
    out = await console.press(save, user="an")
    assert f"đã được lưu rồi, số phiếu #{record.id}" in out
    assert await scalar(services.db, "SELECT count(*) FROM assists") == 1


async def test_other_skill_asks_its_reporting_group(console: ConsoleChannel, services: Services,
                                                    world: World) -> None:
    await console.say("/log", user="an")
    await console.press(action(console, "lg:oth:"), user="an")
    out = await console.say("cài ứng dụng Agribank", user="an")
    assert "thuộc nhóm kỹ năng nào?" in out and "Thanh toán trực tuyến" in out
    await console.press(action(console, "lg:grp:").rsplit(":", 1)[0] + ":online_payment", user="an")
    for answer in ("3", "bỏ qua", "bỏ qua"):  # count, names, household
        await console.say(answer, user="an")
    await console.press(action(console, "lg:mode:"), user="an")  # resident did it
    out = await console.say("bỏ qua", user="an")  # note
    assert "• Việc: cài ứng dụng Agribank" in out and "• Nhóm kỹ năng: Thanh toán trực tuyến" in out
    await console.press(action(console, "lg:save:"), user="an")
    record = await assists.last_assist(services.db, world.an.id)
    assert record is not None
    assert (record.guide_id, record.other_skill, record.skill_group, record.people_count, record.mode) == (
        None, "cài ứng dụng Agribank", "online_payment", 3, "self")


async def test_one_line_with_a_guide_id_saves_at_once(console: ConsoleChannel, services: Services,
                                                      world: World) -> None:
    out = await console.say("/log vneid-level2 2 bà Lan, ông Tư", user="an")
    record = await assists.last_assist(services.db, world.an.id)
    assert record is not None
    assert f"✅ Đã lưu, số phiếu #{record.id}." in out and "🔁 Sửa thành: làm hộ" in out
    assert (record.guide_id, record.people_count, record.names, record.mode) == (
        "vneid-level2", 2, "bà Lan, ông Tư", "self")
    assert record.source is not None and record.source.startswith("msg:console:")
    out = await console.press(action(console, "le:ev:"), user="an")  # one tap: it was done for them
    assert "Cách làm: người dân tự làm, có hướng dẫn → làm hộ" in out
    fixed = await assists.get_assist(services.db, record.id)
    assert fixed is not None and fixed.mode == "for_them"


async def test_one_line_free_words_confident_needs_one_tap(console: ConsoleChannel, services: Services,
                                                           world: World) -> None:
    out = await console.say("/ghi cài vneid cho bà Lan", user="an")
    assert "Mình hiểu là:" in out and "• Tên: bà Lan" in out and "• Số người: 1" in out
    assert await scalar(services.db, "SELECT count(*) FROM assists") == 0
    await console.press(action(console, "lg:save:").rsplit(":", 1)[0] + ":f", user="an")
    record = await assists.last_assist(services.db, world.an.id)
    assert record is not None and record.guide_id == "vneid-install" and record.mode == "for_them"
    assert record.names == "bà Lan"


async def test_one_line_free_words_unsure_offers_the_top_three(console: ConsoleChannel, world: World) -> None:
    out = await console.say("/ghi dịch vụ công cho 3 người", user="an")
    assert "Bạn đã giúp việc nào trong các việc này?" in out
    guesses = [c.action for c in console.choices() if c.action.startswith("lg:sk:")]
    assert 2 <= len(guesses) <= 3 and any(g.endswith(":dvc-login") for g in guesses)
    out = await console.press(next(g for g in guesses if g.endswith(":dvc-login")), user="an")
    assert "• Số người: 3" in out and "Lưu — người dân tự làm" in out


async def test_redelivered_update_creates_one_record(engine: Engine, services: Services, world: World) -> None:
    incoming = Incoming(channel="console", user_id="an", chat_id="an", display_name="An",
                        text="/log vneid-install 1 ông Tư", kind=Kind.TEXT, message_id="update-77")
    first = await engine.handle(incoming)
    again = await engine.handle(incoming)
    assert first and "Đã lưu" in first[0].text and again == []
    assert await scalar(services.db, "SELECT count(*) FROM assists") == 1


async def test_residents_cannot_log(console: ConsoleChannel, services: Services, world: World) -> None:
    out = await console.say("/log vneid-install", user="lan")
    assert "dành cho thành viên tổ công nghệ số" in out
    out = await console.press("lg:save:abcd1234:s", user="lan")
    assert "dành cho thành viên tổ công nghệ số" in out
    assert await scalar(services.db, "SELECT count(*) FROM assists") == 0


async def test_member_cannot_log_in_another_teams_village(console: ConsoleChannel, services: Services,
                                                         world: World) -> None:
    await console.say("/ghi cài vneid", user="an")
    save = action(console, "lg:save:")
    nonce = save.split(":")[2]
    out = await console.press(f"lg:v:{nonce}:{DONG}", user="an")  # forged button for Thôn Đồng
    assert "chỉ ghi được lượt hỗ trợ trong địa bàn tổ của mình" in out
    await console.press(save, user="an")
    rows = await services.db.fetchall("SELECT village_code FROM assists")
    assert [r["village_code"] for r in rows] == [world.mot.area_code]


async def test_phone_numbers_are_masked_and_id_numbers_refused(console: ConsoleChannel, services: Services,
                                                               world: World) -> None:
    out = await console.say("/log vneid-install 1 bà Lan 0912345678", user="an")
    assert "Mình đã che bớt các chữ số dài" in out
    record = await assists.last_assist(services.db, world.an.id)
    assert record is not None and "0912345678" not in record.names and record.names.endswith("678")
    out = await console.say("/log vneid-install 1 bà Lan 001234567890", user="an")
    assert "số căn cước" in out
    await console.say("/log", user="an")
    await console.say("cài vneid", user="an")  # the skill, found by the guide search
    await console.say("1", user="an")
    await console.say("ông Tư", user="an")
    out = await console.say("nhà ông Tư, sđt 0987 654 321", user="an")
    assert "Mình đã che bớt các chữ số dài" in out
    dump = " ".join(str(v) for r in await services.db.fetchall("SELECT * FROM assists") for v in tuple(r))
    assert "0912345678" not in dump and "001234567890" not in dump and "0987 654 321" not in dump


async def test_cancel_saves_nothing_and_stale_buttons_say_so(console: ConsoleChannel, services: Services,
                                                             world: World) -> None:
    await console.say("/log", user="an")
    cancel = action(console, "lg:x:")
    out = await console.say("huỷ", user="an")
    assert "Đã huỷ" in out
    out = await console.press(cancel, user="an")
    assert "thuộc một phiếu cũ" in out
    out = await console.say("cài vneid", user="an")  # no form any more: the resident search answers
    assert "VNeID" in out
    assert await scalar(services.db, "SELECT count(*) FROM assists") == 0
