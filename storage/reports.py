"""Report queries: what teams, residents and the bot did in an area over a time range; digest settings."""

from __future__ import annotations

from dataclasses import dataclass

from storage import rollups
from storage.db import Database
from storage.report_reading import IN_AREA, live_assists, read_rows, readers

__all__ = ["IN_AREA", "live_assists", "read_rows", "readers"]

# Assists done by the resident with guidance, counted in a sum.
SELF_DONE = "sum(CASE WHEN mode = 'self' THEN 1 ELSE 0 END)"


@dataclass(frozen=True, slots=True)
class Unit:
    """A row of the report: a village (or a commune that has its own team)."""

    code: str
    name: str
    level: str
    commune_code: str | None
    commune_name: str


@dataclass(frozen=True, slots=True)
class VillageTotals:
    """Live assists of one village in a range, by skill group (the groups add up to assists)."""

    assists: int
    self_done: int
    people: int
    by_group: tuple[int, ...] = ()  # in the order of rollups.GROUPS

    @property
    def groups(self) -> dict[str, int]:
        return dict(zip(rollups.GROUPS, self.by_group, strict=False))


@dataclass(frozen=True, slots=True)
class GuideGroup:
    guide_id: str | None
    skill_group: str
    assists: int
    self_done: int
    people: int


@dataclass(frozen=True, slots=True)
class MemberGroup:
    member_id: int
    assists: int
    self_done: int


@dataclass(frozen=True, slots=True)
class SessionGroup:
    village_code: str
    member_id: int
    team_id: int | None
    sessions: int
    attendees: int


@dataclass(frozen=True, slots=True)
class TeamSize:
    team_id: int
    name: str
    area_code: str
    members: int


@dataclass(frozen=True, slots=True)
class HelpGroup:
    village_code: str
    opened: int


@dataclass(frozen=True, slots=True)
class HelpClosure:
    village_code: str
    created_at: str
    closed_at: str


@dataclass(frozen=True, slots=True)
class FunnelGroup:
    """People who started/finished GUIDE_ID, grouped by the last step they were shown."""

    guide_id: str
    started: int
    finished: int
    last_step: int | None
    people: int


@dataclass(frozen=True, slots=True)
class Member:
    id: int
    name: str
    team_id: int | None


async def units_in(db: Database, area_code: str) -> list[Unit]:
    """Villages inside AREA_CODE (or AREA_CODE itself when it is a village), plus communes with a team."""
    rows = await read_rows(
        db, "SELECT a.code, a.name, a.level, a.commune_code, coalesce(c.name, '') AS commune_name FROM areas a"
        " LEFT JOIN areas c ON c.code = a.commune_code"
        " WHERE (a.code = :area OR a.commune_code = :area OR a.province_code = :area)"
        " AND (a.level = 'village' OR EXISTS (SELECT 1 FROM teams t WHERE t.area_code = a.code))",
        {"area": area_code},
    )
    return [Unit(r["code"], r["name"], r["level"], r["commune_code"], r["commune_name"]) for r in rows]


async def village_totals(db: Database, area_code: str, start: str, end: str) -> dict[str, VillageTotals]:
    """Live assists in [START, END) (ISO UTC) per village, from the roll-ups plus raw rows at the edges."""
    sums = await rollups.window_sums(db, rollups.VILLAGES, area_code, start, end)
    return {str(key[0]): VillageTotals(v[0], v[1], v[2], tuple(v[3:])) for key, v in sums.items()}


async def households_new(db: Database, area_code: str, start: str, end: str) -> dict[str, int]:
    """Households each village reached for the first time in [START, END): they add up across villages
    and periods (last period's reach plus this period's new ones is this period's reach)."""
    rows = await read_rows(
        db, "SELECT village_code, count(*) AS n FROM household_first WHERE first_at >= :start AND first_at < :end"
        f" AND village_code {IN_AREA} GROUP BY village_code",
        {"area": area_code, "start": start, "end": end},
    )
    return {r["village_code"]: r["n"] for r in rows}


async def households_reached(db: Database, area_code: str, end: str) -> dict[str, int]:
    """Distinct households each village had reached before END, since records began (from the rollup)."""
    rows = await read_rows(
        db, "SELECT r.village_code, r.households - (SELECT count(*) FROM household_first f"
        " WHERE f.village_code = r.village_code AND f.first_at >= :end) AS n FROM village_reach r"
        f" WHERE r.village_code {IN_AREA}",
        {"area": area_code, "end": end},
    )
    return {r["village_code"]: r["n"] for r in rows if r["n"]}


async def guide_groups(db: Database, area_code: str, start: str, end: str) -> list[GuideGroup]:
    """Live assists by guide (None: a task typed by the member) and skill group, self-done counted apart."""
    sums = await rollups.window_sums(db, rollups.GUIDES, area_code, start, end)
    return [GuideGroup(str(key[0]) or None, str(key[1]), v[0], v[1], v[2]) for key, v in sums.items()]


async def member_groups(db: Database, area_code: str, start: str, end: str) -> list[MemberGroup]:
    """Live assists by member, self-done counted apart."""
    sums = await rollups.window_sums(db, rollups.MEMBERS, area_code, start, end)
    return [MemberGroup(int(str(key[0])), v[0], v[1]) for key, v in sums.items()]


async def session_groups(db: Database, area_code: str, first_day: str, end_day: str) -> list[SessionGroup]:
    """Live sessions held on local days [FIRST_DAY, END_DAY), by village and member."""
    rows = await read_rows(
        db, "SELECT village_code, member_id, max(team_id) AS team_id, count(*) AS n, sum(attendees) AS people"
        " FROM sessions WHERE undone_at IS NULL AND held_on >= :first AND held_on < :end"
        f" AND village_code {IN_AREA} GROUP BY village_code, member_id",
        {"area": area_code, "first": first_day, "end": end_day},
    )
    return [SessionGroup(r["village_code"], r["member_id"], r["team_id"], r["n"], r["people"]) for r in rows]


async def session_totals(db: Database, area_code: str, first_day: str, end_day: str) -> dict[str, tuple[int, int]]:
    """(sessions, attendees) per village for local days [FIRST_DAY, END_DAY)."""
    rows = await read_rows(
        db, "SELECT village_code, count(*) AS n, sum(attendees) AS people FROM sessions WHERE undone_at IS NULL"
        f" AND held_on >= :first AND held_on < :end AND village_code {IN_AREA} GROUP BY village_code",
        {"area": area_code, "first": first_day, "end": end_day},
    )
    return {r["village_code"]: (r["n"], r["people"]) for r in rows}


async def team_sizes(db: Database, area_code: str) -> list[TeamSize]:
    """Every team inside the area with its current number of members."""
    rows = await read_rows(
        db, "SELECT t.id, t.name, t.area_code, (SELECT count(*) FROM team_members m WHERE m.team_id = t.id"
        f" AND m.left_at IS NULL) AS members FROM teams t WHERE t.area_code {IN_AREA} ORDER BY t.id",
        {"area": area_code},
    )
    return [TeamSize(r["id"], r["name"], r["area_code"], r["members"]) for r in rows]


async def memberships(db: Database, area_code: str) -> dict[int, int]:
    """Current members of the teams inside the area: person id → team id."""
    rows = await read_rows(
        db, "SELECT m.person_id, m.team_id FROM team_members m JOIN teams t ON t.id = m.team_id"
        f" WHERE m.left_at IS NULL AND t.area_code {IN_AREA}",
        {"area": area_code},
    )
    return {r["person_id"]: r["team_id"] for r in rows}


async def help_opened(db: Database, area_code: str, start: str, end: str) -> list[HelpGroup]:
    """Residents' help requests opened in [START, END), by village (cancelled ones left out)."""
    rows = await read_rows(
        db, "SELECT village_code, count(*) AS n FROM help_requests WHERE created_at >= :start AND created_at < :end"
        f" AND status != 'cancelled' AND village_code {IN_AREA} GROUP BY village_code",
        {"area": area_code, "start": start, "end": end},
    )
    return [HelpGroup(r["village_code"], r["n"]) for r in rows]


async def help_closed(db: Database, area_code: str, start: str, end: str) -> list[HelpClosure]:
    """Help requests closed in [START, END), with when they were opened (for the time to close)."""
    rows = await read_rows(
        db, "SELECT village_code, created_at, closed_at FROM help_requests WHERE status = 'closed'"
        f" AND closed_at >= :start AND closed_at < :end AND village_code {IN_AREA}",
        {"area": area_code, "start": start, "end": end},
    )
    return [HelpClosure(r["village_code"], r["created_at"], r["closed_at"]) for r in rows]


async def residents_reached(db: Database, area_code: str, start: str, end: str) -> dict[str, int]:
    """Distinct residents of each village who opened a guide in the bot during [START, END)."""
    rows = await read_rows(
        db, "SELECT p.village_code, count(DISTINCT e.person_id) AS n FROM guide_events e"
        " JOIN people p ON p.id = e.person_id WHERE e.at >= :start AND e.at < :end"
        f" AND p.village_code {IN_AREA} GROUP BY p.village_code",
        {"area": area_code, "start": start, "end": end},
    )
    return {r["village_code"]: r["n"] for r in rows}


async def guide_funnel(db: Database, area_code: str, start: str, end: str) -> list[FunnelGroup]:
    """Per guide: people who started it in the range, who finished it, grouped by the last step shown."""
    rows = await read_rows(
        db, "WITH pairs AS (SELECT e.person_id, e.guide_id, max(CASE WHEN e.event = 'started' THEN 1 ELSE 0 END) AS s,"
        " max(CASE WHEN e.event = 'finished' THEN 1 ELSE 0 END) AS f, max(CASE WHEN e.event IN ('step', 'stuck') THEN e.step END) AS last"
        " FROM guide_events e JOIN people p ON p.id = e.person_id WHERE e.at >= :start AND e.at < :end"
        f" AND p.village_code {IN_AREA} GROUP BY e.person_id, e.guide_id)"
        " SELECT guide_id, sum(s) AS started, sum(s * f) AS finished, last, count(*) AS n FROM pairs"
        " WHERE s = 1 GROUP BY guide_id, f, last",
        {"area": area_code, "start": start, "end": end},
    )
    return [FunnelGroup(r["guide_id"], r["started"], r["finished"], r["last"], r["n"]) for r in rows]


async def weekly_assists(db: Database, area_code: str, start: str, end: str) -> list[tuple[str, str, int]]:
    """(UTC hour 'YYYY-MM-DDTHH', skill group, assists): fine enough to place in local weeks exactly."""
    rows = await read_rows(
        db, f"SELECT substr(created_at, 1, 13) AS hour, skill_group, count(*) AS n FROM {live_assists(db)}"
        f" WHERE undone_at IS NULL AND created_at >= :start AND created_at < :end AND village_code {IN_AREA}"
        " GROUP BY hour, skill_group",
        {"area": area_code, "start": start, "end": end},
    )
    return [(r["hour"], r["skill_group"], r["n"]) for r in rows]


async def members(db: Database, ids: list[int]) -> dict[int, Member]:
    """Names of these people and the team each is (or last was) in."""
    out: dict[int, Member] = {}
    for first in range(0, len(ids), 500):
        chunk = ids[first:first + 500]
        rows = await db.fetchall(
            "SELECT p.id, p.display_name, (SELECT m.team_id FROM team_members m WHERE m.person_id = p.id"
            f" ORDER BY m.left_at IS NULL DESC, m.id DESC LIMIT 1) AS team_id FROM people p"
            f" WHERE p.id IN ({','.join('?' * len(chunk))})", chunk,
        )
        out.update({r["id"]: Member(r["id"], r["display_name"], r["team_id"]) for r in rows})
    return out
