"""Raw rows for exports: every assist, session and help request in an area, read in batches."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from storage.db import Database
from storage.dialect import indexed_by
from storage.reports import IN_AREA, live_assists, read_rows


async def count_assists(db: Database, area_code: str, start: str, end: str) -> int:
    rows = await read_rows(
        db, f"SELECT count(*) AS n FROM {live_assists(db)} WHERE undone_at IS NULL AND created_at >= :start"
        f" AND created_at < :end AND village_code {IN_AREA}",
        {"area": area_code, "start": start, "end": end},
    )
    return int(rows[0]["n"]) if rows else 0


@dataclass(frozen=True, slots=True)
class AssistLine:
    """One live assist for the raw sheet (residents' names and notes are not exported)."""

    id: int
    created_at: str
    village_code: str | None
    member_id: int
    team_id: int | None
    guide_id: str | None
    other_skill: str | None
    skill_group: str
    mode: str
    people_count: int
    household: str


async def iter_assists(
    db: Database, area_code: str, start: str, end: str, batch: int = 5000
) -> AsyncIterator[list[AssistLine]]:
    """Live assists in time order, a batch at a time; each batch is its own query (keyset on time, id),
    so a long export never holds a statement open across other people's writes."""
    after: tuple[str, int] = (start, 0)
    while True:
        rows = await read_rows(
            db, "SELECT id, created_at, village_code, member_id, team_id, guide_id, other_skill, skill_group, mode,"
            f" people_count, household FROM {indexed_by(db, 'assists', 'assists_time')}"
            " WHERE created_at >= :after_at AND created_at < :end AND (created_at > :after_at OR id > :after_id)"
            f" AND undone_at IS NULL AND village_code {IN_AREA} ORDER BY created_at, id LIMIT :batch",
            {"area": area_code, "after_at": after[0], "after_id": after[1], "end": end, "batch": batch},
        )
        if not rows:
            return
        yield [AssistLine(*tuple(r)) for r in rows]
        after = (rows[-1]["created_at"], rows[-1]["id"])


@dataclass(frozen=True, slots=True)
class SessionLine:
    id: int
    held_on: str
    village_code: str | None
    member_id: int
    team_id: int | None
    topics: str
    place: str
    attendees: int


async def list_sessions(db: Database, area_code: str, first_day: str, end_day: str) -> list[SessionLine]:
    rows = await read_rows(
        db, "SELECT id, held_on, village_code, member_id, team_id, topics, place, attendees FROM sessions"
        f" WHERE undone_at IS NULL AND held_on >= :first AND held_on < :end AND village_code {IN_AREA}"
        " ORDER BY held_on, id",
        {"area": area_code, "first": first_day, "end": end_day},
    )
    return [SessionLine(*tuple(r)) for r in rows]


@dataclass(frozen=True, slots=True)
class HelpLine:
    id: int
    created_at: str
    village_code: str | None
    guide_id: str | None
    step: int | None
    status: str
    closed_at: str | None


async def list_help_requests(db: Database, area_code: str, start: str, end: str) -> list[HelpLine]:
    """Requests opened or closed in [START, END)."""
    rows = await read_rows(
        db, "SELECT id, created_at, village_code, guide_id, step, status, closed_at FROM help_requests"
        " WHERE ((created_at >= :start AND created_at < :end) OR (closed_at >= :start AND closed_at < :end))"
        f" AND village_code {IN_AREA} ORDER BY created_at, id",
        {"area": area_code, "start": start, "end": end},
    )
    return [HelpLine(*tuple(r)) for r in rows]
