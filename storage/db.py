"""One aiosqlite connection for the app: WAL, foreign keys, busy timeout, numbered migrations."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import aiosqlite

MIGRATIONS_PACKAGE = "storage.migrations"
# aiosqlite logs every statement with its parameters at DEBUG: access tokens, what people wrote. Even a
# debugging run (-v) must not copy those into a log file.
logging.getLogger("aiosqlite").setLevel(logging.INFO)


@dataclass(frozen=True)
class Migration:
    """A numbered SQL file: ``0001_core.sql`` → number 1, name ``0001_core``."""

    number: int
    name: str
    sql: str


class MigrationError(Exception):
    """A migration failed; the transaction was rolled back and nothing of it remains."""


class Database:
    """The app's single connection plus a lock so multi-statement writes never interleave."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn
        self._write_lock = asyncio.Lock()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any exception."""
        async with self._write_lock:
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                await self.conn.rollback()
                raise
            await self.conn.commit()

    # Each await on the connection is a hop to its thread (~30 µs of CPU); an engine turn makes several,
    # so single statements run in one hop: autocommit makes one statement its own transaction, and the
    # write lock keeps it out of another coroutine's open BEGIN … COMMIT.
    async def execute(self, sql: str, params: Iterable[object] = ()) -> int:
        """Run one write statement in its own transaction; returns lastrowid."""
        async with self._write_lock:
            cursor = await self.conn.execute(sql, tuple(params))
            return cursor.lastrowid or 0

    async def execute_returning(self, sql: str, params: Iterable[object] = ()) -> list[sqlite3.Row]:
        """Run one write statement with a RETURNING clause in its own transaction; returns its rows."""
        async with self._write_lock:
            return list(await self.conn.execute_fetchall(sql, tuple(params)))

    async def fetchone(self, sql: str, params: Iterable[object] = ()) -> sqlite3.Row | None:
        """The first row of a query meant to return one row (all rows are read in one hop)."""
        rows = list(await self.conn.execute_fetchall(sql, tuple(params)))
        return rows[0] if rows else None

    async def fetchall(self, sql: str, params: Iterable[object] = ()) -> list[sqlite3.Row]:
        return list(await self.conn.execute_fetchall(sql, tuple(params)))

    async def close(self) -> None:
        await self.conn.close()


async def connect(path: str | Path, migrate_to_latest: bool = True) -> Database:
    """Open PATH (``:memory:`` allowed), set pragmas and apply pending migrations."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = await aiosqlite.connect(str(path), isolation_level=None)
    conn.row_factory = sqlite3.Row
    await conn.execute("PRAGMA journal_mode=WAL")
    await conn.execute("PRAGMA synchronous=NORMAL")
    await conn.execute("PRAGMA foreign_keys=ON")
    await conn.execute("PRAGMA busy_timeout=5000")
    db = Database(conn)
    if migrate_to_latest:
        await migrate(db)
    return db


def bundled_migrations() -> list[Migration]:
    """The SQL files shipped in storage/migrations, in order."""
    found = []
    for entry in resources.files(MIGRATIONS_PACKAGE).iterdir():
        if entry.name.endswith(".sql"):
            stem = entry.name[:-4]
            found.append(Migration(int(stem.split("_", 1)[0]), stem, entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.number)
    numbers = [m.number for m in found]
    if len(numbers) != len(set(numbers)):
        raise MigrationError(f"two migrations share a number: {numbers}")
    return found


def split_statements(sql: str) -> list[str]:
    """Split a script into complete statements (trigger bodies stay whole)."""
    statements, buffer = [], ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip() and not all(
        part.strip().startswith("--") or not part.strip() for part in buffer.splitlines()
    ):
        raise MigrationError(f"incomplete SQL statement at the end: {buffer.strip()[:80]}")
    return statements


async def applied_migrations(db: Database) -> list[str]:
    await db.conn.execute(
        "CREATE TABLE IF NOT EXISTS _migrations ("
        " name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))"
    )
    rows = await db.fetchall("SELECT name FROM _migrations ORDER BY name")
    return [row["name"] for row in rows]


async def migrate(db: Database, migrations: list[Migration] | None = None) -> list[str]:
    """Apply pending migrations, each in one transaction, and return the names applied."""
    pending = bundled_migrations() if migrations is None else migrations
    done = set(await applied_migrations(db))
    applied = []
    for migration in pending:
        if migration.name in done:
            continue
        try:
            async with db.transaction() as conn:
                for statement in split_statements(migration.sql):
                    await conn.execute(statement)
                await conn.execute("INSERT INTO _migrations (name) VALUES (?)", (migration.name,))
        except sqlite3.Error as exc:
            raise MigrationError(f"migration {migration.name} failed and was rolled back: {exc}") from exc
        applied.append(migration.name)
    return applied
