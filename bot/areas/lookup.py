"""Find provinces, communes and villages by what people type, without diacritics, and name them in context."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.core.messages import Choice
from bot.core.normalize import tokens
from storage import areas
from storage.areas import Area
from storage.db import Database

LEVELS = ("province", "commune", "village")
FUZZY_CUTOFF = 85  # a typo or two in a name of ten letters still matches; unrelated names do not
_CODE = re.compile(r"^\d{2}$|^\d{5}$|^\d{5}-\d{3}$")
# Words that name the kind of unit, not the unit: "xã Định Hưng" and "dinh hung" mean the same place.
_KIND_WORDS = (
    "thanh pho", "tinh", "dac khu", "phuong", "xa", "thi tran", "to dan pho", "khu pho", "thon", "ap", "ban",
    "xom", "lang", "khu", "to", "buon", "plei", "soc",
)
_KIND_RE = re.compile(r"^(?:" + "|".join(sorted(_KIND_WORDS, key=len, reverse=True)) + r") (?=\S)")


def area_norm(name: str) -> str:
    """Folded words without tones, as stored in areas.name_norm: ``Xã Định Hưng`` → ``xa dinh hung``."""
    return " ".join(tokens(name, expand=False))


def core(name_norm: str) -> str:
    """The normalised name without its kind word: ``xa dinh hung`` → ``dinh hung``; ``thon 3`` stays."""
    stripped = _KIND_RE.sub("", name_norm, count=1)
    return stripped if stripped and not stripped.isdigit() else name_norm


@dataclass(frozen=True)
class Lookup:
    """Best matches first; ``exact`` when they match the whole name, ``fuzzy`` when only spelt alike."""

    matches: tuple[Area, ...]
    total: int
    exact: bool
    fuzzy: bool = False

    @property
    def one(self) -> Area | None:
        """The single sure match (a fuzzy guess is never sure: ask first)."""
        return self.matches[0] if len(self.matches) == 1 and not self.fuzzy else None


async def lookup(
    db: Database, text: str, levels: Sequence[str] = LEVELS, within: Sequence[str] | None = None,
    limit: int = 8,
) -> Lookup:
    """Areas named TEXT (or with that code) of LEVELS inside WITHIN (None: anywhere).

    Whole-name matches beat word-prefix matches; when nothing matches, a fuzzy match catches typos.
    """
    query = area_norm(text)
    if not query:
        return Lookup((), 0, False)
    compact = text.strip()
    if _CODE.match(compact):
        area = await areas.get_area(db, compact)
        if area and area.level in levels and (within is None or any(area.within(c) for c in within)):
            return Lookup((area,), 1, True)
    wanted = {query, core(query)}
    found = await areas.search_areas(db, query, levels, within)
    if not found and core(query) != query:
        found = await areas.search_areas(db, core(query), levels, within)
    ranked = sorted(found, key=lambda hit: (_tier(wanted, hit[1]), LEVELS.index(hit[0].level), len(hit[1])))
    if ranked:
        best = _tier(wanted, ranked[0][1])
        same = [a for a, norm in ranked if best > 0 or _tier(wanted, norm) == 0]
        same = prefer_spelling(text, same) if best == 0 else same
        return Lookup(tuple(same[:limit]), len(same), best == 0)
    every = await areas.area_norms(db, levels, within)
    names = [core(norm) for _, norm in every]
    close = process.extract(core(query), names, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=limit)
    found_by_code = await areas.get_areas(db, [every[i][0] for _, _, i in close])
    guesses = tuple(found_by_code[every[i][0]] for _, _, i in close)
    return Lookup(guesses, len(guesses), False, fuzzy=True)


def prefer_spelling(text: str, found: list[Area]) -> list[Area]:
    """Among names equal without tones, keep those spelt exactly as typed ("Định Hóa" is not "Định Hòa")."""
    typed = " ".join(unicodedata.normalize("NFC", text).casefold().split())
    if typed.isascii():
        return found  # typed without tones: every spelling is as likely
    exact = [a for a in found if (n := a.name.casefold()) == typed or n.endswith(" " + typed)]
    return exact or found


def _tier(wanted: set[str], name_norm: str) -> int:
    """0: the whole name (with or without its kind word); 1: its first words; 2: later words; 3: part of one."""
    names = {name_norm, core(name_norm)}
    if wanted & names:
        return 0
    if any(n.startswith(w + " ") for n in names for w in wanted):
        return 1
    return 2 if any(f" {w} " in f" {name_norm} " for w in wanted) else 3


async def describe_many(db: Database, found: Sequence[Area]) -> dict[str, str]:
    """Each area's name with its commune and province: ``Thôn 3, Xã Định Hóa, Thái Nguyên``."""
    parents = await areas.get_areas(
        db, [c for a in found for c in (a.commune_code, a.province_code) if c and c != a.code]
    )
    out = {}
    for area in found:
        parts = [area.name]
        for code in (area.commune_code, area.province_code):
            if code and code != area.code and code in parents:
                parts.append(parents[code].name)
        out[area.code] = ", ".join(parts)
    return out


async def describe(db: Database, area: Area) -> str:
    return (await describe_many(db, [area]))[area.code]


async def area_choices(
    db: Database, found: Sequence[Area], action: Callable[[Area], str]
) -> tuple[Choice, ...]:
    """One button per area, labelled with its context so two communes of the same name can be told apart."""
    labels = await describe_many(db, found)
    return tuple(Choice(labels[a.code], action(a)) for a in found)


def natural_key(area: Area) -> tuple[object, ...]:
    """Sort 'Thôn 2' before 'Thôn 10', and names without their kind word ('Thành phố Huế' under H)."""
    words = core(area_norm(area.name)).split()
    return tuple((0, int(w), "") if w.isdigit() else (1, 0, w) for w in words)
