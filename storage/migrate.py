"""Numbered migrations, each in one transaction, recorded in ``_migrations``, on either database.

``NNNN_name.sql`` runs on both engines (on PostgreSQL after ``dialect.postgres_ddl``);
``NNNN_name.postgres.sql`` beside it replaces it on PostgreSQL, ``NNNN_name.sqlite.sql`` on SQLite. A
migration with only one engine's file is recorded on the other without running anything.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from importlib import resources

from storage.db import Database, Dialect
from storage.dialect import postgres_ddl

MIGRATIONS_PACKAGE = "storage.migrations"
# Functions that let shared SQL written for SQLite run on PostgreSQL (strftime, group_concat, …).
POSTGRES_COMPAT = "postgres_compat.sql"
_MIGRATION_LOCK = 7_301_995_001  # advisory lock key: one worker migrates while the others wait


@dataclass(frozen=True)
class Migration:
    """A numbered SQL file: ``0001_core.sql`` → number 1, name ``0001_core``."""

    number: int
    name: str
    sql: str


class MigrationError(Exception):
    """A migration failed; the transaction was rolled back and nothing of it remains."""


def bundled_migrations(dialect: Dialect = "sqlite") -> list[Migration]:
    """The migrations shipped in storage/migrations as DIALECT runs them, in order."""
    files: dict[str, dict[str, str]] = {}
    for entry in resources.files(MIGRATIONS_PACKAGE).iterdir():
        name = entry.name
        if not name.endswith(".sql") or not name[:4].isdigit():
            continue
        stem, _, kind = name[:-4].partition(".")
        files.setdefault(stem, {})[kind or "shared"] = entry.read_text(encoding="utf-8")
    found = []
    for stem, texts in files.items():
        if dialect in texts:
            sql = texts[dialect]
        elif "shared" in texts:
            sql = postgres_ddl(texts["shared"]) if dialect == "postgres" else texts["shared"]
        else:
            sql = ""  # the other engine's own migration
        found.append(Migration(int(stem.split("_", 1)[0]), stem, sql))
    found.sort(key=lambda m: m.number)
    numbers = [m.number for m in found]
    if len(numbers) != len(set(numbers)):
        raise MigrationError(f"two migrations share a number: {numbers}")
    return found


def split_statements(sql: str) -> list[str]:
    """Split a SQLite script into complete statements (trigger bodies stay whole)."""
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


_CREATE_TABLE = (
    "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY,"
    " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))"
)


async def applied_migrations(db: Database) -> list[str]:
    await db.execute(_CREATE_TABLE)
    rows = await db.fetchall("SELECT name FROM _migrations ORDER BY name")
    return [row["name"] for row in rows]


async def migrate(db: Database, migrations: list[Migration] | None = None) -> list[str]:
    """Apply pending migrations, each in one transaction, and return the names applied."""
    pending = bundled_migrations(db.dialect) if migrations is None else migrations
    if db.dialect == "postgres":
        from storage.postgres import PostgresDatabase, migrate_postgres

        assert isinstance(db, PostgresDatabase)
        compat = resources.files(MIGRATIONS_PACKAGE).joinpath(POSTGRES_COMPAT).read_text(encoding="utf-8")
        return await migrate_postgres(db, pending, compat, _CREATE_TABLE, _MIGRATION_LOCK)
    done = set(await applied_migrations(db))
    applied = []
    for migration in pending:
        if migration.name in done:
            continue
        try:
            async with db.transaction() as tx:
                for statement in split_statements(migration.sql):
                    await tx.execute(statement)
                await tx.execute("INSERT INTO _migrations (name) VALUES (?)", (migration.name,))
        except sqlite3.Error as exc:
            raise MigrationError(f"migration {migration.name} failed and was rolled back: {exc}") from exc
        applied.append(migration.name)
    return applied
