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

from storage.db import Database
from storage.postgres import PostgresDatabase

BATCH = 5000
_SKIPPED = {"_migrations"}  # each database keeps its own migration record


class CopyError(Exception):
    """The copy was refused or failed; the target was left as it was."""


@dataclass(frozen=True)
class Copied:
    table: str
    rows: int


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
    return sorted(tables.items())


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
    tables = await _tables(target)
    copied: list[Copied] = []
    async with target.pool.acquire() as conn, conn.transaction():
        for table, _ in tables:
            if await conn.fetchval(f"SELECT EXISTS (SELECT 1 FROM {table})"):
                raise CopyError(f"the target is not empty: table {table} has rows")
        for table, _ in tables:
            await conn.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        for table, columns in tables:
            count = 0
            async for batch in _rows(source, table, columns):
                await conn.copy_records_to_table(table, records=batch, columns=columns)
                count += len(batch)
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
