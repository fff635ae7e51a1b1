"""Broadcasts: the audience query, the outbox of one delivery row per recipient, and its counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storage.db import Database, Row
from storage.dialect import in_list

AUDIENCES = ("members", "residents", "both")
STATUSES = ("queued", "sending", "sent", "failed", "stopped", "cancelled")
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

# Who a broadcast reaches. Members: active members of teams inside any of the places. Residents: people whose
# village lies inside a place and who are not such members (so "both" counts nobody twice) and have not
# turned announcements off. Nobody whose last send was refused (blocked) until they write again, nobody on
# a channel that is not running, and not the author (they saw the preview). ``place`` is the village (or the
# team's area) each recipient belongs to. The places and channels arrive as lists of named parameters.
_AUDIENCE = """
WITH chosen(code) AS (VALUES {places}),
inside(code) AS (
    SELECT code FROM areas WHERE code IN (SELECT code FROM chosen) OR commune_code IN (SELECT code FROM chosen)
    OR province_code IN (SELECT code FROM chosen)
), members(person_id, area_code) AS (
    SELECT m.person_id, t.area_code FROM team_members m JOIN teams t ON t.id = m.team_id
    WHERE m.left_at IS NULL AND t.area_code IN (SELECT code FROM inside)
)
SELECT p.id AS person_id, p.channel AS channel, 1 AS as_member,
       (SELECT min(area_code) FROM members WHERE members.person_id = p.id) AS place FROM people p
 WHERE :members = 1 AND p.id IN (SELECT person_id FROM members) AND p.unreachable_at IS NULL AND p.id != :author
   AND p.channel IN ({channels})
UNION ALL
SELECT p.id, p.channel, 0, p.village_code FROM people p
 WHERE :residents = 1 AND p.village_code IN (SELECT code FROM inside)
   AND p.id NOT IN (SELECT person_id FROM members)
   AND p.announcements_off_at IS NULL AND p.unreachable_at IS NULL AND p.id != :author
   AND p.channel IN ({channels})
"""


def _places(codes: Sequence[str], params: dict[str, object]) -> str:
    """``(:p0), (:p1)…`` for a VALUES list of the places (added to PARAMS)."""
    for n, code in enumerate(codes):
        params[f"p{n}"] = code
    return ", ".join(f"(:p{n})" for n in range(len(codes))) or "(NULL)"


def _audience(
    area_codes: str | Sequence[str], audience: str, channels: Sequence[str], author_id: int
) -> tuple[str, dict[str, object]]:
    """The audience query and its named parameters."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")
    codes = [area_codes] if isinstance(area_codes, str) else list(area_codes)
    params: dict[str, object] = {
        "author": author_id, "members": int(audience in ("members", "both")),
        "residents": int(audience in ("residents", "both")),
    }
    params.update({f"c{n}": channel for n, channel in enumerate(channels)})
    marks = ", ".join(f":c{n}" for n in range(len(channels))) or "NULL"
    return _AUDIENCE.format(places=_places(codes, params), channels=marks), params


async def audience_counts(
    db: Database, area_codes: str | Sequence[str], audience: str, channels: Sequence[str], author_id: int
) -> dict[str, int]:
    """Recipients per channel, exactly as ``create_broadcast`` would queue them now."""
    query, params = _audience(area_codes, audience, channels, author_id)
    rows = await db.fetchall(f"SELECT channel, count(*) AS n FROM ({query}) AS a GROUP BY channel ORDER BY channel",
                             params)
    return {r["channel"]: int(r["n"]) for r in rows}


async def audience_by_place(
    db: Database, area_codes: Sequence[str], audience: str, channels: Sequence[str], author_id: int
) -> dict[str, int]:
    """Recipients per village (or per team area for members of a commune-level team)."""
    query, params = _audience(area_codes, audience, channels, author_id)
    rows = await db.fetchall(f"SELECT place, count(*) AS n FROM ({query}) AS a GROUP BY place", params)
    return {r["place"]: int(r["n"]) for r in rows if r["place"]}


@dataclass(frozen=True)
class OutOfReach:
    """Residents of the places the bot knows but will not reach, and why."""

    opted_out: int
    blocked: int


async def out_of_reach(db: Database, area_codes: Sequence[str]) -> OutOfReach:
    params: dict[str, object] = {}
    rows = await db.fetchall(
        f"WITH chosen(code) AS (VALUES {_places(area_codes, params)}) SELECT"
        " coalesce(sum(CASE WHEN announcements_off_at IS NOT NULL AND unreachable_at IS NULL THEN 1 ELSE 0 END), 0)"
        " AS off, coalesce(sum(CASE WHEN unreachable_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS blocked FROM people"
        " WHERE village_code IN (SELECT code FROM areas WHERE code IN (SELECT code FROM chosen)"
        " OR commune_code IN (SELECT code FROM chosen) OR province_code IN (SELECT code FROM chosen))", params,
    )
    return OutOfReach(int(rows[0]["off"]), int(rows[0]["blocked"])) if rows else OutOfReach(0, 0)


async def audience_chats(
    db: Database, area_codes: str | Sequence[str], audience: str, channel: str, author_id: int
) -> list[str]:
    """The chat ids on CHANNEL that ``create_broadcast`` would queue now (for a channel's cost estimate)."""
    query, params = _audience(area_codes, audience, [channel], author_id)
    rows = await db.fetchall(f"SELECT p.chat_id FROM ({query}) a JOIN people p ON p.id = a.person_id ORDER BY p.id",
                             params)
    return [r["chat_id"] for r in rows]


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


def _broadcast(row: Row) -> Broadcast:
    return Broadcast(*(row[key] for key in row.keys()))  # noqa: SIM118 - a row, not a dict


async def create_broadcast(
    db: Database, author_id: int, area_code: str, audience: str, text: str, image: str | None,
    channels: Sequence[str], scheduled_for: str | None = None, places: Sequence[str] = (),
    replies_to: str = "none",
) -> Broadcast:
    """The broadcast and one queued delivery per recipient, in one transaction (INSERT … SELECT). AREA_CODE
    is where it is listed (the smallest area holding every place); PLACES, when given, are where it goes."""
    targets = list(places) or [area_code]
    query, params = _audience(targets, audience, channels, author_id)
    async with db.transaction() as tx:
        broadcast_id = await tx.fetchval(
            "INSERT INTO broadcasts (author_id, area_code, audience, text, image, status, scheduled_for,"
            f" started_at, replies_to) VALUES (?, ?, ?, ?, ?, ?, ?, CASE WHEN CAST(? AS TEXT) IS NULL THEN {_NOW} END,"
            " ?) RETURNING id",
            (author_id, area_code, audience, text, image, "scheduled" if scheduled_for else "sending",
             scheduled_for, scheduled_for, replies_to),
        )
        await tx.executemany("INSERT INTO broadcast_areas (broadcast_id, area_code) VALUES (?, ?)",
                             [(broadcast_id, code) for code in targets])
        await tx.execute(
            "INSERT INTO broadcast_deliveries (broadcast_id, person_id, channel, as_member)"
            f" SELECT CAST(:broadcast AS INTEGER), person_id, channel, as_member FROM ({query}) AS a"
            " ORDER BY channel, person_id",
            {**params, "broadcast": broadcast_id},
        )
        await tx.execute(
            "UPDATE broadcasts SET total = (SELECT count(*) FROM broadcast_deliveries WHERE broadcast_id = ?)"
            " WHERE id = ?", (broadcast_id, broadcast_id),
        )
        row = await tx.fetchone(f"SELECT {_COLUMNS} FROM broadcasts WHERE id = ?", (broadcast_id,))
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
        marks = in_list(within)
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
    async with db.transaction() as tx:
        changed = await tx.execute(
            f"UPDATE broadcasts SET status = 'cancelled', cancelled_at = {_NOW}, cancelled_by = ?"
            " WHERE id = ? AND status IN ('scheduled', 'sending')", (by, broadcast_id),
        )
        if changed != 1:
            return False
        await tx.execute(
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
    async with db.transaction() as tx:
        changed = await tx.execute(sql, (person_id,))
        return changed == 1


async def announcements_off(db: Database, person_id: int) -> bool:
    row = await db.fetchone("SELECT announcements_off_at FROM people WHERE id = ?", (person_id,))
    return bool(row and row["announcements_off_at"])


async def is_unreachable(db: Database, person_id: int) -> bool:
    row = await db.fetchone("SELECT unreachable_at FROM people WHERE id = ?", (person_id,))
    return bool(row and row["unreachable_at"])
