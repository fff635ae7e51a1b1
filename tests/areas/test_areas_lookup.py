"""Area lookup by what people type: without diacritics, ambiguous names, typos, inside a scope."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.areas.lookup import area_norm, core, describe, lookup, natural_key
from bot.areas.seed import seed
from storage import areas
from storage.areas import Area
from storage.db import Database, connect


@pytest.fixture
async def db() -> AsyncIterator[Database]:
    database = await connect(":memory:")
    await seed(database)
    hoan_kiem = await areas.get_area(database, "00070")
    assert hoan_kiem is not None
    for name in ("Tổ dân phố 10", "Tổ dân phố 2", "Thôn Định Hưng"):
        await areas.add_village(database, hoan_kiem, name, area_norm(name))
    yield database
    await database.close()


def names(found: tuple[Area, ...]) -> list[str]:
    return [f"{a.code} {a.name}" for a in found]


def test_normalising_names() -> None:
    assert area_norm("Xã Định Hưng") == "xa dinh hung"
    assert area_norm("  Phường   Hoàn-Kiếm ") == "phuong hoan kiem"
    assert core("xa dinh hung") == "dinh hung"
    assert core("thanh pho ho chi minh") == "ho chi minh"
    assert core("thon 3") == "thon 3"  # a number alone is not a name


async def test_a_unique_name_is_found_without_diacritics(db: Database) -> None:
    found = await lookup(db, "hoan kiem")
    assert found.one is not None and found.one.code == "00070" and found.exact
    assert (await lookup(db, "dinh hung")).one == (await areas.get_area(db, "00070-003"))
    assert (await lookup(db, "SA PA")).one == (await areas.get_area(db, "03006"))
    assert (await lookup(db, "03006")).one == (await areas.get_area(db, "03006"))  # a code works too


async def test_several_places_of_the_same_name_are_all_offered_with_context(db: Database) -> None:
    found = await lookup(db, "ba dinh")
    assert found.one is None and found.exact and found.total == 3
    assert sorted(names(found.matches)) == ["00004 Phường Ba Đình", "16171 Xã Ba Đình", "21499 Xã Ba Dinh"]
    labels = sorted([await describe(db, a) for a in found.matches])
    assert labels == ["Phường Ba Đình, Thành phố Hà Nội", "Xã Ba Dinh, Quảng Ngãi", "Xã Ba Đình, Thanh Hóa"]


async def test_typed_diacritics_narrow_the_choice(db: Database) -> None:
    assert sorted(names((await lookup(db, "Ba Đình")).matches)) == ["00004 Phường Ba Đình", "16171 Xã Ba Đình"]
    assert sorted(names((await lookup(db, "Định Hóa")).matches)) == ["05569 Xã Định Hóa", "14677 Xã Định Hóa"]
    assert len((await lookup(db, "dinh hoa")).matches) == 4  # Hóa and Hòa are the same without tones


async def test_whole_names_beat_names_that_only_start_the_same(db: Database) -> None:
    found = await lookup(db, "tan an", levels=("commune",))
    assert found.exact and all(core(area_norm(a.name)) == "tan an" for a in found.matches)
    partial = await lookup(db, "hoan", levels=("commune",))
    assert not partial.exact and "00070 Phường Hoàn Kiếm" in names(partial.matches)


async def test_a_typo_is_a_guess_to_confirm_never_a_sure_match(db: Database) -> None:
    found = await lookup(db, "hoan kiim")
    assert found.fuzzy and found.one is None
    assert names(found.matches)[0] == "00070 Phường Hoàn Kiếm"
    assert (await lookup(db, "zzzz qqqq")).matches == ()
    assert (await lookup(db, "   ")).matches == ()


async def test_lookup_inside_a_scope_and_of_some_levels(db: Database) -> None:
    inside = await lookup(db, "ba dinh", within=["01"])
    assert names(inside.matches) == ["00004 Phường Ba Đình"]
    assert (await lookup(db, "sa pa", within=["01"])).matches == ()
    villages = await lookup(db, "to dan pho", levels=("village",), within=["00070"])
    assert sorted(names(villages.matches)) == ["00070-001 Tổ dân phố 10", "00070-002 Tổ dân phố 2"]
    assert (await lookup(db, "ha noi", levels=("province",))).one == await areas.get_area(db, "01")


async def test_villages_sort_by_number_and_provinces_by_name_without_kind(db: Database) -> None:
    children = sorted(await areas.children(db, "00070"), key=natural_key)
    assert [a.name for a in children] == ["Thôn Định Hưng", "Tổ dân phố 2", "Tổ dân phố 10"]
    provinces = sorted(await areas.list_level(db, "province"), key=natural_key)
    assert [p.name for p in provinces[:3]] == ["An Giang", "Bắc Ninh", "Cà Mau"]
    assert await describe(db, children[1]) == "Tổ dân phố 2, Phường Hoàn Kiếm, Thành phố Hà Nội"
