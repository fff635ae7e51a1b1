"""Transcripts: a resident sets their village; coordinators add and rename villages in their area."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.areas.lookup import area_norm
from bot.areas.seed import seed
from bot.channels.console import ConsoleChannel
from bot.core.engine import Services
from storage import areas, people, teams
from storage.people import Person


@pytest.fixture
async def seeded(services: Services) -> Services:
    await seed(services.db)
    return services


async def person(services: Services, console: ConsoleChannel, user: str) -> Person:
    found = await people.find_person(services.db, "console", user)
    if found is None:
        await console.say("/thon", user=user, name=user.title())
        found = await people.find_person(services.db, "console", user)
    assert found is not None
    return found


async def coordinator(services: Services, console: ConsoleChannel, user: str, area: str) -> Person:
    who = await person(services, console, user)
    await teams.grant_coordinator(services.db, who.id, area, "test")
    return who


async def add(services: Services, commune_code: str, *names: str) -> None:
    commune = await areas.get_area(services.db, commune_code)
    assert commune is not None
    for name in names:
        await areas.add_village(services.db, commune, name, area_norm(name))


def number_of(console: ConsoleChannel, label: str) -> str:
    labels = [c.label for c in console.choices()]
    assert label in labels, labels
    return str(labels.index(label) + 1)


async def village_of(services: Services, user: str) -> str | None:
    found = await people.find_person(services.db, "console", user)
    assert found is not None
    return found.village_code


async def test_resident_chooses_province_commune_and_village_by_buttons(
    console: ConsoleChannel, seeded: Services
) -> None:
    await add(seeded, "00070", "Tổ dân phố 10", "Tổ dân phố 2")
    out = await console.say("/thon", user="lan")
    assert "Anh/chị ở tỉnh, thành phố nào?" in out and "1. An Giang" in out
    assert [c.action for c in console.choices()][-2:] == ["ar:p:1", "m"]
    out = await console.say(number_of(console, "Tiếp ▶️"), user="lan")
    out = await console.say(number_of(console, "Thành phố Hà Nội"), user="lan")
    assert "Thành phố Hà Nội: anh/chị chọn xã, phường của anh/chị (trang 1/13)" in out
    out = await console.say("hoan kiem", user="lan")  # typing inside the province's list
    assert "Phường Hoàn Kiếm: anh/chị chọn thôn, ấp, tổ dân phố của anh/chị." in out
    assert [c.label for c in console.choices()][:3] == ["Tổ dân phố 2", "Tổ dân phố 10", "📍 Chỉ chọn Phường Hoàn Kiếm"]
    out = await console.say("1", user="lan")
    assert "✅ Đã lưu nơi ở của anh/chị: Tổ dân phố 2, Phường Hoàn Kiếm, Thành phố Hà Nội." in out
    assert await village_of(seeded, "lan") == "00070-002"
    out = await console.say("/thon", user="lan")
    assert out.startswith("Nơi ở anh/chị đã chọn: Tổ dân phố 2, Phường Hoàn Kiếm, Thành phố Hà Nội.")


async def test_a_commune_without_villages_is_saved_as_the_place(console: ConsoleChannel, seeded: Services) -> None:
    await console.press("ar:pv:19:0", user="tu")
    out = await console.press("ar:pv:19:9", user="tu")  # past the last page: the last page
    assert "(trang 10/10)" in out
    out = await console.press("ar:cm:05569:0", user="tu")
    assert "Xã Định Hóa chưa có danh sách thôn nên em lưu theo xã." in out
    assert await village_of(seeded, "tu") == "05569"


async def test_typed_name_without_diacritics_asks_which_one_with_the_province(
    console: ConsoleChannel, seeded: Services
) -> None:
    out = await console.say("/thon ba dinh", user="lan")
    assert "Có nhiều nơi tên giống «ba dinh». Anh/chị chọn đúng nơi của anh/chị:" in out
    labels = sorted(c.label for c in console.choices()[:-1])
    assert labels == ["Phường Ba Đình, Thành phố Hà Nội", "Xã Ba Dinh, Quảng Ngãi", "Xã Ba Đình, Thanh Hóa"]
    out = await console.say(number_of(console, "Xã Ba Đình, Thanh Hóa"), user="lan")
    assert "✅ Đã lưu nơi ở của anh/chị: Xã Ba Đình, Thanh Hóa." in out
    assert await village_of(seeded, "lan") == "16171"
    out = await console.say("/thon sa pa", user="ba")
    assert "✅ Đã lưu nơi ở của anh/chị: Phường Sa Pa, Lào Cai." in out


async def test_typo_gets_a_did_you_mean_and_unknown_names_a_clear_answer(
    console: ConsoleChannel, seeded: Services
) -> None:
    out = await console.say("/thon hoan kiim", user="lan")
    assert "Em không thấy nơi nào tên đúng «hoan kiim». Có phải anh/chị muốn tìm một trong các nơi này?" in out
    assert console.choices()[0].action == "ar:cm:00070:0"
    await console.say("/thon", user="lan")
    out = await console.say("qqq khong co", user="lan")
    assert "Em chưa tìm thấy nơi nào tên «qqq khong co»." in out
    out = await console.say("cài vneid", user="lan")  # the question was answered once: back to guides
    assert "VNeID" in out and "Em chưa tìm thấy nơi nào" not in out


async def test_a_question_about_a_guide_is_answered_even_while_a_place_is_expected(
    console: ConsoleChannel, seeded: Services
) -> None:
    await console.say("/thon", user="lan")
    out = await console.say("làm sao cài vneid", user="lan")
    assert "VNeID" in out and "Em chưa tìm thấy nơi nào" not in out


async def test_an_old_question_no_longer_captures_free_text(console: ConsoleChannel, seeded: Services) -> None:
    start = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    seeded.clock = lambda: start
    await console.say("/thon", user="lan")
    seeded.clock = lambda: start + timedelta(hours=2)
    out = await console.say("sa pa", user="lan")
    assert "Đã lưu nơi ở" not in out
    assert await village_of(seeded, "lan") is None


async def test_stale_area_buttons_get_a_polite_answer(console: ConsoleChannel, seeded: Services) -> None:
    assert "Nút này đã cũ" in await console.press("ar:set:99999", user="lan")
    assert "Nút này đã cũ" in await console.press("ar:set:01", user="lan")  # a province is not a home
    assert "Nút này đã cũ" in await console.press("ar:zz", user="lan")


async def test_commune_coordinator_adds_villages_in_their_commune(console: ConsoleChannel, seeded: Services) -> None:
    await coordinator(seeded, console, "can_bo", "00070")
    out = await console.say("/themthon Tổ dân phố 5", user="can_bo")
    assert "✅ Đã thêm «Tổ dân phố 5» vào Phường Hoàn Kiếm. Mã thôn: 00070-001." in out
    assert [c.action for c in console.choices()][:2] == ["tm:na:00070-001", "ar:ac:00070"]
    out = await console.say("/addvillage to dan pho 5", user="can_bo")
    assert "Phường Hoàn Kiếm đã có «Tổ dân phố 5» (mã 00070-001) rồi" in out
    out = await console.say("/themthon", user="can_bo")
    assert "Bạn gõ tên thôn, ấp hoặc tổ dân phố mới của Phường Hoàn Kiếm" in out
    out = await console.say("Tổ   dân phố 6", user="can_bo")
    assert "✅ Đã thêm «Tổ dân phố 6» vào Phường Hoàn Kiếm. Mã thôn: 00070-002." in out
    out = await console.say("/themthon 00004 Tổ 1", user="can_bo")
    assert "«Phường Ba Đình» vì nơi này nằm ngoài địa bàn bạn phụ trách" in out
    assert [a.code for a in await areas.children(seeded.db, "00004")] == []


async def test_province_coordinator_is_asked_which_commune(console: ConsoleChannel, seeded: Services) -> None:
    await coordinator(seeded, console, "tinh", "01")
    out = await console.say("/themthon Thôn Mới", user="tinh")
    assert "Thôn mới thuộc xã, phường nào?" in out
    out = await console.say("ba dinh", user="tinh")  # only Hà Nội's Ba Đình is in their area
    assert "✅ Đã thêm «Thôn Mới» vào Phường Ba Đình. Mã thôn: 00004-001." in out
    await console.say("/themthon Thôn Xa", user="tinh")
    out = await console.say("sa pa", user="tinh")
    assert "«Phường Sa Pa» vì nơi này nằm ngoài địa bàn" in out


async def test_residents_and_members_cannot_add_or_rename_villages(console: ConsoleChannel, seeded: Services) -> None:
    await add(seeded, "00070", "Tổ dân phố 1")
    for command in ("/themthon Thôn X", "/doiten 00070-001 Thôn Y", "/renamevillage"):
        out = await console.say(command, user="lan")
        assert "dành cho cán bộ điều phối cấp xã hoặc tỉnh" in out
    assert "dành cho cán bộ điều phối" in await console.press("ar:rv:00070-001", user="lan")
    assert [a.name for a in await areas.children(seeded.db, "00070")] == ["Tổ dân phố 1"]


async def test_rename_keeps_the_code_and_the_history(console: ConsoleChannel, seeded: Services) -> None:
    await add(seeded, "00070", "Tổ dân phố 1", "Tổ dân phố 2")
    await add(seeded, "00004", "Thôn Ngoài")
    await console.press("ar:set:00070-001", user="lan")  # a resident lives there
    await coordinator(seeded, console, "can_bo", "00070")
    out = await console.say("/doiten", user="can_bo")
    assert "Bạn muốn đổi tên thôn nào?" in out
    assert [c.action for c in console.choices()][:2] == ["ar:rv:00070-001", "ar:rv:00070-002"]
    out = await console.say("1", user="can_bo")
    assert "Tên mới của «Tổ dân phố 1, Phường Hoàn Kiếm, Thành phố Hà Nội» là gì?" in out
    out = await console.say("Tổ dân phố Tràng Tiền", user="can_bo")
    assert "✅ Đã đổi «Tổ dân phố 1» thành «Tổ dân phố Tràng Tiền». Mã 00070-001 giữ nguyên" in out
    assert await village_of(seeded, "lan") == "00070-001"
    history = await areas.rename_history(seeded.db, "00070-001")
    assert [(h.old_name, h.new_name, h.renamed_by) for h in history] == [
        ("Tổ dân phố 1", "Tổ dân phố Tràng Tiền", "console:can_bo")]
    out = await console.say("/doiten 00070-002 to dan pho trang tien", user="can_bo")
    assert "đã có «Tổ dân phố Tràng Tiền» (mã 00070-001)" in out
    out = await console.say("/doiten thon ngoai", user="can_bo")
    assert "«Thôn Ngoài» vì nơi này nằm ngoài địa bàn" in out
    out = await console.say("/doiten 00004-001 Thôn Trong", user="can_bo")
    assert "nằm ngoài địa bàn" in out
    assert (await areas.get_area(seeded.db, "00004-001")) is not None
    assert [a.name for a in await areas.children(seeded.db, "00004")] == ["Thôn Ngoài"]
