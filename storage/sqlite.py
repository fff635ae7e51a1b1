"""SQLite through aiosqlite: one connection (WAL, foreign keys, busy timeout) and a write lock."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar, cast

import aiosqlite

from storage.db import Database, Executor, Params, Row, Statement, sqlite_url

T = TypeVar("T")
# aiosqlite logs every statement with its parameters at DEBUG: access tokens, what people wrote. Even a
# debugging run (-v) must not copy those into a log file.
logging.getLogger("aiosqlite").setLevel(logging.INFO)


class SqliteTransaction(Executor):
    """Statements inside BEGIN IMMEDIATE … COMMIT; each is one hop to the connection's thread."""

    def __init__(self, db: SqliteDatabase) -> None:
        self.db = db

    async def execute(self, sql: str, params: Params = ()) -> int:
        self.db.round_trips += 1
        cursor = await self.db.conn.execute(sql, _params(params))
        return cursor.rowcount

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        self.db.round_trips += 1
        return cast(list[Row], list(await self.db.conn.execute_fetchall(sql, _params(params))))

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.db.round_trips += 1
        await self.db.conn.executemany(sql, rows)


class SqliteDatabase(Database):
    """The app's single connection plus a lock so multi-statement writes never interleave."""

    dialect = "sqlite"

    def __init__(self, conn: aiosqlite.Connection, path: str) -> None:
        super().__init__()
        self.conn = conn
        self.path = path
        self.url = sqlite_url(path)
        self._write_lock = asyncio.Lock()

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[Executor]:
        async with self._write_lock:
            self.round_trips += 1
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield SqliteTransaction(self)
            except BaseException:
                self.round_trips += 1
                await self.conn.rollback()
                raise
            self.round_trips += 1
            await self.conn.commit()

    def transaction(self) -> AbstractAsyncContextManager[Executor]:
        return self._transaction()

    # Each await on the connection is a hop to its thread (~30 µs of CPU), so single statements run in one
    # hop: autocommit makes one statement its own transaction, and the write lock keeps it out of another
    # coroutine's open BEGIN … COMMIT.
    async def execute(self, sql: str, params: Params = ()) -> int:
        async with self._write_lock:
            self.round_trips += 1
            cursor = await self.conn.execute(sql, _params(params))
            return cursor.rowcount

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        self.round_trips += 1
        return cast(list[Row], list(await self.conn.execute_fetchall(sql, _params(params))))

    async def returning(self, sql: str, params: Params = ()) -> list[Row]:
        async with self._write_lock:
            self.round_trips += 1
            return cast(list[Row], list(await self.conn.execute_fetchall(sql, _params(params))))

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        async with self._write_lock:
            self.round_trips += 1
            await self.conn.executemany(sql, rows)

    async def batch(self, statements: Sequence[Statement]) -> None:
        if not statements:
            return

        def run(conn: sqlite3.Connection) -> None:
            for statement in statements:
                conn.execute(statement.sql, _params(statement.params))

        await self.in_one_hop(run, write=True)

    async def in_one_hop(self, work: Callable[[sqlite3.Connection], T], write: bool) -> T:
        """Run WORK on the connection's thread in one hop; a write runs inside BEGIN IMMEDIATE … COMMIT."""
        raw = self.conn._conn  # the sqlite3 connection aiosqlite drives from its thread

        def job() -> T:
            if not write:
                return work(raw)
            raw.execute("BEGIN IMMEDIATE")
            try:
                result = work(raw)
            except BaseException:
                raw.rollback()
                raise
            raw.commit()
            return result

        run: Callable[[Callable[[], T]], Awaitable[T]] = self.conn._execute
        if not write:
            self.round_trips += 1
            return await run(job)
        async with self._write_lock:
            self.round_trips += 1
            return await run(job)

    def readers(self, count: int) -> AbstractAsyncContextManager[list[Database]]:
        return self._readers(count)

    @asynccontextmanager
    async def _readers(self, count: int) -> AsyncIterator[list[Database]]:
        """COUNT extra read-only connections to the same file, so long scans run beside each other (SQLite
        releases the GIL) and never queue behind the bot's own connection. An in-memory database has no
        file to share: its own connection is handed out instead."""
        if self.path == ":memory:":
            yield [self] * count
            return
        opened: list[Database] = []
        try:
            for _ in range(count):
                conn = await aiosqlite.connect(self.path, isolation_level=None)
                conn.row_factory = sqlite3.Row
                await conn.execute("PRAGMA busy_timeout=5000")
                await conn.execute("PRAGMA query_only=ON")
                opened.append(SqliteDatabase(conn, self.path))
            yield opened
        finally:
            for reader in opened:
                await reader.close()

    async def close(self) -> None:
        await self.conn.close()


def _params(params: Params) -> Any:
    return params if isinstance(params, dict) else tuple(params)


async def connect_sqlite(path: str) -> SqliteDatabase:
    """Open PATH (``:memory:`` allowed) with WAL, foreign keys and a busy timeout."""
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = await aiosqlite.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    await conn.execute("PRAGMA journal_mode=WAL")
    await conn.execute("PRAGMA synchronous=NORMAL")
    await conn.execute("PRAGMA foreign_keys=ON")
    await conn.execute("PRAGMA busy_timeout=5000")
    return SqliteDatabase(conn, path)
