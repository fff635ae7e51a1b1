"""The morning at the cultural house: seven assists typed the way members type, seven correct records."""

from __future__ import annotations

import pytest
from members_world import DINH_HUNG, HAI, MOT, World, add_person, build_world

from bot.channels.console import ConsoleChannel
from bot.core.engine import Services
from bot.core.normalize import fold
from storage import assists, teams
from storage.areas import upsert_area
from storage.people import Person

DONG_TAM = "98001-004"


@pytest.fixture
async def hoa(services: Services) -> Person:
    """A member of Định Hưng's commune-level team who lives in Thôn Một; the commune also has Thôn Đồng Tâm."""
    world: World = await build_world(services)
    await upsert_area(services.db, DONG_TAM, "village", "Thôn Đồng Tâm", fold("Thôn Đồng Tâm"), DINH_HUNG,
                      world.mot.area_code[:2], DINH_HUNG)
    commune_team = await teams.create_team(services.db, "Tổ CNS xã Định Hưng", DINH_HUNG)
    return await add_person(services.db, "hoa", "Đào Thị Hoa", MOT, commune_team)


async def log(console: ConsoleChannel, line: str, summary: list[str]) -> str:
    """Type the line, check what the bot read back, press 1 (Save)."""
    out = await console.say(f"/ghi {line}", user="hoa", name="Đào Thị Hoa")
    for part in summary:
        assert part in out, (part, out)
    labels = [c.label for c in console.choices()]
    assert labels[0].startswith("💾 Lưu") and labels[-1] == "✖️ Huỷ", labels
    saved = await console.say("1", user="hoa")
    assert "✅ Đã lưu" in saved, saved
    return saved


async def test_seven_entries_in_seven_correct_records_out(console: ConsoleChannel, services: Services,
                                                          hoa: Person) -> None:
    await log(console, "cài vneid cho bà Lan xóm Đồng Tâm", ["• Tên: bà Lan", "• Nơi: Thôn Đồng Tâm"])
    await log(console, "kich hoat muc 2 cho ho ong Ba", ["• Số người: 1", "• Hộ: ho ong Ba", "• Nơi: Thôn Một"])
    saved = await log(console, "sáng nay ở nhà văn hoá: bà Nụ cài vneid, ông Khải quên passcode, cô Thuỷ chuyển "
                               "tiền cho con", ["Mình hiểu là 3 lượt hỗ trợ", "— bà Nụ", "— ông Khải", "— cô Thuỷ"])
    assert "✅ Đã lưu 3 phiếu" in saved
    await log(console, "nhà bà Lan: đăng nhập dịch vụ công cho anh Hùng, làm hộ",
              ["• Tên: anh Hùng", "• Hộ: nhà bà Lan", "• Cách làm: làm hộ"])
    await log(console, "đóng tiền điện online cho vợ chồng ông Tư thôn Hai",
              ["• Số người: 2", "• Tên: vợ chồng ông Tư", "• Nơi: Thôn Hai"])

    rows = await services.db.fetchall("SELECT id FROM assists WHERE member_id = ? ORDER BY id", (hoa.id,))
    records = [await assists.get_assist(services.db, r["id"]) for r in rows]
    got = [(r.guide_id, r.people_count, r.names, r.household_norm, r.village_code, r.mode, r.note)
           for r in records if r is not None]
    assert got == [
        ("vneid-install", 1, "bà Lan", "", DONG_TAM, "self", ""),
        ("vneid-level2", 1, "", "ong ba", MOT, "self", ""),
        ("vneid-install", 1, "bà Nụ", "", MOT, "self", "ở nhà văn hoá"),
        ("vneid-passcode", 1, "ông Khải", "", MOT, "self", "ở nhà văn hoá"),
        ("mobile-money", 1, "cô Thuỷ", "", MOT, "self", "ở nhà văn hoá"),
        ("dvc-login", 1, "anh Hùng", "ba lan", MOT, "for_them", ""),
        ("bill-pay", 2, "vợ chồng ông Tư", "", HAI, "self", ""),
    ]
    # Households reached this morning, each once per village, as /toi and the reports count them.
    assert await assists.household_counts(services.db, [""], member_id=hoa.id) == (2,)
