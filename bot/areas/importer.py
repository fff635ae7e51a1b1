"""Villages from a CSV file: commune (code or name), village name, optional village code to rename."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field

from bot.areas.lookup import area_norm, core, describe_many, prefer_spelling
from storage import areas
from storage.areas import Area
from storage.db import Database

MAX_NAME = 100
_HEADER_WORDS = {"village", "village name", "village_name", "name", "thon", "ten thon", "ten thon ap",
                 "thon ap", "ten", "ten thon xom"}


@dataclass(frozen=True)
class BadRow:
    line: int
    reason: str


@dataclass
class ImportPlan:
    """What the file asks for, checked against the database; nothing is written yet."""

    adds: list[tuple[int, Area, str]] = field(default_factory=list)  # line, commune, name
    renames: list[tuple[int, Area, str]] = field(default_factory=list)  # line, village, new name
    unchanged: list[tuple[int, Area]] = field(default_factory=list)
    bad: list[BadRow] = field(default_factory=list)


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) for each non-blank row; ',', ';' or tab separated."""
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    out = []
    for cells in reader:
        cleaned = [c.strip() for c in cells]
        if any(cleaned):
            out.append((reader.line_num, cleaned))
    return out


class _Communes:
    """Every commune by code and by normalised name (with and without 'xã' / 'phường')."""

    def __init__(self, every: list[tuple[Area, str]]) -> None:
        self.by_code = {a.code: a for a, _ in every}
        self.by_name: dict[str, list[Area]] = defaultdict(list)
        for area, norm in every:
            for key in {norm, core(norm)}:
                self.by_name[key].append(area)

    def find(self, cell: str) -> Area | list[Area] | None:
        if cell.isdigit():
            return self.by_code.get(cell.zfill(5))
        hits = prefer_spelling(cell, self.by_name.get(area_norm(cell), []))
        return hits[0] if len(hits) == 1 else (hits or None)


async def plan_import(db: Database, text: str) -> ImportPlan:
    """Check every row; renames and additions earlier in the file are seen by later rows."""
    communes = _Communes(await areas.area_names(db, ["commune"]))
    villages: dict[str, Area] = {}
    names: dict[tuple[str, str], str] = {}  # (commune, name_norm) → village code
    for area, norm in await areas.area_names(db, ["village"]):
        villages[area.code] = area
        names[(area.parent_code or "", norm)] = area.code
    seen: dict[tuple[str, str], int] = {}  # name or code already used by an earlier line
    plan = ImportPlan()
    rows = _rows(text)
    if rows and area_norm(rows[0][1][1] if len(rows[0][1]) > 1 else "") in _HEADER_WORDS:
        rows = rows[1:]
    parents = await describe_many(db, list(communes.by_code.values())) if rows else {}
    for line, cells in rows:
        commune_cell, name, code = [*cells, "", "", ""][:3]

        def bad(reason: str, line: int = line) -> None:
            plan.bad.append(BadRow(line, reason))

        if not commune_cell:
            bad("no commune (first column)")
            continue
        found = communes.find(commune_cell)
        if found is None:
            bad(f"unknown commune {commune_cell!r}")
            continue
        if isinstance(found, list):
            options = "; ".join(f"{a.code} {parents[a.code]}" for a in found[:6])
            bad(f"ambiguous commune name {commune_cell!r}: {options} — write the commune code instead")
            continue
        commune = found
        if not name:
            bad("empty village name")
            continue
        if len(name) > MAX_NAME:
            bad(f"village name longer than {MAX_NAME} characters")
            continue
        norm = area_norm(name)
        village: Area | None = None
        if code:
            village = villages.get(code)
            if village is None:
                bad(f"unknown village code {code!r}")
                continue
            if village.parent_code != commune.code:
                bad(f"village {code} is not in commune {commune.code} {commune.name}")
                continue
            if ("code", code) in seen:
                bad(f"duplicate: village {code} already renamed on line {seen[('code', code)]}")
                continue
            seen[("code", code)] = line
        key = (commune.code, norm)
        if key in seen:
            bad(f"duplicate: {name!r} is already on line {seen[key]}")
            continue
        seen[key] = line
        holder = names.get(key)
        if village is not None:
            if village.name == name:
                plan.unchanged.append((line, village))
                continue
            if holder is not None and holder != village.code:
                bad(f"duplicate: commune {commune.code} already has {villages[holder].name!r} ({holder})")
                continue
            names.pop((commune.code, area_norm(village.name)), None)
            names[key] = village.code
            plan.renames.append((line, village, name))
        elif holder is not None:
            plan.unchanged.append((line, villages[holder]))
        else:
            plan.adds.append((line, commune, name))
    return plan


async def apply_import(db: Database, plan: ImportPlan, by: str) -> list[Area]:
    """Write the plan's additions and renames in one transaction; returns the villages added."""
    return await areas.save_villages(
        db,
        [(commune, name, area_norm(name)) for _, commune, name in plan.adds],
        [(village.code, name, area_norm(name)) for _, village, name in plan.renames],
        by,
    )


def report(plan: ImportPlan, added: list[Area] | None) -> str:
    """A summary, then one line per bad row (line number and reason)."""
    verb = "would add" if added is None else "added"
    lines = [
        f"villages: {verb} {len(plan.adds)}, {'would rename' if added is None else 'renamed'} "
        f"{len(plan.renames)}, unchanged {len(plan.unchanged)}, bad rows {len(plan.bad)}"
    ]
    if added is None:
        lines += [f"  + {commune.code}-…  {name}  (line {line})" for line, commune, name in plan.adds]
    for area in added or []:
        lines.append(f"  + {area.code}  {area.name}")
    for line, village, name in plan.renames:
        lines.append(f"  ~ {village.code}  {village.name} → {name}  (line {line})")
    for bad in plan.bad:
        lines.append(f"line {bad.line}: {bad.reason}")
    if added is None:
        lines.append("dry run: nothing was written")
    return "\n".join(lines)
