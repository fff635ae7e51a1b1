"""Guide progress events, feedback and residents' requests for in-person help."""

from __future__ import annotations

from dataclasses import dataclass

from storage.db import Database


@dataclass(frozen=True)
class HelpRequest:
    id: int
    person_id: int
    guide_id: str | None
    step: int | None
    village_code: str | None
    status: str
    claimed_by: int | None
    created_at: str


_COLUMNS = "id, person_id, guide_id, step, village_code, status, claimed_by, created_at"


async def record_event(db: Database, person_id: int, guide_id: str, event: str, step: int | None) -> None:
    """Written with the turn's closing transaction when inside a turn (nothing in the turn reads it back)."""
    await db.write_later(
        "INSERT INTO guide_events (person_id, guide_id, event, step) VALUES (?, ?, ?, ?)",
        (person_id, guide_id, event, step),
    )


async def record_feedback(db: Database, person_id: int, guide_id: str, helpful: bool) -> None:
    await db.write_later(
        "INSERT INTO feedback (person_id, guide_id, helpful) VALUES (?, ?, ?)",
        (person_id, guide_id, int(helpful)),
    )


async def open_help_request(
    db: Database, person_id: int, guide_id: str | None, step: int | None, village_code: str | None
) -> HelpRequest:
    """Store the request (one open request per person and guide: asking twice returns the first)."""
    async with db.transaction() as tx:
        row = await tx.fetchone(
            f"SELECT {_COLUMNS} FROM help_requests WHERE person_id = ? AND guide_id IS NOT DISTINCT FROM ?"
            " AND status IN ('open', 'claimed')",
            (person_id, guide_id),
        )
        if row is None:
            row = await tx.fetchone(
                "INSERT INTO help_requests (person_id, guide_id, step, village_code) VALUES (?, ?, ?, ?)"
                f" RETURNING {_COLUMNS}",
                (person_id, guide_id, step, village_code),
            )
    assert row is not None
    return HelpRequest(
        row["id"], row["person_id"], row["guide_id"], row["step"], row["village_code"],
        row["status"], row["claimed_by"], row["created_at"],
    )
