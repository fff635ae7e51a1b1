"""Teams, their members and coordinators' areas."""

from __future__ import annotations

from dataclasses import dataclass

from storage.db import Database
from storage.people import _COLUMNS as PERSON_COLUMNS, Person, _person


@dataclass(frozen=True)
class Team:
    id: int
    name: str
    area_code: str


async def create_team(db: Database, name: str, area_code: str) -> Team:
    team_id = await db.execute("INSERT INTO teams (name, area_code) VALUES (?, ?)", (name, area_code))
    return Team(team_id, name, area_code)


async def get_team(db: Database, team_id: int) -> Team | None:
    row = await db.fetchone("SELECT id, name, area_code FROM teams WHERE id = ?", (team_id,))
    return Team(row["id"], row["name"], row["area_code"]) if row else None


async def teams_in_area(db: Database, area_code: str) -> list[Team]:
    rows = await db.fetchall("SELECT id, name, area_code FROM teams WHERE area_code = ? ORDER BY id", (area_code,))
    return [Team(r["id"], r["name"], r["area_code"]) for r in rows]


async def active_team(db: Database, person_id: int) -> Team | None:
    """The team the person currently belongs to, if any."""
    row = await db.fetchone(
        "SELECT t.id, t.name, t.area_code FROM team_members m JOIN teams t ON t.id = m.team_id"
        " WHERE m.person_id = ? AND m.left_at IS NULL",
        (person_id,),
    )
    return Team(row["id"], row["name"], row["area_code"]) if row else None


async def join_team(db: Database, team_id: int, person_id: int) -> None:
    """Make PERSON a member of TEAM (leaving any other team) and give them the member role."""
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE team_members SET left_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
            " WHERE person_id = ? AND left_at IS NULL", (person_id,),
        )
        await conn.execute("INSERT INTO team_members (team_id, person_id) VALUES (?, ?)", (team_id, person_id))
        await conn.execute(
            "UPDATE people SET role = CASE role WHEN 'coordinator' THEN role ELSE 'member' END WHERE id = ?",
            (person_id,),
        )


async def leave_team(db: Database, person_id: int, removed_by: int | None = None) -> bool:
    """End the person's membership; False when they had none."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE team_members SET left_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), removed_by = ?"
            " WHERE person_id = ? AND left_at IS NULL", (removed_by, person_id),
        )
        await conn.execute("UPDATE people SET role = 'resident' WHERE id = ? AND role = 'member'", (person_id,))
        return cursor.rowcount > 0


async def team_members(db: Database, team_id: int) -> list[Person]:
    cols = ", ".join(f"p.{c.strip()}" for c in PERSON_COLUMNS.split(","))
    rows = await db.fetchall(
        f"SELECT {cols} FROM team_members m JOIN people p ON p.id = m.person_id"
        " WHERE m.team_id = ? AND m.left_at IS NULL ORDER BY m.joined_at", (team_id,),
    )
    return [_person(r) for r in rows]


async def grant_coordinator(db: Database, person_id: int, area_code: str, granted_by: str) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO coordinator_areas (person_id, area_code, granted_by) VALUES (?, ?, ?)"
            " ON CONFLICT DO NOTHING", (person_id, area_code, granted_by),
        )
        await conn.execute("UPDATE people SET role = 'coordinator' WHERE id = ?", (person_id,))


async def revoke_coordinator(db: Database, person_id: int, area_code: str) -> bool:
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE coordinator_areas SET revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
            " WHERE person_id = ? AND area_code = ? AND revoked_at IS NULL", (person_id, area_code),
        )
        await conn.execute(
            "UPDATE people SET role = CASE WHEN EXISTS (SELECT 1 FROM team_members WHERE person_id = ?"
            " AND left_at IS NULL) THEN 'member' ELSE 'resident' END WHERE id = ? AND NOT EXISTS"
            " (SELECT 1 FROM coordinator_areas WHERE person_id = ? AND revoked_at IS NULL)",
            (person_id, person_id, person_id),
        )
        return cursor.rowcount > 0


async def coordinator_areas(db: Database, person_id: int) -> list[str]:
    rows = await db.fetchall(
        "SELECT area_code FROM coordinator_areas WHERE person_id = ? AND revoked_at IS NULL ORDER BY area_code",
        (person_id,),
    )
    return [r["area_code"] for r in rows]


async def coordinators_of(db: Database, area_code: str) -> list[Person]:
    """People who coordinate exactly AREA_CODE."""
    cols = ", ".join(f"p.{c.strip()}" for c in PERSON_COLUMNS.split(","))
    rows = await db.fetchall(
        f"SELECT {cols} FROM coordinator_areas c JOIN people p ON p.id = c.person_id"
        " WHERE c.area_code = ? AND c.revoked_at IS NULL", (area_code,),
    )
    return [_person(r) for r in rows]
