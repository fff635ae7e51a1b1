"""Broadcasts: the audience query, the outbox of one delivery row per recipient, and its counts."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from storage.db import Database

AUDIENCES = ("members", "residents", "both")
STATUSES = ("queued", "sending", "sent", "failed", "stopped", "cancelled")
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

# Who a broadcast reaches. Members: active members of teams inside any of the places. Residents: people whose
# village lies inside a place and who are not such members (so "both" counts nobody twice) and have not
# turned announcements off. Nobody whose last send was refused (blocked) until they write again, nobody on
# a channel that is not running, and not the author (they saw the preview). ``place`` is the village (or the
# team's area) each recipient belongs to. The places arrive as a JSON list (json_each: SQLite's form of
# PostgreSQL's jsonb_array_elements_text).
_AUDIENCE = """
WITH chosen(code) AS (SELECT value FROM json_each(:areas)),
inside(code) AS (
    SELECT code FROM areas WHERE code IN chosen OR commune_code IN chosen OR province_code IN chosen
), members(person_id, area_code) AS (
    SELECT m.person_id, t.area_code FROM team_members m JOIN teams t ON t.id = m.team_id
    WHERE m.left_at IS NULL AND t.area_code IN inside
)
SELECT p.id AS person_id, p.channel AS channel, 1 AS as_member,
       (SELECT min(area_code) FROM members WHERE members.person_id = p.id) AS place FROM people p
 WHERE :members AND p.id IN (SELECT person_id FROM members) AND p.unreachable_at IS NULL AND p.id != :author
   AND p.channel IN (SELECT value FROM json_each(:channels))
UNION ALL
SELECT p.id, p.channel, 0, p.village_code FROM people p
 WHERE :residents AND p.village_code IN inside AND p.id NOT IN (SELECT person_id FROM members)
   AND p.announcements_off_at IS NULL AND p.unreachable_at IS NULL AND p.id != :author
   AND p.channel IN (SELECT value FROM json_each(:channels))
"""


def _params(
    area_codes: str | Sequence[str], audience: str, channels: Sequence[str], author_id: int
) -> dict[str, object]:
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")
    codes = [area_codes] if isinstance(area_codes, str) else list(area_codes)
    return {
        "areas": json.dumps(codes), "author": author_id, "channels": json.dumps(list(channels)),
        "members": int(audience in ("members", "both")), "residents": int(audience in ("residents", "both")),
    }


async def audience_counts(
    db: Database, area_codes: str | Sequence[str], audience: str, channels: Sequence[str], author_id: int
) -> dict[str, int]:
    """Recipients per channel, exactly as ``create_broadcast`` would queue them now."""
    async with db.conn.execute(  # named parameters: Database.fetchall takes positional ones only
        f"SELECT channel, count(*) AS n FROM ({_AUDIENCE}) GROUP BY channel ORDER BY channel",
        _params(area_codes, audience, channels, author_id),
    ) as cursor:
        rows = await cursor.fetchall()
    return {r["channel"]: int(r["n"]) for r in rows}


async def audience_by_place(
    db: Database, area_codes: Sequence[str], audience: str, channels: Sequence[str], author_id: int
) -> dict[str, int]:
    """Recipients per village (or per team area for members of a commune-level team)."""
    async with db.conn.execute(
        f"SELECT place, count(*) AS n FROM ({_AUDIENCE}) GROUP BY place",
        _params(area_codes, audience, channels, author_id),
    ) as cursor:
        rows = await cursor.fetchall()
    return {r["place"]: int(r["n"]) for r in rows if r["place"]}


@dataclass(frozen=True)
class OutOfReach:
    """Residents of the places the bot knows but will not reach, and why."""

    opted_out: int
    blocked: int


async def out_of_reach(db: Database, area_codes: Sequence[str]) -> OutOfReach:
    rows = await db.fetchall(
        "WITH chosen(code) AS (SELECT value FROM json_each(?)) SELECT"
        " coalesce(sum(CASE WHEN announcements_off_at IS NOT NULL AND unreachable_at IS NULL THEN 1 ELSE 0 END), 0)"
        " AS off, coalesce(sum(CASE WHEN unreachable_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS blocked FROM people"
        " WHERE village_code IN (SELECT code FROM areas WHERE code IN chosen OR commune_code IN chosen"
        " OR province_code IN chosen)", (json.dumps(list(area_codes)),),
    )
    return OutOfReach(int(rows[0]["off"]), int(rows[0]["blocked"])) if rows else OutOfReach(0, 0)


async def audience_chats(
    db: Database, area_codes: str | Sequence[str], audience: str, channel: str, author_id: int
) -> list[str]:
    """The chat ids on CHANNEL that ``create_broadcast`` would queue now (for a channel's cost estimate)."""
    async with db.conn.execute(
        f"SELECT p.chat_id FROM ({_AUDIENCE}) a JOIN people p ON p.id = a.person_id ORDER BY p.id",
        _params(area_codes, audience, [channel], author_id),
    ) as cursor:
        return [r["chat_id"] for r in await cursor.fetchall()]


@dataclass(frozen=True)
class Broadcast:
    id: int
    author_id: int
    area_code: str
    audience: str
    text: str
    image: str | None
    status: str  # scheduled | sending | done | cancelled
    scheduled_for: str | None
    total: int
    created_at: str
    started_at: str | None
    finished_at: str | None
    replies_to: str = "none"  # residents' replies within the window go to: 'author' | 'team' | 'none'


_COLUMNS = ("id, author_id, area_code, audience, text, image, status, scheduled_for, total, created_at,"
            " started_at, finished_at, replies_to")


def _broadcast(row: sqlite3.Row) -> Broadcast:
    return Broadcast(*(row[key] for key in row.keys()))  # noqa: SIM118 - sqlite3.Row


async def create_broadcast(
    db: Database, author_id: int, area_code: str, audience: str, text: str, image: str | None,
    channels: Sequence[str], scheduled_for: str | None = None, places: Sequence[str] = (),
    replies_to: str = "none",
) -> Broadcast:
    """The broadcast and one queued delivery per recipient, in one transaction (INSERT … SELECT). AREA_CODE
    is where it is listed (the smallest area holding every place); PLACES, when given, are where it goes."""
    targets = list(places) or [area_code]
    params = _params(targets, audience, channels, author_id)
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO broadcasts (author_id, area_code, audience, text, image, status, scheduled_for,"
            f" started_at, replies_to) VALUES (?, ?, ?, ?, ?, ?, ?, CASE WHEN ? IS NULL THEN {_NOW} END, ?)",
            (author_id, area_code, audience, text, image, "scheduled" if scheduled_for else "sending",
             scheduled_for, scheduled_for, replies_to),
        )
        broadcast_id = cursor.lastrowid
        await conn.executemany("INSERT INTO broadcast_areas (broadcast_id, area_code) VALUES (?, ?)",
                               [(broadcast_id, code) for code in targets])
        await conn.execute(
            f"INSERT INTO broadcast_deliveries (broadcast_id, person_id, channel, as_member)"
            f" SELECT :broadcast, person_id, channel, as_member FROM ({_AUDIENCE}) ORDER BY channel, person_id",
            {**params, "broadcast": broadcast_id},
        )
        await conn.execute(
            "UPDATE broadcasts SET total = (SELECT count(*) FROM broadcast_deliveries WHERE broadcast_id = ?)"
            " WHERE id = ?", (broadcast_id, broadcast_id),
        )
        async with conn.execute(f"SELECT {_COLUMNS} FROM broadcasts WHERE id = ?", (broadcast_id,)) as cur:
            row = await cur.fetchone()
    assert row is not None
    return _broadcast(row)


async def get_broadcast(db: Database, broadcast_id: int) -> Broadcast | None:
    row = await db.fetchone(f"SELECT {_COLUMNS} FROM broadcasts WHERE id = ?", (broadcast_id,))
    return _broadcast(row) if row else None


async def recent_broadcasts(db: Database, within: Sequence[str] | None, limit: int = 10) -> list[Broadcast]:
    """The newest broadcasts whose area lies inside any of WITHIN (None: all), newest first."""
    sql = f"SELECT {', '.join('b.' + c.strip() for c in _COLUMNS.split(','))} FROM broadcasts b"
    params: list[object] = []
    if within is not None:
        marks = ",".join("?" * len(within)) or "NULL"
        sql += (f" JOIN areas a ON a.code = b.area_code WHERE a.code IN ({marks})"
                f" OR a.commune_code IN ({marks}) OR a.province_code IN ({marks})")
        params = [*within, *within, *within]
    rows = await db.fetchall(sql + " ORDER BY b.id DESC LIMIT ?", [*params, limit])
    return [_broadcast(r) for r in rows]


@dataclass(frozen=True)
class Counts:
    queued: int  # still to send, including those being sent right now
    sent: int
    failed: int
    stopped: int  # blocked the bot, or turned announcements off after the broadcast was queued
    cancelled: int

    @property
    def total(self) -> int:
        return self.queued + self.sent + self.failed + self.stopped + self.cancelled

    @property
    def done(self) -> int:
        return self.sent + self.failed + self.stopped


async def counts(db: Database, broadcast_id: int) -> Counts:
    rows = await db.fetchall(
        "SELECT status, count(*) AS n FROM broadcast_deliveries WHERE broadcast_id = ? GROUP BY status",
        (broadcast_id,),
    )
    by = {r["status"]: int(r["n"]) for r in rows}
    return Counts(by.get("queued", 0) + by.get("sending", 0), by.get("sent", 0), by.get("failed", 0),
                  by.get("stopped", 0), by.get("cancelled", 0))


async def cancel_broadcast(db: Database, broadcast_id: int, by: int) -> bool:
    """Stop a scheduled or running broadcast; rows not yet handed to a channel are cancelled."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            f"UPDATE broadcasts SET status = 'cancelled', cancelled_at = {_NOW}, cancelled_by = ?"
            " WHERE id = ? AND status IN ('scheduled', 'sending')", (by, broadcast_id),
        )
        if cursor.rowcount != 1:
            return False
        await conn.execute(
            "UPDATE broadcast_deliveries SET status = 'cancelled' WHERE broadcast_id = ? AND status = 'queued'",
            (broadcast_id,),
        )
    return True


async def set_announcements(db: Database, person_id: int, on: bool) -> bool:
    """Turn a person's announcements on or off; True when that changed something."""
    if on:
        sql = "UPDATE people SET announcements_off_at = NULL WHERE id = ? AND announcements_off_at IS NOT NULL"
    else:
        sql = f"UPDATE people SET announcements_off_at = {_NOW} WHERE id = ? AND announcements_off_at IS NULL"
    async with db.transaction() as conn:
        cursor = await conn.execute(sql, (person_id,))
        return cursor.rowcount == 1


async def announcements_off(db: Database, person_id: int) -> bool:
    row = await db.fetchone("SELECT announcements_off_at FROM people WHERE id = ?", (person_id,))
    return bool(row and row["announcements_off_at"])


async def is_unreachable(db: Database, person_id: int) -> bool:
    row = await db.fetchone("SELECT unreachable_at FROM people WHERE id = ?", (person_id,))
    return bool(row and row["unreachable_at"])
