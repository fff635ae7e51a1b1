"""Areas: province → commune → village; codes are stable, names may change."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storage.db import Database, Row


@dataclass(frozen=True)
class Area:
    code: str
    level: str  # 'province' | 'commune' | 'village'
    name: str
    parent_code: str | None
    province_code: str
    commune_code: str | None

    def within(self, scope_code: str) -> bool:
        """True when this area is SCOPE_CODE itself or lies inside it."""
        return scope_code in (self.code, self.commune_code, self.province_code)


_COLUMNS = "code, level, name, parent_code, province_code, commune_code"


def _area(row: Row) -> Area:
    return Area(row["code"], row["level"], row["name"], row["parent_code"], row["province_code"],
                row["commune_code"])


async def upsert_area(
    db: Database, code: str, level: str, name: str, name_norm: str,
    parent_code: str | None, province_code: str, commune_code: str | None,
) -> None:
    """Insert or rename an area (its code, and so its history, stays)."""
    await db.execute(
        f"INSERT INTO areas ({_COLUMNS}, name_norm) VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (code) DO UPDATE SET name = excluded.name, name_norm = excluded.name_norm,"
        " updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
        (code, level, name, parent_code, province_code, commune_code, name_norm),
    )


async def get_area(db: Database, code: str) -> Area | None:
    row = await db.fetchone(f"SELECT {_COLUMNS} FROM areas WHERE code = ?", (code,))
    return _area(row) if row else None


async def children(db: Database, code: str) -> list[Area]:
    rows = await db.fetchall(f"SELECT {_COLUMNS} FROM areas WHERE parent_code = ? ORDER BY name", (code,))
    return [_area(r) for r in rows]


async def find_areas(
    db: Database, name_norm: str, level: str | None = None, within: str | None = None, limit: int = 10
) -> list[Area]:
    """Areas whose normalised name contains NAME_NORM, optionally of one level and inside WITHIN."""
    sql = f"SELECT {_COLUMNS} FROM areas WHERE name_norm LIKE ? ESCAPE '\\'"
    params: list[object] = ["%" + name_norm.replace("%", "\\%").replace("_", "\\_") + "%"]
    if level:
        sql += " AND level = ?"
        params.append(level)
    if within:
        sql += " AND (province_code = ? OR commune_code = ? OR parent_code = ?)"
        params += [within, within, within]
    sql += " ORDER BY length(name_norm), name LIMIT ?"
    params.append(limit)
    return [_area(r) for r in await db.fetchall(sql, params)]


async def count_areas(db: Database, level: str) -> int:
    row = await db.fetchone("SELECT count(*) AS n FROM areas WHERE level = ?", (level,))
    return int(row["n"]) if row else 0


@dataclass(frozen=True)
class NewArea:
    """One row for a bulk upsert (seeding, imports)."""

    code: str
    level: str
    name: str
    name_norm: str
    parent_code: str | None
    province_code: str
    commune_code: str | None


@dataclass(frozen=True)
class UpsertCounts:
    inserted: int
    renamed: int
    unchanged: int


async def upsert_areas(db: Database, rows: Sequence[NewArea], renamed_by: str) -> dict[str, UpsertCounts]:
    """Insert or rename many areas (parents first) in one transaction; counts by level.

    Unchanged rows are not touched, so running the same upsert twice changes nothing; renames are
    recorded in area_renames.
    """
    codes = [r.code for r in rows]
    async with db.transaction() as tx:
        existing: dict[str, str] = {}
        for start in range(0, len(codes), 500):
            chunk = codes[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found = await tx.fetchall(f"SELECT code, name FROM areas WHERE code IN ({marks})", chunk)
            existing.update({r["code"]: r["name"] for r in found})
        renamed = [r for r in rows if r.code in existing and existing[r.code] != r.name]
        changed = [r for r in rows if r.code not in existing or r in renamed]
        await tx.executemany(
            f"INSERT INTO areas ({_COLUMNS}, name_norm) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (code) DO UPDATE SET name = excluded.name, name_norm = excluded.name_norm,"
            " updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
            [(r.code, r.level, r.name, r.parent_code, r.province_code, r.commune_code, r.name_norm)
             for r in changed],
        )
        await tx.executemany(
            "INSERT INTO area_renames (area_code, old_name, new_name, renamed_by) VALUES (?, ?, ?, ?)",
            [(r.code, existing[r.code], r.name, renamed_by) for r in renamed],
        )
    counts = {}
    for level in dict.fromkeys(r.level for r in rows):
        total = sum(r.level == level for r in rows)
        new = sum(r.level == level and r.code not in existing for r in rows)
        moved = sum(r.level == level for r in renamed)
        counts[level] = UpsertCounts(new, moved, total - new - moved)
    return counts


async def save_villages(
    db: Database, adds: Sequence[tuple[Area, str, str]], renames: Sequence[tuple[str, str, str]], by: str
) -> list[Area]:
    """Add villages (commune, name, name_norm) and rename areas (code, name, name_norm) in one transaction.

    New villages are numbered after their commune's last one ('00070-001', '00070-002'…); a rename keeps
    the code, so everything linked to the village stays, and the old name is kept in area_renames.
    """
    added: list[Area] = []
    async with db.transaction() as tx:
        last: dict[str, int] = {}
        for commune, name, norm in adds:
            if commune.code not in last:
                row = await tx.fetchone(
                    "SELECT max(CAST(substr(code, length(parent_code) + 2) AS INTEGER)) AS n FROM areas"
                    " WHERE level = 'village' AND parent_code = ?", (commune.code,),
                )
                last[commune.code] = int(row["n"]) if row and row["n"] is not None else 0
            last[commune.code] += 1
            area = Area(f"{commune.code}-{last[commune.code]:03d}", "village", name, commune.code,
                        commune.province_code, commune.code)
            await tx.execute(
                f"INSERT INTO areas ({_COLUMNS}, name_norm) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (area.code, area.level, area.name, area.parent_code, area.province_code, area.commune_code,
                 norm),
            )
            added.append(area)
        for code, name, norm in renames:
            row = await tx.fetchone("SELECT name FROM areas WHERE code = ?", (code,))
            if row is None or row["name"] == name:
                continue
            await tx.execute(
                "UPDATE areas SET name = ?, name_norm = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
                " WHERE code = ?", (name, norm, code),
            )
            await tx.execute(
                "INSERT INTO area_renames (area_code, old_name, new_name, renamed_by) VALUES (?, ?, ?, ?)",
                (code, row["name"], name, by),
            )
    return added


async def add_village(db: Database, commune: Area, name: str, name_norm: str) -> Area:
    """One new village in COMMUNE with the next free code."""
    return (await save_villages(db, [(commune, name, name_norm)], [], by=""))[0]


async def rename_area(db: Database, code: str, name: str, name_norm: str, renamed_by: str) -> None:
    """Give an area a new name; the code stays and the old name is kept in area_renames."""
    await save_villages(db, [], [(code, name, name_norm)], renamed_by)


@dataclass(frozen=True)
class Rename:
    old_name: str
    new_name: str
    renamed_by: str
    at: str


async def rename_history(db: Database, code: str) -> list[Rename]:
    rows = await db.fetchall(
        "SELECT old_name, new_name, renamed_by, at FROM area_renames WHERE area_code = ? ORDER BY id", (code,)
    )
    return [Rename(r["old_name"], r["new_name"], r["renamed_by"], r["at"]) for r in rows]


async def get_areas(db: Database, codes: Sequence[str]) -> dict[str, Area]:
    """Several areas by code at once (unknown codes are left out)."""
    unique = sorted(set(codes))
    if not unique:
        return {}
    marks = ",".join("?" * len(unique))
    rows = await db.fetchall(f"SELECT {_COLUMNS} FROM areas WHERE code IN ({marks})", unique)
    return {r["code"]: _area(r) for r in rows}


def _scope_sql(levels: Sequence[str], within: Sequence[str] | None) -> tuple[str, list[object]]:
    sql = f" AND level IN ({','.join('?' * len(levels))})"
    params: list[object] = list(levels)
    if within is not None:
        marks = ",".join("?" * len(within)) or "NULL"
        sql += f" AND (code IN ({marks}) OR commune_code IN ({marks}) OR province_code IN ({marks}))"
        params += [*within, *within, *within]
    return sql, params


async def search_areas(
    db: Database, words: str, levels: Sequence[str], within: Sequence[str] | None = None, limit: int = 200
) -> list[tuple[Area, str]]:
    """Areas whose normalised name has a word starting with WORDS, with that normalised name."""
    scope, params = _scope_sql(levels, within)
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = await db.fetchall(
        f"SELECT {_COLUMNS}, name_norm FROM areas WHERE (' ' || name_norm) LIKE ? ESCAPE '\\'{scope}"
        " ORDER BY (' ' || name_norm || ' ') NOT LIKE ? ESCAPE '\\', length(name_norm), name LIMIT ?",
        ["% " + escaped + "%", *params, "% " + escaped + " %", limit],
    )
    return [(_area(r), r["name_norm"]) for r in rows]


async def area_names(
    db: Database, levels: Sequence[str], within: Sequence[str] | None = None
) -> list[tuple[Area, str]]:
    """Every area of these levels (inside WITHIN) with its normalised name: for fuzzy matching."""
    scope, params = _scope_sql(levels, within)
    rows = await db.fetchall(f"SELECT {_COLUMNS}, name_norm FROM areas WHERE 1 = 1{scope}", params)
    return [(_area(r), r["name_norm"]) for r in rows]


async def area_norms(
    db: Database, levels: Sequence[str], within: Sequence[str] | None = None
) -> list[tuple[str, str]]:
    """(code, normalised name) of every area of these levels inside WITHIN: cheap input for fuzzy matching."""
    scope, params = _scope_sql(levels, within)
    rows = await db.fetchall(f"SELECT code, name_norm FROM areas WHERE 1 = 1{scope}", params)
    return [(r[0], r[1]) for r in rows]


async def list_level(db: Database, level: str) -> list[Area]:
    """Every area of one level, by name (34 provinces for the resident's first choice)."""
    rows = await db.fetchall(f"SELECT {_COLUMNS} FROM areas WHERE level = ? ORDER BY name_norm", (level,))
    return [_area(r) for r in rows]
