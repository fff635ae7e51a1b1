"""The figures of one report: per village and in total, this period, the one before, and cumulative."""

from __future__ import annotations

import asyncio
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.report_period import Period, span
from storage import areas, baselines, reports
from storage.areas import Area
from storage.baselines import Target
from storage.db import Database

SKILL_GROUPS = (
    "identity", "public_services", "online_shopping", "online_payment", "online_safety", "other_platform", "other",
)
LOW_COVERAGE = 0.3  # below this share of households reached a village is listed as needing attention


@dataclass(frozen=True)
class Row:
    """One village (or commune team) — or the total. None means "no data" and is shown as "—"."""

    code: str
    name: str
    commune: str
    teams: int = 0
    members: int = 0
    active_members: int = 0
    reported: bool = False
    assists: int | None = None
    assists_self: int | None = None
    assists_for_them: int | None = None
    people: int | None = None
    households: int | None = None
    sessions: int | None = None
    attendees: int | None = None
    assists_cum: int | None = None
    households_cum: int | None = None
    sessions_cum: int | None = None
    attendees_cum: int | None = None
    households_total: int | None = None
    adults: int | None = None
    coverage: float | None = None
    targets: dict[str, int] = field(default_factory=dict)
    help_opened: int = 0
    help_closed: int = 0
    residents: int = 0
    flags: tuple[str, ...] = ()

    def cum(self, indicator: str) -> int | None:
        value: int | None = getattr(self, f"{indicator}_cum")
        return value

    def percent(self, indicator: str) -> float | None:
        target, done = self.targets.get(indicator), self.cum(indicator)
        return None if not target or done is None else done / target


@dataclass(frozen=True)
class SkillLine:
    group: str
    self_done: int
    for_them: int
    people: int

    @property
    def total(self) -> int:
        return self.self_done + self.for_them


@dataclass(frozen=True)
class GuideLine:
    guide_id: str | None
    group: str
    self_done: int
    for_them: int

    @property
    def total(self) -> int:
        return self.self_done + self.for_them


@dataclass(frozen=True)
class MemberLine:
    member_id: int
    name: str
    team: str
    self_done: int
    for_them: int
    sessions: int
    attendees: int


@dataclass(frozen=True)
class Progress:
    """Area-wide progress on one indicator against the summed targets of the villages that have one."""

    indicator: str
    target: int
    done: int
    ends: date  # the day after the target period
    days_left: int

    @property
    def percent(self) -> float:
        return self.done / self.target if self.target else 0.0

    @property
    def remaining(self) -> int:
        return max(self.target - self.done, 0)

    @property
    def per_week(self) -> float | None:
        return self.remaining * 7 / self.days_left if self.days_left > 0 and self.remaining else None


@dataclass(frozen=True)
class Totals:
    """The headline figures of a window, for "change vs the previous period"."""

    assists: int | None
    households: int | None
    sessions: int | None
    attendees: int | None
    residents: int
    help_opened: int


@dataclass(frozen=True)
class Report:
    area: Area
    period: Period
    through: date  # data up to (excluding) this local day: the period end, or tomorrow while it runs
    compared: Period
    cum_start: date
    target_period: str | None
    generated_at: datetime
    rows: tuple[Row, ...]
    total: Row
    teams: int
    teams_active: int
    by_skill: tuple[SkillLine, ...]
    by_guide: tuple[GuideLine, ...]
    by_member: tuple[MemberLine, ...]
    help_median_hours: float | None
    guides_started: int
    guides_finished: int
    dropoff: tuple[str, int, int] | None  # guide id, last step shown, people who stopped there
    previous: Totals
    progress: tuple[Progress, ...]

    @property
    def villages(self) -> int:
        return len(self.rows)

    @property
    def villages_reported(self) -> int:
        return sum(r.reported for r in self.rows)

    @property
    def running(self) -> bool:
        return self.through < self.period.end


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


Figures = dict[str, dict[str, int]]


async def _window(db: Database, area: str, period: Period, tz: ZoneInfo, long: bool = False) -> Figures:
    """Per village: assists, self, for_them, people, households (distinct in PERIOD unless LONG), sessions,
    attendees. LONG ranges read the monthly rollup and leave households to households_reached."""
    start, end = period.utc(tz)
    out: Figures = defaultdict(lambda: defaultdict(int))
    totals = await (reports.long_totals if long else reports.village_totals)(db, area, start, end)
    for code, t in totals.items():
        figures = out[code]
        figures["assists"], figures["self"], figures["people"] = t.assists, t.self_done, t.people
        figures["for_them"] = t.assists - t.self_done
        if t.households is not None:
            figures["households"] = t.households
    sessions = await reports.session_totals(db, area, period.start.isoformat(), period.end.isoformat())
    for code, (held, came) in sessions.items():
        out[code]["sessions"], out[code]["attendees"] = held, came
    return out


def _sum(values: list[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


@dataclass
class _Inputs:
    """Everything a village row is made of, keyed by area code."""

    now: Figures
    cum: Figures
    reached: dict[str, int]
    base: dict[str, baselines.Baseline]
    teams: dict[str, list[reports.TeamSize]]
    active_by_team: dict[int, int]
    targets: dict[str, dict[str, int]]
    opened: dict[str, int]
    closed: dict[str, int]
    residents: dict[str, int]


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
        got.now = await _window(one, code, current, tz)
        got.guides = await reports.guide_groups(one, code, start, end)
        got.funnel = await reports.guide_funnel(one, code, start, end)
        got.closures = await reports.help_closed(one, code, start, end)
        got.opened = {h.village_code: h.opened for h in await reports.help_opened(one, code, start, end)}
        got.residents = await reports.residents_reached(one, code, start, end)
        got.earlier_residents = sum((await reports.residents_reached(one, code, prev_start, prev_end)).values())
        got.earlier_opened = sum(h.opened for h in await reports.help_opened(one, code, prev_start, prev_end))

    async def second() -> None:
        got.before = await _window(two, code, compared, tz)
        got.cum = await _window(two, code, cumulative, tz, long=True)
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
        inputs = _Inputs(now=got.now, cum=got.cum, reached=got.reached, base=got.base, teams=by_area,
                         active_by_team=active_by_team, targets=per_target, opened=got.opened, closed=closed_by,
                         residents=got.residents)
        units = await _units(one, area.code, inputs)
    rows = sorted((_row(u, inputs) for u in units), key=lambda r: (r.commune, _natural(r.name), r.code))
    had = any(_reported(f) for f in got.before.values())

    def earlier(key: str) -> int | None:
        return sum(f.get(key, 0) for f in got.before.values()) if had else None

    previous = Totals(earlier("assists"), earlier("households"), earlier("sessions"), earlier("attendees"),
                      residents=got.earlier_residents, help_opened=got.earlier_opened)
    stops = [f for f in got.funnel if f.finished == 0]
    drop = max(stops, key=lambda f: (f.people, -(f.last_step or 0))) if stops else None
    active_teams = {s.team_id for s in got.sessions_by} | set(active_by_team)
    return Report(
        area=area, period=period, through=through, compared=compared, cum_start=cum_start,
        target_period=target_period, generated_at=now, rows=tuple(rows), total=_total(rows),
        teams=len(got.teams), teams_active=len({t.team_id for t in got.teams} & active_teams),
        by_skill=_skills(got.guides), by_guide=_guides(got.guides),
        by_member=_members(got.by_member, got.sessions_by, people, got.members,
                           {t.team_id: t.name for t in got.teams}),
        help_median_hours=statistics.median([_hours(c.created_at, c.closed_at) for c in got.closures])
        if got.closures else None,
        guides_started=sum(f.started for f in got.funnel), guides_finished=sum(f.finished for f in got.funnel),
        dropoff=(drop.guide_id, drop.last_step or 0, drop.people) if drop else None,
        previous=previous, progress=_progress(rows, targets, through),
    )


async def _units(db: Database, code: str, inputs: _Inputs) -> list[reports.Unit]:
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


def _reported(figures: dict[str, int]) -> bool:
    return bool(figures.get("assists") or figures.get("sessions"))


def _row(unit: reports.Unit, inputs: _Inputs) -> Row:
    here = inputs.teams.get(unit.code, [])
    fig = inputs.now.get(unit.code, {})
    reported = _reported(fig)
    c = inputs.cum.get(unit.code, {})
    has_cum = _reported(c)
    b = inputs.base.get(unit.code)
    households_total = b.households if b else None
    households_cum = inputs.reached.get(unit.code, 0) if has_cum or unit.code in inputs.reached else None
    coverage = (households_cum / households_total
                if households_cum is not None and households_total else None)
    attendees = fig.get("attendees", 0) if reported else None
    flags = []
    if not reported:
        flags.append("inactive")
    if households_cum is not None and households_total is not None and households_cum > households_total:
        flags.append("implausible_households")
    elif coverage is not None and coverage < LOW_COVERAGE:
        flags.append("low_coverage")
    if attendees and b and b.adults is not None and attendees > b.adults:
        flags.append("implausible_attendees")

    def now(key: str) -> int | None:
        return fig.get(key, 0) if reported else None

    def total(key: str) -> int | None:
        return c.get(key, 0) if has_cum else None

    return Row(
        code=unit.code, name=unit.name, commune=unit.commune_name if unit.level == "village" else unit.name,
        teams=len(here), members=sum(t.members for t in here),
        active_members=sum(inputs.active_by_team.get(t.team_id, 0) for t in here),
        reported=reported, assists=now("assists"), assists_self=now("self"), assists_for_them=now("for_them"),
        people=now("people"), households=now("households"), sessions=now("sessions"), attendees=attendees,
        assists_cum=total("assists"), households_cum=households_cum, sessions_cum=total("sessions"),
        attendees_cum=total("attendees"), households_total=households_total, adults=b.adults if b else None,
        coverage=coverage, targets=inputs.targets.get(unit.code, {}), help_opened=inputs.opened.get(unit.code, 0),
        help_closed=inputs.closed.get(unit.code, 0), residents=inputs.residents.get(unit.code, 0),
        flags=tuple(flags),
    )


def _total(rows: list[Row]) -> Row:
    def add(name: str) -> int | None:
        return _sum([getattr(r, name) for r in rows])

    with_base = [r for r in rows if r.households_total is not None and r.households_cum is not None]
    base_total = sum(r.households_total or 0 for r in with_base)
    targets: dict[str, int] = defaultdict(int)
    for r in rows:
        for k, v in r.targets.items():
            targets[k] += v
    return Row(
        code="", name="", commune="", teams=sum(r.teams for r in rows), members=sum(r.members for r in rows),
        active_members=sum(r.active_members for r in rows), reported=any(r.reported for r in rows),
        assists=add("assists"), assists_self=add("assists_self"), assists_for_them=add("assists_for_them"),
        people=add("people"), households=add("households"), sessions=add("sessions"), attendees=add("attendees"),
        assists_cum=add("assists_cum"), households_cum=add("households_cum"), sessions_cum=add("sessions_cum"),
        attendees_cum=add("attendees_cum"), households_total=add("households_total"), adults=add("adults"),
        coverage=sum(r.households_cum or 0 for r in with_base) / base_total if base_total else None,
        targets=dict(targets), help_opened=sum(r.help_opened for r in rows),
        help_closed=sum(r.help_closed for r in rows), residents=sum(r.residents for r in rows),
    )


def total_percent(rows: tuple[Row, ...], indicator: str) -> float | None:
    """Summed results of the villages with a target ÷ their summed targets (a village that has not
    reported counts as nothing done yet)."""
    with_target = [r for r in rows if r.targets.get(indicator)]
    goal = sum(r.targets[indicator] for r in with_target)
    return sum(r.cum(indicator) or 0 for r in with_target) / goal if goal else None


def _progress(rows: list[Row], targets: list[Target], through: date) -> tuple[Progress, ...]:
    if not targets:
        return ()
    ends = date.fromisoformat(targets[0].ends_on)
    out = []
    for indicator in baselines.INDICATORS:
        with_target = [r for r in rows if r.targets.get(indicator)]
        if with_target:
            out.append(Progress(
                indicator, sum(r.targets[indicator] for r in with_target),
                sum(r.cum(indicator) or 0 for r in with_target), ends, (ends - through).days,
            ))
    return tuple(out)


def _skills(groups: list[reports.GuideGroup]) -> tuple[SkillLine, ...]:
    acc: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for g in groups:
        line = acc[g.skill_group]
        line[0] += g.self_done
        line[1] += g.assists - g.self_done
        line[2] += g.people
    order = {k: i for i, k in enumerate(SKILL_GROUPS)}
    return tuple(SkillLine(k, *v) for k, v in sorted(acc.items(), key=lambda kv: (order.get(kv[0], 99), kv[0])))


def _guides(groups: list[reports.GuideGroup]) -> tuple[GuideLine, ...]:
    lines = [GuideLine(g.guide_id, g.skill_group, g.self_done, g.assists - g.self_done) for g in groups]
    return tuple(sorted(lines, key=lambda line: (-line.total, line.guide_id or "~")))


def _members(
    assists: list[reports.MemberGroup], sessions: list[reports.SessionGroup], people: dict[int, reports.Member],
    members: dict[int, int], team_names: dict[int, str],
) -> tuple[MemberLine, ...]:
    acc: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for a in assists:
        acc[a.member_id][0] += a.self_done
        acc[a.member_id][1] += a.assists - a.self_done
    for s in sessions:
        acc[s.member_id][2] += s.sessions
        acc[s.member_id][3] += s.attendees
    lines = []
    for member_id, (own, done_for, held, came) in acc.items():
        person = people.get(member_id)
        team_id = members.get(member_id, person.team_id if person else None)
        team = team_names.get(team_id, "") if team_id is not None else ""
        lines.append(MemberLine(member_id, person.name if person else "", team, own, done_for, held, came))
    return tuple(sorted(lines, key=lambda m: (-(m.self_done + m.for_them), -m.sessions, m.name)))


def _natural(name: str) -> tuple[tuple[int, int, str], ...]:
    """'Thôn 2' before 'Thôn 10'."""
    return tuple((0, int(w), "") if w.isdigit() else (1, 0, w.casefold()) for w in name.split())
