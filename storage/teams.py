"""Teams, their members and coordinators' areas."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storage.db import Database
from storage.dialect import in_list
from storage.people import _COLUMNS as PERSON_COLUMNS
from storage.people import Person, person_from


@dataclass(frozen=True)
class Team:
    id: int
    name: str
    area_code: str


async def create_team(db: Database, name: str, area_code: str) -> Team:
    rows = await db.returning("INSERT INTO teams (name, area_code) VALUES (?, ?) RETURNING id", (name, area_code))
    return Team(int(rows[0]["id"]), name, area_code)


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
    async with db.transaction() as tx:
        await tx.execute(
            "UPDATE team_members SET left_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
            " WHERE person_id = ? AND left_at IS NULL", (person_id,),
        )
        await tx.execute("INSERT INTO team_members (team_id, person_id) VALUES (?, ?)", (team_id, person_id))
        await tx.execute(
            "UPDATE people SET role = CASE role WHEN 'coordinator' THEN role ELSE 'member' END WHERE id = ?",
            (person_id,),
        )


async def leave_team(db: Database, person_id: int, removed_by: int | None = None) -> bool:
    """End the person's membership; False when they had none."""
    async with db.transaction() as tx:
        changed = await tx.execute(
            "UPDATE team_members SET left_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), removed_by = ?"
            " WHERE person_id = ? AND left_at IS NULL", (removed_by, person_id),
        )
        await tx.execute("UPDATE people SET role = 'resident' WHERE id = ? AND role = 'member'", (person_id,))
        return changed > 0


async def team_members(db: Database, team_id: int) -> list[Person]:
    cols = ", ".join(f"p.{c.strip()}" for c in PERSON_COLUMNS.split(","))
    rows = await db.fetchall(
        f"SELECT {cols} FROM team_members m JOIN people p ON p.id = m.person_id"
        " WHERE m.team_id = ? AND m.left_at IS NULL ORDER BY m.joined_at", (team_id,),
    )
    return [person_from(r) for r in rows]


async def grant_coordinator(db: Database, person_id: int, area_code: str, granted_by: str) -> None:
    async with db.transaction() as tx:
        await tx.execute(
            "INSERT INTO coordinator_areas (person_id, area_code, granted_by) VALUES (?, ?, ?)"
            " ON CONFLICT DO NOTHING", (person_id, area_code, granted_by),
        )
        await tx.execute("UPDATE people SET role = 'coordinator' WHERE id = ?", (person_id,))


async def revoke_coordinator(db: Database, person_id: int, area_code: str) -> bool:
    async with db.transaction() as tx:
        changed = await tx.execute(
            "UPDATE coordinator_areas SET revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
            " WHERE person_id = ? AND area_code = ? AND revoked_at IS NULL", (person_id, area_code),
        )
        await tx.execute(
            "UPDATE people SET role = CASE WHEN EXISTS (SELECT 1 FROM team_members WHERE person_id = ?"
            " AND left_at IS NULL) THEN 'member' ELSE 'resident' END WHERE id = ? AND NOT EXISTS"
            " (SELECT 1 FROM coordinator_areas WHERE person_id = ? AND revoked_at IS NULL)",
            (person_id, person_id, person_id),
        )
        return changed > 0


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
    return [person_from(r) for r in rows]


async def teams_within(db: Database, area_codes: Sequence[str] | None) -> list[Team]:
    """Teams whose area lies inside any of AREA_CODES (None: every team), by area then id."""
    sql = "SELECT t.id, t.name, t.area_code FROM teams t JOIN areas a ON a.code = t.area_code"
    params: list[object] = []
    if area_codes is not None:
        marks = in_list(area_codes)
        sql += f" WHERE a.code IN ({marks}) OR a.commune_code IN ({marks}) OR a.province_code IN ({marks})"
        params = [*area_codes, *area_codes, *area_codes]
    rows = await db.fetchall(sql + " ORDER BY t.area_code, t.id", params)
    return [Team(r["id"], r["name"], r["area_code"]) for r in rows]


@dataclass(frozen=True)
class Invite:
    team_id: int
    created_by: str
    expires_at: str
    max_uses: int
    uses: int


async def create_invite(
    db: Database, code_hash: str, team_id: int, created_by: str, expires_at: str, max_uses: int
) -> Invite:
    """Store an invite by the hash of its code (the code itself is never stored)."""
    await db.execute(
        "INSERT INTO invites (code_hash, team_id, created_by, expires_at, max_uses) VALUES (?, ?, ?, ?, ?)",
        (code_hash, team_id, created_by, expires_at, max_uses),
    )
    return Invite(team_id, created_by, expires_at, max_uses, 0)


@dataclass(frozen=True)
class Redemption:
    """What using an invite did: outcome is ok, already, wrong, expired, used or revoked."""

    outcome: str
    team: Team | None = None
    previous: Team | None = None


async def redeem_invite(db: Database, code_hash: str, person_id: int, now: str) -> Redemption:
    """Check the invite and, when it is good, make PERSON a member of its team — all in one transaction.

    Every attempt is recorded in join_attempts (ok = 0 for a failure) so wrong guesses can be limited.
    A person's village defaults to the team's area when they have none.
    """
    async with db.transaction() as tx:
        row = await tx.fetchone(
            "SELECT i.team_id, i.expires_at, i.max_uses, i.uses, i.revoked_at, t.name, t.area_code"
            " FROM invites i JOIN teams t ON t.id = i.team_id WHERE i.code_hash = ?", (code_hash,),
        )
        current = await tx.fetchone(
            "SELECT t.id, t.name, t.area_code FROM team_members m JOIN teams t ON t.id = m.team_id"
            " WHERE m.person_id = ? AND m.left_at IS NULL", (person_id,),
        )
        previous = Team(current["id"], current["name"], current["area_code"]) if current else None
        team = Team(row["team_id"], row["name"], row["area_code"]) if row else None
        if row is None:
            outcome = "wrong"
        elif row["revoked_at"] is not None:
            outcome = "revoked"
        elif row["expires_at"] <= now:
            outcome = "expired"
        elif row["uses"] >= row["max_uses"]:
            outcome = "used"
        elif previous is not None and team is not None and previous.id == team.id:
            outcome = "already"
        else:
            outcome = "ok"
            await tx.execute("UPDATE invites SET uses = uses + 1 WHERE code_hash = ?", (code_hash,))
            await tx.execute(
                "UPDATE team_members SET left_at = ? WHERE person_id = ? AND left_at IS NULL",
                (now, person_id),
            )
            await tx.execute(
                "INSERT INTO team_members (team_id, person_id, joined_at) VALUES (?, ?, ?)",
                (row["team_id"], person_id, now),
            )
            await tx.execute(
                "UPDATE people SET role = CASE role WHEN 'coordinator' THEN role ELSE 'member' END,"
                " village_code = coalesce(village_code, ?) WHERE id = ?", (row["area_code"], person_id),
            )
        await tx.execute(
            "INSERT INTO join_attempts (person_id, ok, at) VALUES (?, ?, ?)",
            (person_id, int(outcome in ("ok", "already")), now),
        )
    return Redemption(outcome, team, previous if outcome == "ok" else None)


async def failed_joins_since(db: Database, person_id: int, since: str) -> tuple[int, str | None]:
    """How many failed join attempts PERSON made since SINCE, and when the oldest of them was."""
    row = await db.fetchone(
        "SELECT count(*) AS n, min(at) AS first FROM join_attempts WHERE person_id = ? AND ok = 0 AND at > ?",
        (person_id, since),
    )
    return (int(row["n"]), row["first"]) if row else (0, None)


async def is_member_of(db: Database, team_id: int, person_id: int) -> bool:
    row = await db.fetchone(
        "SELECT 1 FROM team_members WHERE team_id = ? AND person_id = ? AND left_at IS NULL",
        (team_id, person_id),
    )
    return row is not None
