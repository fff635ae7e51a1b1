"""Granting roles to people who may not have written yet, and listing who coordinates where."""

from __future__ import annotations

from dataclasses import dataclass

from storage.db import Database
from storage.people import _COLUMNS as PERSON_COLUMNS
from storage.people import Person, person_from


async def ensure_person(db: Database, channel: str, user_id: str) -> tuple[Person, bool]:
    """The person with this channel id, created if new (their private chat id is their user id)."""
    async with db.transaction() as tx:
        changed = await tx.execute(
            "INSERT INTO people (channel, user_id, chat_id) VALUES (?, ?, ?) ON CONFLICT (channel, user_id) DO NOTHING",
            (channel, user_id, user_id),
        )
        row = await tx.fetchone(
            f"SELECT {PERSON_COLUMNS} FROM people WHERE channel = ? AND user_id = ?", (channel, user_id)
        )
    assert row is not None
    return person_from(row), changed == 1


@dataclass(frozen=True)
class Grant:
    """One active coordinator role."""

    identity: str
    display_name: str
    area_code: str
    area_name: str
    granted_by: str
    granted_at: str


async def coordinator_grants(db: Database, area_code: str | None = None) -> list[Grant]:
    """Active coordinator roles (inside AREA_CODE when given), by area then person."""
    sql = (
        "SELECT p.channel || ':' || p.user_id AS identity, p.display_name, c.area_code, a.name AS area_name,"
        " c.granted_by, c.granted_at FROM coordinator_areas c JOIN people p ON p.id = c.person_id"
        " JOIN areas a ON a.code = c.area_code WHERE c.revoked_at IS NULL"
    )
    params: list[object] = []
    if area_code:
        sql += " AND (a.code = ? OR a.commune_code = ? OR a.province_code = ?)"
        params = [area_code, area_code, area_code]
    rows = await db.fetchall(sql + " ORDER BY c.area_code, identity", params)
    return [Grant(r["identity"], r["display_name"], r["area_code"], r["area_name"], r["granted_by"],
                  r["granted_at"]) for r in rows]
