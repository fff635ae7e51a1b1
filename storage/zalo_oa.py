"""Zalo OA message windows, monthly quota and the webhook inbox."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from storage.broadcast_queue import iso
from storage.db import Database

FREE_REPLIES = 8  # replies that may carry one message's id


@dataclass(frozen=True)
class Window:
    """What the OA may still send a person: free replies, paid ones, or nothing."""

    user_id: str
    last_message_id: str | None
    last_message_at: str | None
    free_used: int
    interacted_at: str


async def touch_window(db: Database, oa_id: str, user_id: str, at: datetime, message_id: str | None) -> None:
    """A message (MESSAGE_ID given) opens a fresh free window; a follow or a tap only counts as interaction."""
    if message_id:
        await db.execute(
            "INSERT INTO zalo_oa_windows (oa_id, user_id, last_message_id, last_message_at, free_used,"
            " interacted_at) VALUES (?, ?, ?, ?, 0, ?) ON CONFLICT (oa_id, user_id) DO UPDATE SET"
            " last_message_id = excluded.last_message_id, last_message_at = excluded.last_message_at,"
            " free_used = 0, interacted_at = excluded.interacted_at",
            (oa_id, user_id, message_id, iso(at), iso(at)),
        )
    else:
        await db.execute(
            "INSERT INTO zalo_oa_windows (oa_id, user_id, interacted_at) VALUES (?, ?, ?)"
            " ON CONFLICT (oa_id, user_id) DO UPDATE SET interacted_at = excluded.interacted_at",
            (oa_id, user_id, iso(at)),
        )


_WINDOW = "user_id, last_message_id, last_message_at, free_used, interacted_at"


async def get_window(db: Database, oa_id: str, user_id: str) -> Window | None:
    row = await db.fetchone(
        f"SELECT {_WINDOW} FROM zalo_oa_windows WHERE oa_id = ? AND user_id = ?", (oa_id, user_id)
    )
    return Window(*(row[k] for k in row.keys())) if row else None  # noqa: SIM118 - a row, not a dict


async def windows_of(db: Database, oa_id: str, user_ids: Sequence[str]) -> dict[str, Window]:
    """The windows of many people of one OA (a broadcast preview), a few hundred ids per query."""
    found: dict[str, Window] = {}
    for start in range(0, len(user_ids), 500):
        chunk = list(user_ids[start:start + 500])
        marks = ",".join("?" * len(chunk))
        rows = await db.fetchall(
            f"SELECT {_WINDOW} FROM zalo_oa_windows WHERE oa_id = ? AND user_id IN ({marks})", [oa_id, *chunk]
        )
        found.update((r["user_id"], Window(*(r[k] for k in r.keys()))) for r in rows)  # noqa: SIM118
    return found


async def claim_free_reply(
    db: Database, oa_id: str, user_id: str, since: datetime, count: int = 1
) -> str | None:
    """Use COUNT free replies of the person's latest message if it came after SINCE and COUNT are left;
    the message's id, or None (then nothing was used)."""
    rows = await db.returning(
        "UPDATE zalo_oa_windows SET free_used = free_used + ? WHERE oa_id = ? AND user_id = ?"
        " AND last_message_id IS NOT NULL AND last_message_at >= ? AND free_used + ? <= ?"
        " RETURNING last_message_id",
        (count, oa_id, user_id, iso(since), count, FREE_REPLIES),
    )
    return str(rows[0]["last_message_id"]) if rows else None


@dataclass(frozen=True)
class Quota:
    month: str  # 'YYYY-MM'
    remain: int
    checked_at: str


async def get_quota(db: Database, oa_id: str) -> Quota | None:
    row = await db.fetchone("SELECT month, remain, checked_at FROM zalo_oa_quota WHERE oa_id = ?", (oa_id,))
    return Quota(row["month"], row["remain"], row["checked_at"]) if row else None


async def set_quota(db: Database, oa_id: str, month: str, remain: int, now: datetime) -> None:
    await db.execute(
        "INSERT INTO zalo_oa_quota (oa_id, month, remain, checked_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (oa_id) DO UPDATE SET month = excluded.month, remain = excluded.remain,"
        " checked_at = excluded.checked_at",
        (oa_id, month, max(remain, 0), iso(now)),
    )


async def claim_quota(db: Database, oa_id: str, month: str) -> bool:
    """Take one proactive message of MONTH's quota; False when none is left."""
    rows = await db.returning(
        "UPDATE zalo_oa_quota SET remain = remain - 1 WHERE oa_id = ? AND month = ? AND remain > 0"
        " RETURNING remain", (oa_id, month),
    )
    return bool(rows)


async def refund_quota(db: Database, oa_id: str, month: str) -> None:
    """Give back a claimed message that Zalo did not send (and so did not count)."""
    await db.execute("UPDATE zalo_oa_quota SET remain = remain + 1 WHERE oa_id = ? AND month = ?", (oa_id, month))


@dataclass(frozen=True)
class StoredEvent:
    oa_id: str
    event_key: str
    body: str


async def store_event(db: Database, oa_id: str, event_key: str, body: str, now: datetime) -> bool:
    """Keep a verified webhook event before Zalo is answered; False when it was stored before (a redelivery)."""
    rows = await db.returning(
        "INSERT INTO zalo_oa_inbox (oa_id, event_key, body, received_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (oa_id, event_key) DO NOTHING RETURNING oa_id",
        (oa_id, event_key, body, iso(now)),
    )
    return bool(rows)


async def event_done(db: Database, oa_id: str, event_key: str, now: datetime) -> None:
    """Handled: the key stays for de-duplication, the content goes (what people wrote is not kept here)."""
    await db.execute(
        "UPDATE zalo_oa_inbox SET body = '', handled_at = ? WHERE oa_id = ? AND event_key = ?",
        (iso(now), oa_id, event_key),
    )


async def pending_events(db: Database, limit: int = 500) -> list[StoredEvent]:
    """Events stored but never handled (the process stopped in between), oldest first."""
    rows = await db.fetchall(
        "SELECT oa_id, event_key, body FROM zalo_oa_inbox WHERE handled_at IS NULL ORDER BY received_at LIMIT ?",
        (limit,),
    )
    return [StoredEvent(r["oa_id"], r["event_key"], r["body"]) for r in rows]


async def prune_events(db: Database, before: datetime) -> None:
    """Forget handled keys older than BEFORE (Zalo stops redelivering long before)."""
    await db.execute(
        "DELETE FROM zalo_oa_inbox WHERE handled_at IS NOT NULL AND handled_at < ?", (iso(before),)
    )
