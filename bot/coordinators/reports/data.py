"""The figures of one report: per village and in total, this period, the one before, and cumulative."""

from __future__ import annotations

import asyncio
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.coordinators.reports.model import Report, Totals
from bot.coordinators.reports.period import Period, span
from bot.coordinators.reports.rows import (
    Figures,
    Inputs,
    guides,
    has_activity,
    make_row,
    member_lines,
    natural,
    progress_of,
    skills,
    total_row,
)
from storage import areas, baselines, reports
from storage.areas import Area
from storage.baselines import Target
from storage.db import Database


def _hours(opened: str, closed: str) -> float:
    start = datetime.fromisoformat(opened.replace("Z", "+00:00"))
    end = datetime.fromisoformat(closed.replace("Z", "+00:00"))
    return (end - start).total_seconds() / 3600


def choose_targets(targets: list[Target], period: Period) -> tuple[str | None, list[Target]]:
    """The one target period the report measures against: the shortest that holds the whole report period,
    else the shortest that holds its last day."""
    spans: dict[str, tuple[str, str]] = {t.period: (t.starts_on, t.ends_on) for t in targets}
    if not spans:
        return None, []
    start, end = period.start.isoformat(), period.end.isoformat()
    holding = [k for k, (s, e) in spans.items() if s <= start and e >= end] or list(spans)
    best = min(holding, key=lambda k: (date.fromisoformat(spans[k][1]) - date.fromisoformat(spans[k][0]), k))
    return best, [t for t in targets if t.period == best]


async def _window(db: Database, area: str, period: Period, tz: ZoneInfo, groups: bool = False) -> Figures:
    """Per village: assists, self, for_them, people, households reached for the first time, sessions and
    attendees; with GROUPS one count per skill group too (g_<group>)."""
    start, end = period.utc(tz)
    out: Figures = defaultdict(lambda: defaultdict(int))
    for code, t in (await reports.village_totals(db, area, start, end)).items():
        figures = out[code]
        figures["assists"], figures["self"], figures["people"] = t.assists, t.self_done, t.people
        figures["for_them"] = t.assists - t.self_done
        if groups:
            for group, n in t.groups.items():
                figures[f"g_{group}"] = n
    for code, n in (await reports.households_new(db, area, start, end)).items():
        out[code]["households"] = n
    sessions = await reports.session_totals(db, area, period.start.isoformat(), period.end.isoformat())
    for code, (held, came) in sessions.items():
        out[code]["sessions"], out[code]["attendees"] = held, came
    return out


@dataclass
class _Fetched:
    """What the two reading connections bring back for one report."""

    now: Figures = field(default_factory=dict)
    before: Figures = field(default_factory=dict)
    cum: Figures = field(default_factory=dict)
    guides: list[reports.GuideGroup] = field(default_factory=list)
    funnel: list[reports.FunnelGroup] = field(default_factory=list)
    closures: list[reports.HelpClosure] = field(default_factory=list)
    opened: dict[str, int] = field(default_factory=dict)
    residents: dict[str, int] = field(default_factory=dict)
    earlier_residents: int = 0
    earlier_opened: int = 0
    reached: dict[str, int] = field(default_factory=dict)
    base: dict[str, baselines.Baseline] = field(default_factory=dict)
    teams: list[reports.TeamSize] = field(default_factory=list)
    members: dict[int, int] = field(default_factory=dict)
    by_member: list[reports.MemberGroup] = field(default_factory=list)
    sessions_by: list[reports.SessionGroup] = field(default_factory=list)


async def _fetch(
    one: Database, two: Database, code: str, current: Period, compared: Period, cumulative: Period, tz: ZoneInfo,
) -> _Fetched:
    """Run the report's queries as two chains, one per connection, side by side."""
    got = _Fetched()
    start, end = current.utc(tz)
    prev_start, prev_end = compared.utc(tz)

    async def first() -> None:
        got.now = await _window(one, code, current, tz, groups=True)
        got.guides = await reports.guide_groups(one, code, start, end)
        got.funnel = await reports.guide_funnel(one, code, start, end)
        got.closures = await reports.help_closed(one, code, start, end)
        got.opened = {h.village_code: h.opened for h in await reports.help_opened(one, code, start, end)}
        got.residents = await reports.residents_reached(one, code, start, end)
        got.earlier_residents = sum((await reports.residents_reached(one, code, prev_start, prev_end)).values())
        got.earlier_opened = sum(h.opened for h in await reports.help_opened(one, code, prev_start, prev_end))

    async def second() -> None:
        got.before = await _window(two, code, compared, tz)
        got.cum = await _window(two, code, cumulative, tz)
        got.reached = await reports.households_reached(two, code, end)
        got.base = await baselines.baselines_in(two, code, current.last.isoformat())
        got.teams = await reports.team_sizes(two, code)
        got.members = await reports.memberships(two, code)
        got.by_member = await reports.member_groups(two, code, start, end)
        got.sessions_by = await reports.session_groups(two, code, current.start.isoformat(),
                                                       current.end.isoformat())

    await asyncio.gather(first(), second())
    return got


async def build_report(
    db: Database, area: Area, period: Period, tz: ZoneInfo, now: datetime, names: bool = False
) -> Report:
    """Every figure of the report for AREA over PERIOD, as of NOW (member names only when NAMES)."""
    today = now.astimezone(tz).date()
    through = max(min(period.end, today + timedelta(days=1)), period.start + timedelta(days=1))
    current = span(period.start, through - timedelta(days=1)) if through < period.end else period
    compared = period.previous().clipped(current.days) if through < period.end else period.previous()
    last_day = through - timedelta(days=1)
    target_period, targets = choose_targets(await baselines.targets_on(db, area.code, last_day.isoformat()), period)
    cum_start = min(period.start, date.fromisoformat(targets[0].starts_on) if targets else date(last_day.year, 1, 1))
    async with reports.readers(db) as (one, two):
        got = await _fetch(one, two, area.code, current, compared, span(cum_start, last_day), tz)
        active_ids = {m.member_id for m in got.by_member} | {s.member_id for s in got.sessions_by}
        people = await reports.members(one, sorted(active_ids)) if names else {}
        active_by_team: dict[int, int] = defaultdict(int)
        for person_id in active_ids & got.members.keys():
            active_by_team[got.members[person_id]] += 1
        by_area: dict[str, list[reports.TeamSize]] = defaultdict(list)
        for team in got.teams:
            by_area[team.area_code].append(team)
        closed_by: dict[str, int] = defaultdict(int)
        for c in got.closures:
            closed_by[c.village_code] += 1
        per_target: dict[str, dict[str, int]] = defaultdict(dict)
        for t in targets:
            per_target[t.village_code][t.indicator] = t.value
        inputs = Inputs(now=got.now, cum=got.cum, reached=got.reached, base=got.base, teams=by_area,
                         active_by_team=active_by_team, targets=per_target, opened=got.opened, closed=closed_by,
                         residents=got.residents)
        units = await _units(one, area.code, inputs)
    rows = sorted((make_row(u, inputs) for u in units), key=lambda r: (r.commune, natural(r.name), r.code))
    had = any(has_activity(f) for f in got.before.values())

    def earlier(key: str) -> int | None:
        return sum(f.get(key, 0) for f in got.before.values()) if had else None

    previous = Totals(earlier("assists"), earlier("households"), earlier("sessions"), earlier("attendees"),
                      residents=got.earlier_residents, help_opened=got.earlier_opened)
    stops = [f for f in got.funnel if f.finished == 0]
    drop = max(stops, key=lambda f: (f.people, -(f.last_step or 0))) if stops else None
    active_teams = {s.team_id for s in got.sessions_by} | set(active_by_team)
    return Report(
        area=area, period=period, through=through, compared=compared, cum_start=cum_start,
        target_period=target_period, generated_at=now, rows=tuple(rows), total=total_row(rows),
        teams=len(got.teams), teams_active=len({t.team_id for t in got.teams} & active_teams),
        by_skill=skills(got.guides), by_guide=guides(got.guides),
        by_member=member_lines(got.by_member, got.sessions_by, people, got.members,
                           {t.team_id: t.name for t in got.teams}),
        help_median_hours=statistics.median([_hours(c.created_at, c.closed_at) for c in got.closures])
        if got.closures else None,
        guides_started=sum(f.started for f in got.funnel), guides_finished=sum(f.finished for f in got.funnel),
        dropoff=(drop.guide_id, drop.last_step or 0, drop.people) if drop else None,
        previous=previous, progress=progress_of(rows, targets, through),
    )


async def _units(db: Database, code: str, inputs: Inputs) -> list[reports.Unit]:
    """The area's villages, plus any other area its figures name (a commune-level team's own records)."""
    units = await reports.units_in(db, code)
    known = {u.code for u in units}
    extra = await areas.get_areas(
        db, [c for c in (*inputs.now, *inputs.cum, *inputs.reached, *inputs.targets) if c not in known]
    )
    if extra:
        parents = await areas.get_areas(db, [a.commune_code for a in extra.values() if a.commune_code])
        units += [
            reports.Unit(a.code, a.name, a.level, a.commune_code,
                         parents[a.commune_code].name if a.commune_code in parents else "")
            for a in extra.values()
        ]
    return units
