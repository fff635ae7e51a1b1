"""The broadcast worker's side of the outbox: claim a row, mark its outcome, resume after a crash."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from storage.broadcasts import _COLUMNS, Broadcast, _broadcast
from storage.db import Database
from storage.dialect import in_list, pick

_EPOCH = "extract(epoch FROM clock_timestamp())::double precision"


def iso(moment: datetime) -> str:
    """A UTC timestamp in the form the database stores: ``2026-11-23T08:00:00.000Z``."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


@dataclass(frozen=True)
class Delivery:
    """One recipient's row, with what the worker needs to send to them now."""

    id: int
    broadcast_id: int
    person_id: int
    user_id: str
    chat_id: str
    locale: str
    as_member: bool
    attempts: int
    wanted: bool  # False: blocked the bot, or (as a resident) turned announcements off since it was queued


async def requeue_in_flight(db: Database) -> int:
    """Rows left "sending" by a worker that stopped (a crash, a kill) go back to the queue, or are cancelled
    with their broadcast. Rows claimed by a worker still connected are being sent right now."""
    live = sorted(await db.live_workers())
    return await db.execute(
        "UPDATE broadcast_deliveries SET status = CASE (SELECT b.status FROM broadcasts b"
        " WHERE b.id = broadcast_id) WHEN 'cancelled' THEN 'cancelled' ELSE 'queued' END"
        " WHERE status = 'sending' AND broadcast_id IN (SELECT id FROM broadcasts)"
        f" AND (claimed_by IS NULL OR claimed_by NOT IN ({in_list(live)}))",
        live,
    )


async def start_due(db: Database, now: datetime) -> list[int]:
    """Scheduled broadcasts whose time has come start sending; returns their ids."""
    rows = await db.returning(
        "UPDATE broadcasts SET status = 'sending', started_at = ?"
        " WHERE status = 'scheduled' AND scheduled_for <= ? RETURNING id", (iso(now), iso(now)),
    )
    return [r["id"] for r in rows]


async def sending(db: Database) -> list[Broadcast]:
    """Broadcasts being sent, oldest first (they are served in that order)."""
    rows = await db.fetchall(f"SELECT {_COLUMNS} FROM broadcasts WHERE status = 'sending' ORDER BY id")
    return [_broadcast(r) for r in rows]


async def finish_completed(db: Database) -> list[Broadcast]:
    """Mark done the sending broadcasts with nothing left to send; returns them."""
    rows = await db.returning(
        "UPDATE broadcasts SET status = 'done', finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
        " WHERE status = 'sending' AND NOT EXISTS (SELECT 1 FROM broadcast_deliveries d"
        " WHERE d.broadcast_id = broadcasts.id AND d.status IN ('queued', 'sending'))"
        f" RETURNING {_COLUMNS}"
    )
    return [_broadcast(r) for r in rows]


async def next_deliveries(
    db: Database, broadcast_id: int, channel: str, now: datetime, limit: int
) -> list[Delivery]:
    """Queued rows of one broadcast on one channel that are due, in the order they were queued."""
    rows = await db.fetchall(
        "SELECT d.id, d.broadcast_id, d.person_id, p.user_id, p.chat_id, p.locale, d.as_member, d.attempts,"
        " (p.unreachable_at IS NULL AND (d.as_member = 1 OR p.announcements_off_at IS NULL)) AS wanted"
        " FROM broadcast_deliveries d JOIN people p ON p.id = d.person_id"
        " WHERE d.broadcast_id = ? AND d.channel = ? AND d.status = 'queued'"
        " AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= ?) ORDER BY d.id LIMIT ?",
        (broadcast_id, channel, iso(now), limit),
    )
    return [Delivery(r["id"], r["broadcast_id"], r["person_id"], r["user_id"], r["chat_id"], r["locale"],
                     bool(r["as_member"]), r["attempts"], bool(r["wanted"])) for r in rows]


_DUE = (
    "SELECT id FROM broadcast_deliveries WHERE broadcast_id = ? AND channel = ? AND status = 'queued'"
    " AND (next_attempt_at IS NULL OR next_attempt_at <= ?) AND id > ? ORDER BY id LIMIT 1"
)


async def claim_next(
    db: Database, broadcast_id: int, channel: str, now: datetime, after: int = 0
) -> Delivery | None:
    """Hand the next due row (after id AFTER) of one broadcast on one channel to this worker, or None.

    On PostgreSQL several workers claim at once: ``FOR UPDATE SKIP LOCKED`` gives each a different row
    without waiting for the others. AFTER lets a sender continue past the rows it already sent instead of
    stepping over them in the index again (until vacuum, every sent row still has an index entry).
    """
    due = _DUE + pick(db, sqlite="", postgres=" FOR UPDATE SKIP LOCKED")
    rows = await db.returning(
        "UPDATE broadcast_deliveries SET status = 'sending', attempts = attempts + 1, claimed_at = ?,"
        f" claimed_by = ? WHERE id = ({due}) RETURNING id, broadcast_id, person_id, as_member, attempts - 1 AS attempts,"
        " (SELECT user_id FROM people p WHERE p.id = person_id) AS user_id,"
        " (SELECT chat_id FROM people p WHERE p.id = person_id) AS chat_id,"
        " (SELECT locale FROM people p WHERE p.id = person_id) AS locale,"
        " (SELECT p.unreachable_at IS NULL AND (as_member = 1 OR p.announcements_off_at IS NULL)"
        "  FROM people p WHERE p.id = person_id) AS wanted",
        (iso(now), db.worker_id, broadcast_id, channel, iso(now), after),
    )
    if not rows:
        return None
    r = rows[0]
    return Delivery(r["id"], r["broadcast_id"], r["person_id"], r["user_id"], r["chat_id"], r["locale"],
                    bool(r["as_member"]), r["attempts"], bool(r["wanted"]))


async def reserve_slot(db: Database, channel: str, interval: float) -> float:
    """Seconds to wait before this worker's next message on CHANNEL so that all workers together keep one
    message per INTERVAL (PostgreSQL; a single SQLite process paces itself)."""
    if db.dialect != "postgres":
        return 0.0
    wait = await db.fetchval(
        f"INSERT INTO send_pace AS p (channel, next_at) VALUES (?, {_EPOCH} + CAST(? AS DOUBLE PRECISION))"
        f" ON CONFLICT (channel) DO UPDATE SET next_at = greatest(p.next_at, {_EPOCH}) + CAST(? AS DOUBLE PRECISION)"
        f" RETURNING p.next_at - CAST(? AS DOUBLE PRECISION) - {_EPOCH}",
        (channel, interval, interval, interval),
    )
    return max(0.0, float(wait))


async def pause_channel(db: Database, channel: str, seconds: float) -> None:
    """Every worker waits SECONDS before its next message on CHANNEL (a 429's retry_after)."""
    if db.dialect == "postgres":
        await db.execute(
            f"UPDATE send_pace SET next_at = greatest(next_at, {_EPOCH} + CAST(? AS DOUBLE PRECISION))"
            " WHERE channel = ?", (seconds, channel),
        )


async def mark_sending(db: Database, delivery_id: int) -> bool:
    """Claim one known queued row; False if it was cancelled (or claimed) meanwhile."""
    changed = await db.execute(
        "UPDATE broadcast_deliveries SET status = 'sending', attempts = attempts + 1, claimed_by = ?,"
        " claimed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ? AND status = 'queued'",
        (db.worker_id, delivery_id),
    )
    return changed == 1


async def mark_sent(db: Database, delivery_id: int) -> None:
    await db.execute(
        "UPDATE broadcast_deliveries SET status = 'sent', error = NULL,"
        " sent_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?", (delivery_id,),
    )


async def mark_failed(db: Database, delivery_id: int, error: str) -> None:
    await db.execute(
        "UPDATE broadcast_deliveries SET status = 'failed', error = ? WHERE id = ?", (error[:300], delivery_id)
    )


async def mark_stopped(db: Database, delivery_id: int, person_id: int, blocked: bool, error: str = "") -> None:
    """The person cannot or does not want to receive it; a block also leaves them out of later broadcasts."""
    async with db.transaction() as tx:
        await tx.execute(
            "UPDATE broadcast_deliveries SET status = 'stopped', error = ? WHERE id = ?",
            (error[:300] or None, delivery_id),
        )
        if blocked:
            await tx.execute(
                "UPDATE people SET unreachable_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
                (person_id,),
            )


async def retry_at(db: Database, delivery_id: int, when: datetime, error: str, counts: bool = True) -> None:
    """Back to the queue until WHEN; a rate-limit wait (COUNTS False) does not use up an attempt."""
    await db.execute(
        "UPDATE broadcast_deliveries SET next_attempt_at = ?, error = ?, attempts = attempts - ?,"
        " status = CASE (SELECT b.status FROM broadcasts b WHERE b.id = broadcast_id)"
        " WHEN 'cancelled' THEN 'cancelled' ELSE 'queued' END WHERE id = ? AND status = 'sending'",
        (iso(when), error[:300], 0 if counts else 1, delivery_id),
    )


async def in_flight(db: Database) -> int:
    """Rows handed to a channel whose outcome is not yet recorded."""
    row = await db.fetchone(
        "SELECT count(*) AS n FROM broadcast_deliveries WHERE status = 'sending'"
        " AND broadcast_id IN (SELECT id FROM broadcasts)"
    )
    return int(row["n"]) if row else 0
