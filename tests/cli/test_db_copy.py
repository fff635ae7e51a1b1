"""``python -m bot db copy`` from a SQLite deployment into PostgreSQL, through the real command line."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import databases
import pytest
from broadcast_world import AN_BINH, DONG, add_person, seed_areas

from storage import assists, broadcasts, roles, teams
from storage.assists import NewAssist
from storage.db import connect, sqlite_url
from storage.dialect import table_names

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not databases.POSTGRES, reason="copies into PostgreSQL"),
]
ROOT = Path(__file__).resolve().parents[2]


def copy(source: str, target: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", "db", "copy", "--from", source, "--to", target],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)


async def a_commune_on_sqlite(path: Path) -> str:
    """A commune with a team, residents, assists (their roll-ups kept by triggers) and a broadcast."""
    db = await connect(path)
    await seed_areas(db)
    team = await teams.create_team(db, "Tổ Đông", DONG)
    member = await add_person(db, "zalo", "an", DONG, team_id=team.id)
    for n in range(30):
        await add_person(db, "zalo", f"r{n}", DONG)
    for n in range(12):
        new = NewAssist(member.id, team.id, DONG, "vneid-install", None, "vneid", household=f"Nhà {n % 5}",
                        household_norm=f"nha {n % 5}")
        await assists.save_assist(db, new, f"zalo:{n}", datetime(2026, 11, 2 + n, 3, tzinfo=UTC))
    coordinator, _ = await roles.ensure_person(db, "zalo", "coord")
    await teams.grant_coordinator(db, coordinator.id, AN_BINH, "cli")
    await broadcasts.create_broadcast(db, coordinator.id, AN_BINH, "residents", "Họp thôn.", None, ["zalo"])
    await db.close()
    return sqlite_url(path)


async def counts(url: str) -> dict[str, int]:
    db = await connect(url)
    try:
        return {t: int(await db.fetchval(f"SELECT count(*) FROM {t}"))
                for t in await table_names(db) if t != "_migrations"}
    finally:
        await db.close()


async def test_copy_moves_every_row_and_ids_carry_on(tmp_path: Path) -> None:
    source = await a_commune_on_sqlite(tmp_path / "old.db")
    target = databases.database_url(tmp_path / "new")
    result = copy(source, target)
    assert result.returncode == 0, result.stderr
    assert "counts verified" in result.stdout
    expected = await counts(source)
    landed = await counts(target)
    assert {table: landed[table] for table in expected} == expected
    assert expected["assists"] == 12 and expected["broadcast_deliveries"] == 30 and expected["assist_village_days"] == 12
    db = await connect(target)
    try:
        team = await teams.create_team(db, "Tổ mới", DONG)  # identities continue after the copied ids
        assert team.id == 2
        reach = await db.fetchval("SELECT households FROM village_reach WHERE village_code = ?", (DONG,))
        assert reach == 5
    finally:
        await db.close()
    before = await counts(target)
    again = copy(source, target)  # a second copy would mix two deployments
    assert again.returncode == 1 and "not empty" in again.stderr
    assert await counts(target) == before


async def test_a_row_that_cannot_be_copied_leaves_the_target_empty(tmp_path: Path) -> None:
    source = await a_commune_on_sqlite(tmp_path / "old.db")
    db = await connect(source)
    person = await db.fetchval("SELECT id FROM people LIMIT 1")
    # SQLite kept a word where a step number belongs; PostgreSQL refuses it.
    await db.execute("INSERT INTO guide_events (person_id, guide_id, event, step) VALUES (?, 'x', 'step', 'two')",
                     (person,))
    await db.close()
    target = databases.database_url(tmp_path / "new")
    result = copy(source, target)
    assert result.returncode == 1 and "guide_events" in result.stderr and "nothing was copied" in result.stderr
    assert set((await counts(target)).values()) == {0}


def test_copy_refuses_a_sqlite_target(tmp_path: Path) -> None:
    result = copy(sqlite_url(tmp_path / "a.db"), sqlite_url(tmp_path / "b.db"))
    assert result.returncode == 2 and "PostgreSQL" in result.stderr
