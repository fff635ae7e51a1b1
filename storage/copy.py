"""Moving a deployment: every row of one database into an empty PostgreSQL database, all or nothing.

Both databases are migrated to the same version first. The copy runs in one transaction on the target:
the target's own triggers are off while rows go in (the roll-up tables are copied as they are), identity
counters continue after the highest id, and the row count of every table must equal the source's before
anything is committed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import asyncpg

from storage.db import Database, dialect_of
from storage.dialect import table_names
from storage.postgres import PostgresDatabase

BATCH = 5000
# Each database keeps its own migration record; tables only one engine has (PostgreSQL's shared sending
# pace) hold nothing that needs moving.
_SKIPPED = {"_migrations"}


class CopyError(Exception):
    """The copy was refused or failed; the target was left as it was."""


@dataclass(frozen=True)
class Copied:
    table: str
    rows: int


def check_urls(source: str, target: str) -> None:
    """Refuse what cannot work before anything is opened."""
    for url in (source, target):
        try:
            dialect_of(url)
        except ValueError as exc:
            raise CopyError(str(exc)) from exc
    if dialect_of(target) != "postgres":
        raise CopyError("--to must be a PostgreSQL database (postgresql://…)")


async def _tables(target: PostgresDatabase) -> list[tuple[str, list[str]]]:
    """The target's tables with their columns in order."""
    rows = await target.fetchall(
        "SELECT c.table_name, c.column_name FROM information_schema.columns c"
        " JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name"
        " WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'"
        " ORDER BY c.table_name, c.ordinal_position"
    )
    tables: dict[str, list[str]] = {}
    for row in rows:
        if row["table_name"] not in _SKIPPED:
            tables.setdefault(row["table_name"], []).append(row["column_name"])
    links = await target.fetchall(
        "SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent FROM pg_constraint"
        " WHERE contype = 'f' AND connamespace = current_schema()::regnamespace"
    )
    parents: dict[str, set[str]] = {name: set() for name in tables}
    for link in links:
        if link["child"] in parents and link["parent"] != link["child"]:
            parents[link["child"]].add(link["parent"])
    ordered: list[str] = []
    while len(ordered) < len(parents):  # referenced tables first, so every foreign key finds its row
        ready = sorted(n for n, p in parents.items() if n not in ordered and p <= set(ordered))
        if not ready:
            raise CopyError(f"foreign keys form a cycle among {sorted(set(parents) - set(ordered))}")
        ordered += ready
    return [(name, tables[name]) for name in ordered]


async def _rows(source: Database, table: str, columns: list[str]) -> AsyncIterator[list[tuple[Any, ...]]]:
    """The source table in batches, read without holding everything in memory."""
    query = f"SELECT {', '.join(columns)} FROM {table}"
    if source.dialect == "sqlite":
        from storage.sqlite import SqliteDatabase

        assert isinstance(source, SqliteDatabase)
        async with source.conn.execute(query) as cursor:
            while batch := await cursor.fetchmany(BATCH):
                yield [tuple(r) for r in batch]
        return
    assert isinstance(source, PostgresDatabase)
    async with source.pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
        cursor = await conn.cursor(query)
        while batch := await cursor.fetch(BATCH):
            yield [tuple(r) for r in batch]


async def copy_database(source: Database, target: Database) -> list[Copied]:
    """Copy every table of SOURCE into the empty PostgreSQL TARGET; returns the rows per table."""
    if not isinstance(target, PostgresDatabase):
        raise CopyError("the target must be a PostgreSQL database (postgresql://…)")
    mine = set(await table_names(source)) - _SKIPPED
    tables = [(name, columns) for name, columns in await _tables(target) if name in mine]
    missing = mine - {name for name, _ in tables}
    if missing:
        raise CopyError(f"the target has no table {', '.join(sorted(missing))}: is it the same version?")
    copied: list[Copied] = []
    async with target.pool.acquire() as conn, conn.transaction():
        for table, _ in tables:
            if await conn.fetchval(f"SELECT EXISTS (SELECT 1 FROM {table})"):
                raise CopyError(f"the target is not empty: table {table} has rows")
        for table, _ in tables:
            await conn.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        for table, columns in tables:
            count = 0
            try:
                async for batch in _rows(source, table, columns):
                    await conn.copy_records_to_table(table, records=batch, columns=columns)
                    count += len(batch)
            except (asyncpg.PostgresError, asyncpg.InterfaceError, ValueError, TypeError) as exc:
                raise CopyError(f"{table}: a row could not be copied ({exc}); nothing was copied") from exc
            expected = int(await source.fetchval(f"SELECT count(*) FROM {table}"))
            landed = int(await conn.fetchval(f"SELECT count(*) FROM {table}"))
            if not count == expected == landed:
                raise CopyError(f"{table}: read {count} of {expected} rows, {landed} arrived; nothing was copied")
            copied.append(Copied(table, landed))
        for table, columns in tables:
            await conn.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            if "id" in columns and await conn.fetchval("SELECT pg_get_serial_sequence($1, 'id')", table):
                await conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 0) + 1, false)"
                    f" FROM {table}"
                )
    return copied
