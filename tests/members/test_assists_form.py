"""/ghi: a line read back and saved with one tap, the guided form in four messages, saved exactly once,
only by members, only in their own area, without phone or ID numbers."""

from __future__ import annotations

import pytest
from members_world import DONG, World, build_world, scalar

from bot.channels.console import ConsoleChannel
from bot.core.engine import Engine, Services
from bot.core.messages import Incoming, Kind
from storage import assists

SINGLE = ["💾 Lưu", "🤝 Mình làm hộ", "🧑‍🏫 Người dân tự làm", "✏️ Việc", "✏️ Người được giúp", "✏️ Hộ",
          "✏️ Nơi", "✖️ Huỷ"]


@pytest.fixture
async def world(services: Services) -> World:
    return await build_world(services)


def action(console: ConsoleChannel, starts: str) -> str:
    """The action of the last reply's choice whose action starts with STARTS."""
    return next(c.action for c in console.choices() if c.action.startswith(starts))


async def test_one_line_is_read_back_and_saved_with_one_tap(console: ConsoleChannel, services: Services,
                                                           world: World) -> None:
    out = await console.say("/ghi cài vneid cho bà Lan, hộ ông Ba", user="an", name="Nguyễn Văn An")
    install = services.library.get("vneid-install")
    assert install is not None and f"• Việc: {install.title.vi}" in out
    assert "• Tên: bà Lan" in out and "• Hộ: hộ ông Ba" in out and "• Nơi: Thôn Một" in out
    assert "• Cách làm: người dân tự làm, có hướng dẫn" in out
    assert [c.label for c in console.choices()] == SINGLE
    assert await scalar(services.db, "SELECT count(*) FROM assists") == 0  # nothing stored before Save
    out = await console.say("1", user="an")
    record = await assists.last_assist(services.db, world.an.id)
    assert record is not None and f"✅ Đã lưu, số phiếu #{record.id}." in out
    assert (record.guide_id, record.skill_group, record.people_count, record.names, record.household_norm,
            record.village_code, record.mode, record.team_id) == (
        "vneid-install", "identity", 1, "bà Lan", "ong ba", world.mot.area_code, "self", world.mot.id)
    assert await scalar(services.db, "SELECT count(*) FROM assist_drafts") == 0


async def test_the_guided_form_takes_four_messages(console: ConsoleChannel, services: Services,
                                                   world: World) -> None:
    sent = 0

    async def say(text: str) -> str:
        nonlocal sent
        sent += 1
        return await console.say(text, user="an")

    out = await say("/ghi")
    assert "gõ một dòng: việc gì, cho ai, hộ nào, ở đâu" in out and "⭐" in out
    level2 = services.library.get("vneid-level2")
    assert level2 is not None and f"⭐ {level2.title.vi}" in [c.label for c in console.choices()]
    sent += 1
    out = await console.press(action(console, "lg:g:").rsplit(":", 1)[0] + ":vneid-level2", user="an")
    assert "Ai được giúp?" in out and not console.choices()  # a typed "3" is a count here, not a choice
    out = await say("bà Lan, ông Tư, nhà ông Tư xóm 3")
    assert "• Số người: 2" in out and "• Tên: bà Lan, ông Tư" in out and "• Hộ: nhà ông Tư xóm 3" in out
    out = await say("1")
    assert "✅ Đã lưu" in out and sent == 4
    record = await assists.last_assist(services.db, world.an.id)
    assert record is not None
    assert (record.guide_id, record.people_count, record.names, record.household_norm) == (
        "vneid-level2", 2, "bà Lan, ông Tư", "ong tu xom 3")


async def test_a_guide_id_line_is_saved_at_once_and_fixed_with_one_tap(console: ConsoleChannel,
                                                                       services: Services, world: World) -> None:
    out = await console.say("/log vneid-level2 2 bà Lan, ông Tư", user="an")
    record = await assists.last_assist(services.db, world.an.id)
    assert record is not None and f"✅ Đã lưu, số phiếu #{record.id}." in out
    assert (record.guide_id, record.people_count, record.names, record.mode) == (
        "vneid-level2", 2, "bà Lan, ông Tư", "self")
    assert record.source is not None and record.source.startswith("msg:console:")
    labels = [c.label for c in console.choices()]
    assert labels[1:3] == ["🤝 Mình làm hộ", "🧑‍🏫 Người dân tự làm"] and labels[-1] == "↩️ Hoàn tác"
    out = await console.say("2", user="an")  # the same place as on the draft: it was done for them
    assert "Cách làm: người dân tự làm, có hướng dẫn → làm hộ" in out
    fixed = await assists.get_assist(services.db, record.id)
    assert fixed is not None and fixed.mode == "for_them"


async def test_a_task_no_guide_fits_is_marked_and_can_be_changed(console: ConsoleChannel, services: Services,
                                                                 world: World) -> None:
    out = await console.say("/ghi sửa loa điện thoại cho bà Tư", user="an")
    assert "• Việc: «sửa loa điện thoại» ❓ (không khớp hướng dẫn nào)" in out
    out = await console.say("4", user="an")  # ✏️ Việc
    assert "Việc đã giúp là gì?" in out and "sửa loa điện thoại" in out
    out = await console.say("kích hoạt mức 2", user="an")
    level2 = services.library.get("vneid-level2")
    assert level2 is not None and f"• Việc: {level2.title.vi}\n" in out and "• Tên: bà Tư" in out
    await console.say("1", user="an")
    record = await assists.last_assist(services.db, world.an.id)
    assert record is not None and (record.guide_id, record.other_skill, record.names) == ("vneid-level2", None,
                                                                                          "bà Tư")
    await console.say("/ghi sửa loa điện thoại cho bà Tư", user="an")
    await console.say("1", user="an")  # saved as typed: counted under "other" in reports
    kept = await assists.last_assist(services.db, world.an.id)
    assert kept is not None and (kept.guide_id, kept.other_skill, kept.skill_group) == (
        None, "sửa loa điện thoại", "other")


async def test_a_redelivered_update_or_a_second_tap_saves_once(engine: Engine, console: ConsoleChannel,
                                                                services: Services, world: World) -> None:
    incoming = Incoming(channel="console", user_id="an", chat_id="an", display_name="An",
                        text="/log vneid-install 1 ông Tư", kind=Kind.TEXT, message_id="update-77")
    first = await engine.handle(incoming)
    again = await engine.handle(incoming)
    assert first and "Đã lưu" in first[0].text and again == []
    await console.say("/ghi kích hoạt mức 2 cho bà Lan", user="an")
    save = action(console, "lg:s:")
    await console.press(save, user="an")
    out = await console.press(save, user="an")
    record = await assists.last_assist(services.db, world.an.id)
    assert record is not None and f"đã được lưu rồi, số phiếu #{record.id}" in out
    assert await scalar(services.db, "SELECT count(*) FROM assists") == 2


async def test_residents_cannot_log(console: ConsoleChannel, services: Services, world: World) -> None:
    out = await console.say("/ghi cài vneid cho bà Lan", user="lan")
    assert "dành cho thành viên tổ công nghệ số" in out
    out = await console.press("lg:s:abcd1234", user="lan")
    assert "dành cho thành viên tổ công nghệ số" in out
    assert await scalar(services.db, "SELECT count(*) FROM assists") == 0


async def test_a_member_cannot_log_in_another_teams_village(console: ConsoleChannel, services: Services,
                                                           world: World) -> None:
    await console.say("/ghi cài vneid cho bà Lan", user="an")
    nonce = action(console, "lg:s:").split(":")[2]
    out = await console.press(f"lg:v:{nonce}:{DONG}", user="an")  # forged button for Thôn Đồng
    assert "chỉ ghi được lượt hỗ trợ trong địa bàn tổ của mình" in out
    await console.press(f"lg:s:{nonce}", user="an")
    rows = await services.db.fetchall("SELECT village_code FROM assists")
    assert [r["village_code"] for r in rows] == [world.mot.area_code]


async def test_phone_numbers_are_masked_and_id_numbers_never_stored(console: ConsoleChannel, services: Services,
                                                                   world: World) -> None:
    out = await console.say("/log vneid-install 1 bà Lan 0912345678", user="an")
    assert "Mình đã che bớt các chữ số dài" in out
    record = await assists.last_assist(services.db, world.an.id)
    assert record is not None and record.names == "bà Lan"
    out = await console.say("/ghi cài vneid cho bà Lan 001234567890", user="an")
    assert "số căn cước" in out and "Mình hiểu là" not in out
    await console.say("/ghi cài vneid", user="an")
    await console.say("6", user="an")  # ✏️ Hộ
    out = await console.say("nhà ông Tư, sđt 0987 654 321", user="an")
    assert "• Hộ: nhà ông Tư" in out and "0987 654 321" not in out
    await console.say("1", user="an")
    out = await console.say("/ghi cài vneid cho bà Lan 0913 222 444", user="an")  # left as a draft
    assert "Mình đã che bớt các chữ số dài" in out
    await console.say("/ghi kích hoạt mức 2 cho ông Tư 0913 555 666", user="an")  # waits for it
    assert await scalar(services.db, "SELECT count(*) FROM assist_drafts") == 1
    tables = ("assists", "assist_drafts", "conversation_state")
    dump = " ".join([str(v) for t in tables for r in await services.db.fetchall(f"SELECT * FROM {t}") for v in r])
    for number in ("0912345678", "001234567890", "0987 654 321", "0913 222 444", "0913 555 666"):
        assert number not in dump, number


async def test_cancel_saves_nothing_and_old_buttons_say_so(console: ConsoleChannel, services: Services,
                                                           world: World) -> None:
    await console.say("/ghi cài vneid cho bà Lan", user="an")
    save = action(console, "lg:s:")
    out = await console.say("huỷ", user="an")
    assert "Đã huỷ" in out
    out = await console.press(save, user="an")
    assert "thuộc một phiếu cũ" in out
    out = await console.say("cài vneid", user="an")  # no draft any more: the resident search answers
    assert "VNeID" in out and "Mình hiểu là" not in out
    assert await scalar(services.db, "SELECT count(*) FROM assists") == 0
