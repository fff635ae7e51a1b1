"""Residents' replies to a broadcast, and the answers to them: one conversation per broadcast and resident."""

from __future__ import annotations

from dataclasses import dataclass

from storage.db import Database

WINDOW_HOURS = 48
# The window is measured on the database's clock, which also stamps deliveries and replies
# (PostgreSQL: now() - interval '48 hours').
_SINCE = f"strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-{WINDOW_HOURS} hours')"


# Whether open_window would find a window for {person}: asked when a turn opens (storage/turns.py).
ANSWERING = (
    "EXISTS (SELECT 1 FROM broadcast_deliveries d JOIN broadcasts b ON b.id = d.broadcast_id"
    f" WHERE d.person_id = {{person}} AND d.status = 'sent' AND d.sent_at >= {_SINCE} AND b.replies_to != 'none')"
    " OR EXISTS (SELECT 1 FROM broadcast_replies r JOIN broadcasts b ON b.id = r.broadcast_id"
    f" WHERE r.resident_id = {{person}} AND r.from_id != r.resident_id AND r.at >= {_SINCE}"
    " AND b.replies_to != 'none')"
)


@dataclass(frozen=True)
class Window:
    """The broadcast a person may still reply to, and who hears the reply."""

    broadcast_id: int
    replies_to: str  # 'author' | 'team'
    author_id: int
    area_code: str


@dataclass(frozen=True)
class ThreadMessage:
    id: int
    broadcast_id: int
    resident_id: int
    from_id: int
    text: str
    media_kind: str | None
    media_ref: str | None
    at: str


async def open_window(db: Database, person_id: int) -> Window | None:
    """The newest broadcast that reached PERSON (or whose sender answered them) within the window, if its
    replies are wanted."""
    row = await db.fetchone(
        "SELECT b.id, b.replies_to, b.author_id, b.area_code FROM ("
        " SELECT broadcast_id, sent_at AS at FROM broadcast_deliveries"
        f"  WHERE person_id = ? AND status = 'sent' AND sent_at >= {_SINCE}"
        " UNION ALL SELECT broadcast_id, at FROM broadcast_replies"
        f"  WHERE resident_id = ? AND from_id != resident_id AND at >= {_SINCE}"
        ") t JOIN broadcasts b ON b.id = t.broadcast_id WHERE b.replies_to != 'none' ORDER BY t.at DESC LIMIT 1",
        (person_id, person_id),
    )
    return Window(row["id"], row["replies_to"], row["author_id"], row["area_code"]) if row else None


async def add_message(
    db: Database, broadcast_id: int, resident_id: int, from_id: int, text: str,
    media_kind: str | None = None, media_ref: str | None = None,
) -> int:
    rows = await db.returning(
        "INSERT INTO broadcast_replies (broadcast_id, resident_id, from_id, text, media_kind, media_ref)"
        " VALUES (?, ?, ?, ?, ?, ?) RETURNING id", (broadcast_id, resident_id, from_id, text, media_kind, media_ref),
    )
    return int(rows[0]["id"])


async def get_message(db: Database, message_id: int) -> ThreadMessage | None:
    row = await db.fetchone(
        "SELECT id, broadcast_id, resident_id, from_id, text, media_kind, media_ref, at FROM broadcast_replies"
        " WHERE id = ?", (message_id,),
    )
    return ThreadMessage(*tuple(row)) if row else None


async def thread(db: Database, broadcast_id: int, resident_id: int) -> list[ThreadMessage]:
    rows = await db.fetchall(
        "SELECT id, broadcast_id, resident_id, from_id, text, media_kind, media_ref, at FROM broadcast_replies"
        " WHERE broadcast_id = ? AND resident_id = ? ORDER BY id", (broadcast_id, resident_id),
    )
    return [ThreadMessage(*tuple(r)) for r in rows]


async def reply_counts(db: Database, broadcast_id: int) -> int:
    """Residents who replied to the broadcast."""
    row = await db.fetchone(
        "SELECT count(DISTINCT resident_id) AS n FROM broadcast_replies WHERE broadcast_id = ? AND from_id = resident_id",
        (broadcast_id,),
    )
    return int(row["n"]) if row else 0
