"""The database seam: one interface over SQLite (aiosqlite) and PostgreSQL (asyncpg), chosen by URL.

Query modules write SQL once with ``?`` (or ``:name``) placeholders and call the methods below; the
PostgreSQL backend translates placeholders. Where the two engines really differ, the two versions sit side
by side in storage/ (``dialect.pick``) — see docs/ARCHITECTURE.md, "Two databases".
"""

from __future__ import annotations

import contextvars
import logging
import secrets
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

Dialect = Literal["sqlite", "postgres"]
# What a database fault looks like to callers: a full disk, a file that cannot be written, a lock held too
# long, a connection lost. Each backend adds its driver's base error (storage/sqlite.py, storage/postgres.py).
STORAGE_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, OSError)
Params = Sequence[Any] | Mapping[str, Any]

# aiosqlite logs every statement with its parameters at DEBUG: access tokens, what people wrote. Even a
# debugging run (-v) must not copy those into a log file.
logging.getLogger("aiosqlite").setLevel(logging.INFO)


class Row(Protocol):
    """A result row: by column name or position, as sqlite3.Row and asyncpg.Record both allow."""

    def __getitem__(self, key: Any, /) -> Any: ...
    def __iter__(self) -> Iterator[Any]: ...
    def __len__(self) -> int: ...
    def keys(self) -> Any: ...


@dataclass(frozen=True)
class Statement:
    """One write kept for later; a later statement with the same KEY replaces it (one menu per person)."""

    sql: str
    params: Params = ()
    key: object = None


class Executor(ABC):
    """What query functions call: on the database itself, or inside ``Database.transaction()``."""

    @abstractmethod
    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; returns how many rows it changed."""

    @abstractmethod
    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]: ...

    @abstractmethod
    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None: ...

    async def returning(self, sql: str, params: Params = ()) -> list[Row]:
        """Run one write statement with a RETURNING clause; returns its rows."""
        return await self.fetchall(sql, params)

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        """The first row of a query meant to return one row."""
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        """The first column of the first row, or None."""
        row = await self.fetchone(sql, params)
        return row[0] if row is not None else None


# Writes a turn makes but never reads back (guide events, its state, its menu) wait here and go to the
# database in the turn's one closing transaction; outside a turn they are written at once.
_PENDING: contextvars.ContextVar[list[Statement] | None] = contextvars.ContextVar("pending_writes", default=None)


@contextmanager
def deferred_writes() -> Iterator[list[Statement]]:
    """Collect ``Database.write_later`` statements made in this task until the block ends."""
    pending: list[Statement] = []
    token = _PENDING.set(pending)
    try:
        yield pending
    finally:
        _PENDING.reset(token)


class Database(Executor):
    """A connection (SQLite) or a pool (PostgreSQL), and what every query module needs from it."""

    dialect: Dialect
    url: str

    def __init__(self) -> None:
        # Every call that reaches the database engine: a hop to aiosqlite's thread, or a network round trip.
        self.round_trips = 0
        # Names this process among the workers sharing the database (PostgreSQL sees it as application_name).
        self.worker_id = "tcns-" + secrets.token_hex(6)

    @abstractmethod
    def transaction(self) -> AbstractAsyncContextManager[Executor]:
        """BEGIN … COMMIT; rolled back on any exception."""

    @abstractmethod
    async def batch(self, statements: Sequence[Statement]) -> None:
        """Run independent writes in one transaction and one round trip."""

    @abstractmethod
    async def close(self) -> None: ...

    async def write_later(self, sql: str, params: Params = (), key: object = None) -> None:
        """Write now, or with the current turn's closing transaction when a turn is collecting writes."""
        pending = _PENDING.get()
        if pending is None:
            await self.execute(sql, params)
            return
        if key is not None:
            pending[:] = [s for s in pending if s.key != key]
        pending.append(Statement(sql, params, key))

    async def live_workers(self) -> set[str]:
        """Ids of the worker processes connected now (on SQLite only this one)."""
        return {self.worker_id}

    async def lead(self, job: str) -> bool:
        """True in the one process that should run background job JOB now (digests, reminders, token
        refresh). One SQLite process always leads; on PostgreSQL the worker holding the job's advisory
        lock does, until its connection ends — then another worker takes over at its next check."""
        return True

    def readers(self, count: int) -> AbstractAsyncContextManager[list[Database]]:
        """COUNT handles for long reads that may run beside each other (reports, exports)."""
        return _same(self, count)


class _same(AbstractAsyncContextManager[list[Database]]):
    def __init__(self, db: Database, count: int) -> None:
        self.handles = [db] * count

    async def __aenter__(self) -> list[Database]:
        return self.handles

    async def __aexit__(self, *exc: object) -> None:
        return None


def sqlite_url(path: str | Path) -> str:
    """The URL of a SQLite file: ``sqlite:///relative/path`` or ``sqlite:////absolute/path``."""
    return f"sqlite:///{path}"


def dialect_of(url: str) -> Dialect:
    if url.startswith(("postgresql://", "postgres://")):
        return "postgres"
    if url.startswith("sqlite:///"):
        return "sqlite"
    raise ValueError(f"unsupported database URL {url.split('://', 1)[0]}://… (use sqlite:/// or postgresql://)")


async def connect(target: str | Path, migrate_to_latest: bool = True, pool_size: int = 20) -> Database:
    """Open a database by URL (``sqlite:///…``, ``postgresql://…``) or SQLite file path; apply migrations."""
    from storage.migrate import migrate

    url = str(target) if "://" in str(target) else sqlite_url(target)
    db: Database
    if dialect_of(url) == "postgres":
        from storage.postgres import connect_postgres

        db = await connect_postgres(url, pool_size)
    else:
        from storage.sqlite import connect_sqlite

        db = await connect_sqlite(url[len("sqlite:///"):])
    if migrate_to_latest:
        try:
            await migrate(db)
        except BaseException:
            await db.close()
            raise
    return db
