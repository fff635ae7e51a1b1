"""Provinces and communes of the 2025 structure (34 and 3,321) from the vietnam-provinces package."""

from __future__ import annotations

from dataclasses import dataclass

from vietnam_provinces import Province, Ward

from bot.areas.lookup import area_norm, core
from storage import areas
from storage.areas import NewArea, UpsertCounts
from storage.db import Database


class UnknownProvince(ValueError):
    """--province matched no province (or several)."""


@dataclass(frozen=True)
class SeedResult:
    provinces: UpsertCounts
    communes: UpsertCounts


def province_code(value: object) -> str:
    """Official two-digit province code: ProvinceCode.P_01 → '01'."""
    return f"{int(getattr(value, 'value', value)):02d}"  # type: ignore[call-overload]


def commune_code(value: object) -> str:
    """Official five-digit commune code: WardCode.W_00070 → '00070'."""
    return f"{int(getattr(value, 'value', value)):05d}"  # type: ignore[call-overload]


def pick_province(wanted: str) -> Province:
    """A province by code ('1', '01') or by name with or without diacritics ('ha noi', 'Thành phố Hà Nội')."""
    every = list(Province.iter_all())
    text = wanted.strip()
    if text.isdigit():
        hits = [p for p in every if province_code(p.code) == f"{int(text):02d}"]
    else:
        norm = area_norm(text)
        hits = [p for p in every if norm in (area_norm(p.name), core(area_norm(p.name)))]
    if len(hits) != 1:
        names = ", ".join(f"{province_code(p.code)} {p.name}" for p in hits) or "none"
        raise UnknownProvince(f"--province {wanted!r} matched {len(hits)} provinces ({names})")
    return hits[0]


def official_rows(only: Province | None = None) -> tuple[list[NewArea], list[NewArea]]:
    """(provinces, communes) as rows for storage, optionally of one province."""
    provinces = [p for p in Province.iter_all() if only is None or p.code == only.code]
    codes = {p.code for p in provinces}
    province_rows = [
        NewArea(code, "province", p.name, area_norm(p.name), None, code, None)
        for p in provinces if (code := province_code(p.code))
    ]
    commune_rows = [
        NewArea(commune_code(w.code), "commune", w.name, area_norm(w.name), province_code(w.province_code),
                province_code(w.province_code), commune_code(w.code))
        for w in Ward.iter_all() if w.province_code in codes
    ]
    return province_rows, commune_rows


async def seed(db: Database, only: Province | None = None) -> SeedResult:
    """Insert or rename provinces and communes in one transaction; running it again changes nothing."""
    province_rows, commune_rows = official_rows(only)
    counts = await areas.upsert_areas(db, province_rows + commune_rows, renamed_by="seed")
    none = UpsertCounts(0, 0, 0)
    return SeedResult(counts.get("province", none), counts.get("commune", none))
