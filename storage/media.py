"""Photos and voice notes residents sent for a person to look at, kept as channel handles only."""

from __future__ import annotations

from dataclasses import dataclass

from storage.db import Database


@dataclass(frozen=True)
class Attachment:
    kind: str  # photo | voice
    ref: str  # the channel's handle for the file


async def attach(db: Database, request_id: int, kind: str, ref: str) -> None:
    """Keep the handle while the request is open (a trigger forgets it when the request closes)."""
    await db.execute(
        "INSERT INTO help_request_attachments (request_id, kind, ref) SELECT id, ?, ? FROM help_requests"
        " WHERE id = ? AND status IN ('open', 'claimed')",
        (kind, ref, request_id),
    )


async def attachments(db: Database, request_id: int) -> list[Attachment]:
    rows = await db.fetchall(
        "SELECT kind, ref FROM help_request_attachments WHERE request_id = ? ORDER BY id", (request_id,)
    )
    return [Attachment(row["kind"], row["ref"]) for row in rows]
