"""Group sessions: guidance or training held for several residents at once."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from storage.assists import iso
from storage.db import Database, Row


@dataclass(frozen=True)
class NewSession:
    member_id: int
    team_id: int | None
    village_code: str | None
    held_on: str  # local date YYYY-MM-DD
    topics: tuple[str, ...]  # guide ids
    place: str
    attendees: int
    note: str = ""


@dataclass(frozen=True)
class Session(NewSession):
    id: int = 0
    source: str | None = None
    created_at: str = ""
    undone_at: str | None = None


@dataclass(frozen=True)
class SessionTally:
    sessions: tuple[int, ...]
    attendees: tuple[int, ...]


_COLUMNS = "id, member_id, team_id, village_code, held_on, topics, place, attendees, note, source, created_at, undone_at"


def _session(row: Row) -> Session:
    values = {key: row[key] for key in row.keys()}  # noqa: SIM118 - a row, not a dict
    values["topics"] = tuple(json.loads(values["topics"] or "[]"))
    return Session(**values)


async def save_session(db: Database, new: NewSession, source: str, at: datetime) -> tuple[Session, bool]:
    """Store the session once per SOURCE (committed before returning); returns (record, newly created)."""
    async with db.transaction() as tx:
        changed = await tx.execute(
            "INSERT INTO sessions (member_id, team_id, village_code, held_on, topics, place, attendees, note,"
            " source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source) DO NOTHING",
            (new.member_id, new.team_id, new.village_code, new.held_on, json.dumps(list(new.topics)), new.place,
             new.attendees, new.note, source, iso(at)),
        )
        created = changed == 1
    found = await find_by_source(db, source)
    assert found is not None
    return found, created


async def get_session(db: Database, session_id: int) -> Session | None:
    row = await db.fetchone(f"SELECT {_COLUMNS} FROM sessions WHERE id = ?", (session_id,))
    return _session(row) if row else None


async def find_by_source(db: Database, source: str) -> Session | None:
    row = await db.fetchone(f"SELECT {_COLUMNS} FROM sessions WHERE source = ?", (source,))
    return _session(row) if row else None


async def undo_session(db: Database, session_id: int, at: datetime) -> bool:
    """Mark the session undone (kept for history); False when it already was."""
    async with db.transaction() as tx:
        changed = await tx.execute(
            "UPDATE sessions SET undone_at = ? WHERE id = ? AND undone_at IS NULL", (iso(at), session_id)
        )
        return changed == 1


async def tally(
    db: Database, since_days: Sequence[str], member_id: int | None = None, team_id: int | None = None
) -> SessionTally:
    """Live sessions and their attendees held on or after each local date in SINCE_DAYS ('' = all)."""
    if member_id is not None:
        where, who = "member_id = ?", member_id
    elif team_id is not None:
        where, who = "team_id = ?", team_id
    else:
        raise ValueError("a member or a team is required")
    sums = ", ".join(
        f"sum(CASE WHEN held_on >= ? THEN 1 ELSE 0 END) AS s{i}, sum(CASE WHEN held_on >= ? THEN attendees ELSE 0 END) AS a{i}"
        for i in range(len(since_days))
    )
    values: list[object] = [day for day in since_days for _ in range(2)]
    row = await db.fetchone(
        f"SELECT {sums} FROM sessions WHERE {where} AND undone_at IS NULL", [*values, who]
    )
    count = len(since_days)
    if row is None:
        return SessionTally((0,) * count, (0,) * count)
    return SessionTally(tuple(int(row[f"s{i}"] or 0) for i in range(count)),
                        tuple(int(row[f"a{i}"] or 0) for i in range(count)))
