"""A resident's turn in two round trips: one call opens it (de-duplication, the person's lock, who they
are, their state and menu, and for a typed message or a photo whether it may belong to a conversation
with a member or a broadcast), one transaction closes it (the writes the turn kept back, then the lock).

SQLite runs each half as one hop to aiosqlite's thread (one process: the engine's asyncio lock keeps a
person's turns in order). PostgreSQL opens with ``turn_open`` (migration 0013), which takes a session
advisory lock per person so several worker processes still handle one person's messages in order; the
turn keeps that pooled connection until its closing statement releases the lock.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from storage import broadcast_replies, conversations, help_requests, people
from storage.db import Database, Statement
from storage.people import Person, person_from
from storage.postgres import PostgresDatabase, combined

DEDUPE = "INSERT INTO processed_messages (channel, message_id) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING 1"
STATE = "SELECT data FROM conversation_state WHERE person_id = ?"
MENU = "SELECT actions FROM choice_menus WHERE person_id = ?"
_THREADS = (help_requests.TALKING, broadcast_replies.ANSWERING)
THREADS = "SELECT " + ", ".join(f"({sql.format(person=':person')})" for sql in _THREADS)


@dataclass(frozen=True)
class Threads:
    """What a private message may be part of besides a question: a help request a member took (everything
    the resident sends goes to that member), a broadcast whose replies are wanted. False means "certainly
    not", so a claim can skip its own read; the claim reads the details when it is True."""

    talking: bool
    answering: bool


@dataclass
class OpenTurn:
    """What a turn starts from; ``conn`` holds the person's lock on PostgreSQL until the turn closes."""

    person: Person
    created: bool
    state: dict[str, Any]
    menu: list[str]
    lock_key: int = 0
    conn: Any = field(default=None, repr=False)
    threads: Threads | None = None  # asked for with THREADS=True; None: not known, a claim reads for itself


def lock_key(channel: str, user_id: str) -> int:
    """A stable signed 64-bit number per person, for PostgreSQL's advisory locks."""
    digest = hashlib.blake2b(f"{channel}:{user_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


async def open_turn(
    db: Database, channel: str, user_id: str, chat_id: str, display_name: str, locale: str,
    message_id: str | None, *, threads: bool = False,
) -> OpenTurn | None:
    """Start a turn in one round trip; None when MESSAGE_ID was handled before (a redelivery). THREADS:
    also find out what the message may belong to (for typed text and media, which claims may take)."""
    if db.dialect == "postgres":
        return await _open_postgres(db, channel, user_id, chat_id, display_name, locale, message_id, threads)
    from storage.sqlite import SqliteDatabase

    assert isinstance(db, SqliteDatabase)

    def work(conn: sqlite3.Connection) -> OpenTurn | None:
        if message_id and conn.execute(DEDUPE, (channel, message_id)).fetchone() is None:
            return None
        row = conn.execute(people.TOUCH, people.touch_params(channel, user_id, chat_id, display_name)).fetchone()
        created = row is None
        if row is None:
            row = conn.execute(
                people.CREATE, people.create_params(channel, user_id, chat_id, display_name, locale)
            ).fetchone()
        person = person_from(row)
        state = conn.execute(STATE, (person.id,)).fetchone()
        menu = conn.execute(MENU, (person.id,)).fetchone()
        found = Threads(*map(bool, conn.execute(THREADS, {"person": person.id}).fetchone())) if threads else None
        return OpenTurn(person, created, conversations.state_from(state[0] if state else None),
                        conversations.menu_from(menu[0] if menu else None), threads=found)

    return await db.in_one_hop(work, write=True)


# The same questions after turn_open, in its statement. They see what was committed when the statement
# began, before the person's lock was granted: what changed meanwhile was done by others (a member taking
# the request) at the same moment as this message, and a True that is no longer true only costs the read.
OPEN_WITH_THREADS = (
    "SELECT o.*, " + ", ".join(
        f"o.fresh AND ({sql.format(person='(o.person).id')}) AS {name}"
        for name, sql in zip(("talking", "answering"), _THREADS, strict=True)
    ) + " FROM turn_open($1, $2, $3, $4, $5, $6, $7) AS o"
)


async def _open_postgres(
    db: Database, channel: str, user_id: str, chat_id: str, display_name: str, locale: str,
    message_id: str | None, threads: bool,
) -> OpenTurn | None:
    assert isinstance(db, PostgresDatabase)
    key = lock_key(channel, user_id)
    await db.turn_slots.acquire()
    try:
        conn = await db.pool.acquire()
    except BaseException:
        db.turn_slots.release()
        raise
    try:
        db.round_trips += 1
        row = await conn.fetchrow(
            OPEN_WITH_THREADS if threads else "SELECT * FROM turn_open($1, $2, $3, $4, $5, $6, $7)",
            channel, user_id, chat_id, display_name[:100], locale, message_id or None, key,
        )
    except BaseException:
        conn.terminate()  # it may hold the person's lock already: never hand it back to the pool as it is
        await _release(db, conn)
        raise
    if not row["fresh"]:
        await _release(db, conn)
        return None
    return OpenTurn(person_from(row["person"]), row["created"], conversations.state_from(row["state"]),
                    conversations.menu_from(row["menu"]), key, conn,
                    Threads(row["talking"], row["answering"]) if threads else None)


async def close_turn(db: Database, turn: OpenTurn, writes: list[Statement]) -> None:
    """Write what the turn kept back in one transaction and one round trip, then release the person."""
    if db.dialect != "postgres":
        await db.batch(writes)
        return
    assert isinstance(db, PostgresDatabase)
    try:
        if writes:
            # The person's row stays locked until this commits, so the next turn's turn_open (which
            # updates that row first) waits for these writes even though the advisory lock goes now.
            tail = ("SELECT pg_advisory_unlock(?) FROM (SELECT id FROM people WHERE id = ?"
                    " FOR NO KEY UPDATE) AS held")
            query, args = combined(writes, tail, (turn.lock_key, turn.person.id))
        else:
            query, args = "SELECT pg_advisory_unlock($1)", [turn.lock_key]
        db.round_trips += 1
        try:
            await turn.conn.execute(query, *args)
        except Exception:
            await turn.conn.execute("SELECT pg_advisory_unlock_all()")
            raise
        except BaseException:
            turn.conn.terminate()
            raise
    finally:
        await _release(db, turn.conn)


async def abandon(db: Database, turn: OpenTurn) -> None:
    """End a turn that was cancelled: release the person without writing anything."""
    if turn.conn is None:
        return
    assert isinstance(db, PostgresDatabase)
    try:
        await turn.conn.execute("SELECT pg_advisory_unlock_all()")
    except BaseException:
        turn.conn.terminate()  # a connection that may still hold the lock must not go back to the pool
        raise
    finally:
        await _release(db, turn.conn)


async def _release(db: PostgresDatabase, conn: Any) -> None:
    try:
        await db.pool.release(conn)
    finally:
        db.turn_slots.release()
