"""The durable intake: updates stored before they are acknowledged, listed in arrival order, deleted when done."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from storage.db import Database, Row

GROUP, PRIVATE = "group", "private"
_COLUMNS = "id, channel, update_key, person_key, lane, payload, attempts"
_ROWS_PER_INSERT = 100  # 6 parameters each, far below SQLite's limit of 32,766


@dataclass(frozen=True)
class NewUpdate:
    """What a channel hands over: the platform's id for it, whose it is, and the update as JSON text."""

    update_key: str
    person_key: str
    payload: str
    lane: str = PRIVATE


@dataclass(frozen=True)
class StoredUpdate:
    id: int
    channel: str
    update_key: str
    person_key: str
    lane: str
    payload: str
    attempts: int


def _stored(row: Row) -> StoredUpdate:
    return StoredUpdate(**{key: row[key] for key in row.keys()})  # noqa: SIM118 - a Row


async def store(db: Database, channel: str, updates: Sequence[NewUpdate]) -> list[StoredUpdate]:
    """Store UPDATES durably (one statement per hundred); returns the new ones in arrival order.

    An update whose key is already waiting here (the platform sent it again) is not stored twice.
    """
    stored: list[StoredUpdate] = []
    for start in range(0, len(updates), _ROWS_PER_INSERT):
        chunk = updates[start:start + _ROWS_PER_INSERT]
        values = ", ".join("(?, ?, ?, ?, ?)" for _ in chunk)
        params: list[object] = []
        for update in chunk:
            params += [channel, update.update_key, update.person_key, update.lane, update.payload]
        rows = await db.fetchall(
            "INSERT INTO intake (channel, update_key, person_key, lane, payload)"
            f" VALUES {values} ON CONFLICT (channel, update_key) DO NOTHING RETURNING {_COLUMNS}",
            params,
        )
        stored += [_stored(row) for row in rows]
    stored.sort(key=lambda update: update.id)
    return stored


async def leftovers(db: Database, channel: str) -> list[StoredUpdate]:
    """Updates of CHANNEL not handled before the last stop, oldest first; each start counts one attempt."""
    rows = await db.fetchall(
        f"UPDATE intake SET attempts = attempts + 1 WHERE channel = ? RETURNING {_COLUMNS}", (channel,)
    )
    return sorted((_stored(row) for row in rows), key=lambda update: update.id)


async def done(db: Database, ids: Iterable[int]) -> None:
    """Forget handled updates."""
    chosen = list(ids)
    for start in range(0, len(chosen), 500):
        chunk = chosen[start:start + 500]
        await db.execute(f"DELETE FROM intake WHERE id IN ({', '.join('?' for _ in chunk)})", chunk)


async def waiting(db: Database, channel: str | None = None) -> int:
    """How many updates are stored and not yet handled (of CHANNEL, or of every channel)."""
    if channel is None:
        row = await db.fetchone("SELECT count(*) FROM intake")
    else:
        row = await db.fetchone("SELECT count(*) FROM intake WHERE channel = ?", (channel,))
    return int(row[0]) if row else 0
