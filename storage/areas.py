"""Areas: province → commune → village; codes are stable, names may change."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from storage.db import Database


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


def _area(row: sqlite3.Row) -> Area:
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
