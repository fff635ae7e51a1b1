"""Help requests after they are opened: claiming, closing with an assist, reminders and escalation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from storage.assists import NewAssist, insert_in, iso
from storage.db import Database, Row
from storage.dialect import in_list, pick


@dataclass(frozen=True)
class Ticket:
    """A resident's request for in-person help with its whole lifecycle."""

    id: int
    person_id: int
    guide_id: str | None
    step: int | None
    village_code: str | None
    status: str  # 'open' | 'claimed' | 'closed' | 'cancelled'
    claimed_by: int | None
    claimed_at: str | None
    closed_at: str | None
    reminded_at: str | None
    escalated_at: str | None
    created_at: str
    announced_at: str | None = None
    resident_done_at: str | None = None


_COLUMNS = ("id, person_id, guide_id, step, village_code, status, claimed_by, claimed_at, closed_at, reminded_at,"
            " escalated_at, created_at, announced_at, resident_done_at")


def _ticket(row: Row) -> Ticket:
    return Ticket(**{key: row[key] for key in row.keys()})  # noqa: SIM118 - a row, not a dict


def closing_source(ticket_id: int) -> str:
    """The assists.source of the record a closed request created: one per request."""
    return f"rq:{ticket_id}"


async def get_ticket(db: Database, ticket_id: int) -> Ticket | None:
    row = await db.fetchone(f"SELECT {_COLUMNS} FROM help_requests WHERE id = ?", (ticket_id,))
    return _ticket(row) if row else None


async def claim(db: Database, ticket_id: int, person_id: int, at: datetime) -> bool:
    """First claim wins: True only for the one update that moved the request from open to claimed."""
    async with db.transaction() as tx:
        changed = await tx.execute(
            "UPDATE help_requests SET status = 'claimed', claimed_by = ?, claimed_at = ?"
            " WHERE id = ? AND status = 'open'", (person_id, iso(at), ticket_id),
        )
        return changed == 1


async def close_with_assist(db: Database, ticket_id: int, assist: NewAssist, at: datetime) -> tuple[int, bool] | None:
    """Close a claimed request and log its assist in one transaction: (assist id, newly closed).

    A request closed before answers with the assist it created; one that is not claimed gives None.
    """
    source = closing_source(ticket_id)
    async with db.transaction() as tx:
        # On PostgreSQL two workers may close the same request at once: the row lock makes the second wait
        # and then see it closed (SQLite's BEGIN IMMEDIATE already runs one writer at a time).
        lock = pick(db, sqlite="", postgres=" FOR UPDATE")
        row = await tx.fetchone(f"SELECT status FROM help_requests WHERE id = ?{lock}", (ticket_id,))
        if row is None or row["status"] not in ("claimed", "closed"):
            return None
        if row["status"] == "closed":
            existing = await tx.fetchone("SELECT id FROM assists WHERE source = ?", (source,))
            return (int(existing["id"]), False) if existing else None
        assist_id, _ = await insert_in(tx, assist, source, iso(at))
        await tx.execute(
            "UPDATE help_requests SET status = 'closed', closed_at = ? WHERE id = ?", (iso(at), ticket_id)
        )
        return assist_id, True


async def set_village(db: Database, ticket_id: int, village_code: str) -> None:
    """Give a request made before the resident chose their village that village."""
    await db.execute(
        "UPDATE help_requests SET village_code = ? WHERE id = ? AND village_code IS NULL", (village_code, ticket_id)
    )


async def open_tickets(
    db: Database, villages: Sequence[str] = (), within: Sequence[str] = (), everything: bool = False,
    limit: int = 20,
) -> list[Ticket]:
    """Open or claimed requests in VILLAGES, or in any area inside one of WITHIN (communes, provinces)."""
    if not everything and not villages and not within:
        return []
    sql = (f"SELECT {', '.join('h.' + c.strip() for c in _COLUMNS.split(','))} FROM help_requests h"
           " LEFT JOIN areas a ON a.code = h.village_code WHERE h.status IN ('open', 'claimed')")
    params: list[object] = []
    if not everything:
        marks_v, marks_w = in_list(villages), in_list(within)
        sql += (f" AND (h.village_code IN ({marks_v}) OR a.code IN ({marks_w}) OR a.commune_code IN ({marks_w})"
                f" OR a.province_code IN ({marks_w}))")
        params += [*villages, *within, *within, *within]
    sql += " ORDER BY h.status = 'claimed', h.id LIMIT ?"
    params.append(limit)
    return [_ticket(r) for r in await db.fetchall(sql, params)]


async def claimed_by(db: Database, person_id: int) -> list[Ticket]:
    """Requests this person claimed and has not closed yet."""
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM help_requests WHERE claimed_by = ? AND status = 'claimed' ORDER BY id",
        (person_id,),
    )
    return [_ticket(r) for r in rows]


async def unclaimed_since(db: Database, before: datetime, column: str) -> list[Ticket]:
    """Open requests created at or before BEFORE whose COLUMN ('reminded_at'/'escalated_at') is unset."""
    if column not in ("reminded_at", "escalated_at"):
        raise ValueError(column)
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM help_requests WHERE status = 'open' AND {column} IS NULL"
        " AND created_at <= ? ORDER BY id", (iso(before),),
    )
    return [_ticket(r) for r in rows]


async def mark(db: Database, ticket_id: int, column: str, at: datetime) -> bool:
    """Set announced_at/reminded_at/escalated_at once, only while open; True for the one caller that set it."""
    if column not in ("announced_at", "reminded_at", "escalated_at"):
        raise ValueError(column)
    async with db.transaction() as tx:
        changed = await tx.execute(
            f"UPDATE help_requests SET {column} = ? WHERE id = ? AND status = 'open' AND {column} IS NULL",
            (iso(at), ticket_id),
        )
        return changed == 1


# Whether {person} has a request a member took and they have not ended: asked with every private message
# when the turn opens (storage/turns.py), so a resident who is not talking to anyone costs no extra read.
TALKING = ("EXISTS (SELECT 1 FROM help_requests WHERE person_id = {person} AND status = 'claimed'"
           " AND claimed_by IS NOT NULL AND resident_done_at IS NULL)")


async def talking_with(db: Database, person_id: int) -> Ticket | None:
    """The newest request of this resident that a member has taken and the resident has not ended."""
    row = await db.fetchone(
        f"SELECT {_COLUMNS} FROM help_requests WHERE person_id = ? AND status = 'claimed'"
        " AND claimed_by IS NOT NULL AND resident_done_at IS NULL ORDER BY claimed_at DESC, id DESC LIMIT 1",
        (person_id,),
    )
    return _ticket(row) if row else None


async def unannounced_of(db: Database, person_id: int) -> list[Ticket]:
    """This resident's open requests that nobody has been told about yet (no village when they asked)."""
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM help_requests WHERE person_id = ? AND status = 'open' AND announced_at IS NULL"
        " ORDER BY id", (person_id,),
    )
    return [_ticket(r) for r in rows]


async def end_for_resident(db: Database, ticket_id: int, at: datetime) -> bool:
    """The resident is done talking; True for the call that ended it."""
    changed = await db.execute(
        "UPDATE help_requests SET resident_done_at = ? WHERE id = ? AND status = 'claimed'"
        " AND resident_done_at IS NULL", (iso(at), ticket_id),
    )
    return changed == 1
