"""A resident's turn in two round trips: one call opens it (de-duplication, the person's lock, who they
are, their state and menu), one transaction closes it (the writes the turn kept back, then the lock).

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

from storage import conversations, people
from storage.db import Database, Statement
from storage.people import Person, person_from
from storage.postgres import PostgresDatabase, combined

DEDUPE = "INSERT INTO processed_messages (channel, message_id) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING 1"
STATE = "SELECT data FROM conversation_state WHERE person_id = ?"
MENU = "SELECT actions FROM choice_menus WHERE person_id = ?"


@dataclass
class OpenTurn:
    """What a turn starts from; ``conn`` holds the person's lock on PostgreSQL until the turn closes."""

    person: Person
    created: bool
    state: dict[str, Any]
    menu: list[str]
    lock_key: int = 0
    conn: Any = field(default=None, repr=False)


def lock_key(channel: str, user_id: str) -> int:
    """A stable signed 64-bit number per person, for PostgreSQL's advisory locks."""
    digest = hashlib.blake2b(f"{channel}:{user_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


async def open_turn(
    db: Database, channel: str, user_id: str, chat_id: str, display_name: str, locale: str,
    message_id: str | None,
) -> OpenTurn | None:
    """Start a turn in one round trip; None when MESSAGE_ID was handled before (a redelivery)."""
    if db.dialect == "postgres":
        return await _open_postgres(db, channel, user_id, chat_id, display_name, locale, message_id)
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
        return OpenTurn(person, created, conversations.state_from(state[0] if state else None),
                        conversations.menu_from(menu[0] if menu else None))

    return await db.in_one_hop(work, write=True)


async def _open_postgres(
    db: Database, channel: str, user_id: str, chat_id: str, display_name: str, locale: str,
    message_id: str | None,
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
            "SELECT * FROM turn_open($1, $2, $3, $4, $5, $6, $7)",
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
                    conversations.menu_from(row["menu"]), key, conn)


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
