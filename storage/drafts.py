"""Assist drafts: what a member logged but has not confirmed, kept until saved, cancelled or expired."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage import assists
from storage.assists import NewAssist, iso
from storage.db import Database, Row


@dataclass(frozen=True)
class Draft:
    person_id: int
    nonce: str
    body: dict[str, Any]
    created_at: str
    updated_at: str
    reminded_at: str | None


def _draft(row: Row) -> Draft:
    body = json.loads(row["body"])
    return Draft(row["person_id"], row["nonce"], body if isinstance(body, dict) else {}, row["created_at"],
                 row["updated_at"], row["reminded_at"])


_COLUMNS = "person_id, nonce, body, created_at, updated_at, reminded_at"


async def get_draft(db: Database, person_id: int) -> Draft | None:
    row = await db.fetchone(f"SELECT {_COLUMNS} FROM assist_drafts WHERE person_id = ?", (person_id,))
    return _draft(row) if row else None


async def put_draft(db: Database, person_id: int, nonce: str, body: dict[str, Any], at: datetime) -> None:
    """Create the person's draft or update it; a new NONCE starts it afresh (created now, not reminded)."""
    await db.execute(
        f"INSERT INTO assist_drafts ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, NULL)"
        " ON CONFLICT (person_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at,"
        " created_at = CASE WHEN assist_drafts.nonce = excluded.nonce THEN assist_drafts.created_at"
        " ELSE excluded.created_at END,"
        " reminded_at = CASE WHEN assist_drafts.nonce = excluded.nonce THEN assist_drafts.reminded_at END,"
        " nonce = excluded.nonce",
        (person_id, nonce, json.dumps(body, ensure_ascii=False, separators=(",", ":")), iso(at), iso(at)),
    )


async def drop_draft(db: Database, person_id: int, nonce: str) -> bool:
    """Remove the draft if it is still the one numbered NONCE; False when it was not there."""
    rows = await db.returning(
        "DELETE FROM assist_drafts WHERE person_id = ? AND nonce = ? RETURNING 1", (person_id, nonce)
    )
    return bool(rows)


async def save_draft(
    db: Database, person_id: int, nonce: str, records: Sequence[NewAssist], at: datetime
) -> list[tuple[int, bool]]:
    """Write the draft's records and remove the draft in one transaction: (record id, newly created) each.

    Each record's source is ``draft:<person>:<nonce>:<n>``, so a repeated Save finds the same records.
    """
    async with db.transaction() as tx:
        saved = [await assists.insert_in(tx, record, draft_source(person_id, nonce, n), iso(at))
                 for n, record in enumerate(records)]
        await tx.execute("DELETE FROM assist_drafts WHERE person_id = ? AND nonce = ?", (person_id, nonce))
    return saved


def draft_source(person_id: int, nonce: str, n: int) -> str:
    return f"draft:{person_id}:{nonce}:{n}"


async def saved_from(db: Database, person_id: int, nonce: str, most: int) -> list[int]:
    """Ids of the records a draft of at most MOST assists became, in order (empty when never saved)."""
    sources = [draft_source(person_id, nonce, n) for n in range(most)]
    marks = ", ".join("?" for _ in sources)
    rows = await db.fetchall(f"SELECT id FROM assists WHERE source IN ({marks}) ORDER BY id", sources)
    return [int(r["id"]) for r in rows]


async def idle_drafts(db: Database, idle_since: datetime, reminded: bool) -> list[Draft]:
    """Drafts untouched since IDLE_SINCE: not yet reminded (REMINDED False) or any (True)."""
    extra = "" if reminded else " AND reminded_at IS NULL"
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM assist_drafts WHERE updated_at < ?{extra} ORDER BY updated_at",
        (iso(idle_since),),
    )
    return [_draft(r) for r in rows]


async def mark_reminded(db: Database, person_id: int, nonce: str, at: datetime) -> bool:
    """Note the reminder before sending it; False when the draft changed or went meanwhile."""
    rows = await db.returning(
        "UPDATE assist_drafts SET reminded_at = ? WHERE person_id = ? AND nonce = ? AND reminded_at IS NULL"
        " RETURNING 1", (iso(at), person_id, nonce),
    )
    return bool(rows)
