"""Reading for reports: the area filter, the covering index of live assists, and read-only connections."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

import aiosqlite

from storage.db import Database

# Areas inside AREA (itself, its communes and villages); assists may name a commune for commune-level teams.
IN_AREA = "IN (SELECT code FROM areas WHERE code = :area OR commune_code = :area OR province_code = :area)"
# The covering index from 0006 is named so the planner never falls back to the narrower (village, time) one.
LIVE_ASSISTS = "assists INDEXED BY assists_report"


@asynccontextmanager
async def readers(db: Database, count: int = 2) -> AsyncIterator[list[Database]]:
    """COUNT extra read-only connections to the app's database file, closed afterwards.

    Reports and exports read on them, so their scans run beside each other (SQLite releases the GIL) and
    never queue behind — or hold up — the bot's own connection. An in-memory database has no file to
    share: its own connection is handed out instead.
    """
    row = await db.fetchone("PRAGMA database_list")
    path = row["file"] if row else ""
    if not path:
        yield [db] * count
        return
    opened: list[Database] = []
    try:
        for _ in range(count):
            conn = await aiosqlite.connect(path, isolation_level=None)
            conn.row_factory = sqlite3.Row
            await conn.execute("PRAGMA busy_timeout=5000")
            await conn.execute("PRAGMA query_only=ON")
            opened.append(Database(conn))
        yield opened
    finally:
        for reader in opened:
            await reader.close()


async def read_rows(db: Database, sql: str, params: Mapping[str, object]) -> list[sqlite3.Row]:
    """Run a read with named parameters."""
    async with db.conn.execute(sql, dict(params)) as cursor:
        return list(await cursor.fetchall())
