"""PostgreSQL through asyncpg: a connection pool, ``?``/``:name`` placeholders translated to ``$n``."""

from __future__ import annotations

import asyncio
import secrets
import zlib
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, cast

import asyncpg

from storage.db import Database, Executor, Params, Row, Statement
from storage.dialect import to_postgres


def _job_key(job: str) -> int:
    """The advisory lock number of a background job (its own range, apart from people's turn locks)."""
    return 7_301_995_100 + zlib.crc32(job.encode())


def _changed(status: str) -> int:
    """Rows changed, from a command tag such as ``UPDATE 3`` or ``INSERT 0 1``."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


class PostgresTransaction(Executor):
    """Statements on one pooled connection inside BEGIN … COMMIT."""

    def __init__(self, db: PostgresDatabase, conn: Any) -> None:
        self.db = db
        self.conn = conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        query, args = to_postgres(sql, params)
        self.db.round_trips += 1
        return _changed(await self.conn.execute(query, *args))

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        query, args = to_postgres(sql, params)
        self.db.round_trips += 1
        return cast(list[Row], await self.conn.fetch(query, *args))

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        batch = [list(r) for r in rows]
        if batch:
            query, _ = to_postgres(sql, batch[0])
            self.db.round_trips += 1
            await self.conn.executemany(query, batch)


async def _keep_session(conn: Any) -> None:
    """Pool release: no reset query (asyncpg's default costs a round trip per release). Turns release
    their advisory lock themselves; nothing else changes session state."""


class PostgresDatabase(Database):
    """A pool of connections; single statements run on whichever connection is free."""

    dialect = "postgres"

    def __init__(self, pool: Any, url: str, pool_size: int) -> None:
        super().__init__()
        self.pool = pool
        self.url = url
        # A turn keeps one connection (its person's lock) while its handler borrows others; at most half
        # the pool is kept that way, so handlers and background jobs always find a free connection.
        self.turn_slots = asyncio.Semaphore(max(1, pool_size // 2))
        self._leading: dict[str, Any] = {}  # job → the connection holding its advisory lock

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[Executor]:
        async with self.pool.acquire() as conn:
            self.round_trips += 1
            transaction = conn.transaction()
            await transaction.start()
            try:
                yield PostgresTransaction(self, conn)
            except BaseException:
                self.round_trips += 1
                await transaction.rollback()
                raise
            self.round_trips += 1
            await transaction.commit()

    def transaction(self) -> AbstractAsyncContextManager[Executor]:
        return self._transaction()

    async def execute(self, sql: str, params: Params = ()) -> int:
        query, args = to_postgres(sql, params)
        self.round_trips += 1
        return _changed(await self.pool.execute(query, *args))

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        query, args = to_postgres(sql, params)
        self.round_trips += 1
        return cast(list[Row], await self.pool.fetch(query, *args))

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        async with self.transaction() as tx:
            await tx.executemany(sql, rows)

    async def batch(self, statements: Sequence[Statement]) -> None:
        if not statements:
            return
        query, args = combined(statements, "SELECT 1", ())
        self.round_trips += 1
        await self.pool.execute(query, *args)

    async def live_workers(self) -> set[str]:
        rows = await self.fetchall(
            "SELECT DISTINCT application_name FROM pg_stat_activity WHERE application_name LIKE 'tcns-%'"
        )
        return {r["application_name"] for r in rows} | {self.worker_id}

    async def lead(self, job: str) -> bool:
        held = self._leading.get(job)
        if held is not None:
            try:
                self.round_trips += 1
                await held.fetchval("SELECT 1")  # the lock lives as long as this connection
                return True
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
                del self._leading[job]
                await self.pool.release(held)
        conn = await self.pool.acquire()
        self.round_trips += 1
        if await conn.fetchval("SELECT pg_try_advisory_lock($1)", _job_key(job)):
            self._leading[job] = conn
            return True
        await self.pool.release(conn)
        return False

    async def close(self) -> None:
        for conn in self._leading.values():
            await self.pool.release(conn)
        self._leading.clear()
        await self.pool.close()


def combined(statements: Sequence[Statement], tail: str, tail_params: Params) -> tuple[str, list[Any]]:
    """Independent writes as data-modifying WITH clauses of one statement ending in TAIL: one round trip,
    one transaction. They all see the database as it was when the statement began."""
    parts: list[str] = []
    args: list[Any] = []
    for number, statement in enumerate(statements):
        query, values = to_postgres(statement.sql, statement.params, offset=len(args))
        parts.append(f"w{number} AS ({query})")
        args += values
    query, values = to_postgres(tail, tail_params, offset=len(args))
    return f"WITH {', '.join(parts)} {query}" if parts else query, args + values


async def migrate_postgres(
    db: PostgresDatabase, pending: Sequence[Any], compat: str, create_table: str, lock_key: int
) -> list[str]:
    """Apply pending migrations on PostgreSQL: one worker at a time (an advisory lock), each migration
    a whole script in one transaction."""
    from storage.migrate import MigrationError

    applied: list[str] = []
    async with db.pool.acquire() as conn:
        await conn.execute("SELECT pg_advisory_lock($1)", lock_key)
        try:
            async with conn.transaction():
                await conn.execute(compat)
                await conn.execute(create_table)
            done = {r["name"] for r in await conn.fetch("SELECT name FROM _migrations")}
            for migration in pending:
                if migration.name in done:
                    continue
                try:
                    async with conn.transaction():
                        if migration.sql.strip():
                            await conn.execute(migration.sql)
                        await conn.execute("INSERT INTO _migrations (name) VALUES ($1)", migration.name)
                except asyncpg.PostgresError as exc:
                    raise MigrationError(f"migration {migration.name} failed and was rolled back: {exc}") from exc
                applied.append(migration.name)
        finally:
            await conn.execute("SELECT pg_advisory_unlock($1)", lock_key)
    return applied


async def connect_postgres(url: str, pool_size: int) -> PostgresDatabase:
    try:
        worker_id = "tcns-" + secrets.token_hex(6)
        pool = await asyncpg.create_pool(url, min_size=1, max_size=pool_size, reset=_keep_session,
                                         server_settings={"application_name": worker_id})
    except (OSError, asyncpg.PostgresError) as exc:
        raise ConnectionError(f"cannot reach the PostgreSQL database: {exc}") from exc
    db = PostgresDatabase(pool, url, pool_size)
    db.worker_id = worker_id
    return db
