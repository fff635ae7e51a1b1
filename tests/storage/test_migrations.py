"""Numbered migrations on real SQLite: fresh, twice, and a failing one rolls back."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.db import connect
from storage.migrate import Migration, MigrationError, bundled_migrations, migrate, split_statements


async def test_fresh_database_gets_every_migration_recorded() -> None:
    db = await connect(":memory:", migrate_to_latest=False)
    applied = await migrate(db)
    assert applied == [m.name for m in bundled_migrations()]
    assert applied[0] == "0001_core"
    rows = await db.fetchall("SELECT name FROM _migrations ORDER BY name")
    assert [r["name"] for r in rows] == applied
    tables = {r["name"] for r in await db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"people", "conversation_state", "guide_events", "feedback", "help_requests", "assists"} <= tables
    await db.close()


async def test_migrating_twice_applies_nothing_the_second_time(tmp_path: Path) -> None:
    db = await connect(tmp_path / "bot.db")
    assert await migrate(db) == []
    await db.close()
    db = await connect(tmp_path / "bot.db")
    assert await migrate(db) == []
    count = await db.fetchone("SELECT count(*) AS n FROM _migrations")
    assert count is not None and count["n"] == len(bundled_migrations())
    await db.close()


async def test_failed_migration_rolls_back_completely() -> None:
    db = await connect(":memory:")
    broken = Migration(9001, "9001_broken", "CREATE TABLE half_done (id INTEGER);\nINSERT INTO nowhere VALUES (1);\n")
    with pytest.raises(MigrationError, match="9001_broken failed and was rolled back: no such table: nowhere"):
        await migrate(db, [broken])
    assert await db.fetchone("SELECT name FROM sqlite_master WHERE name = 'half_done'") is None
    assert await db.fetchone("SELECT name FROM _migrations WHERE name = '9001_broken'") is None
    # The database is still usable and a corrected migration applies.
    fixed = Migration(9001, "9001_broken", "CREATE TABLE half_done (id INTEGER);")
    assert await migrate(db, [fixed]) == ["9001_broken"]
    await db.close()


async def test_pragmas_are_set(tmp_path: Path) -> None:
    db = await connect(tmp_path / "bot.db")
    journal = await db.fetchone("PRAGMA journal_mode")
    keys = await db.fetchone("PRAGMA foreign_keys")
    timeout = await db.fetchone("PRAGMA busy_timeout")
    assert journal is not None and journal[0] == "wal"
    assert keys is not None and keys[0] == 1
    assert timeout is not None and timeout[0] == 5000
    await db.close()


def test_statement_splitter_keeps_trigger_bodies_whole() -> None:
    sql = (
        "CREATE TABLE a (x);\n-- a comment\nCREATE TRIGGER t AFTER INSERT ON a BEGIN\n"
        "  INSERT INTO a VALUES (1);\nEND;\n"
    )
    statements = split_statements(sql)
    assert len(statements) == 2
    assert statements[1].startswith("-- a comment\nCREATE TRIGGER") and statements[1].endswith("END;")


def test_incomplete_statement_is_an_error() -> None:
    with pytest.raises(MigrationError, match="incomplete SQL statement"):
        split_statements("CREATE TABLE a (x);\nCREATE TABLE b (")
