"""Turning fetched figures into village rows, the total row, progress and breakdowns."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from bot.coordinators.reports.model import (
    LOW_COVERAGE,
    SKILL_GROUPS,
    GuideLine,
    MemberLine,
    Progress,
    Row,
    SkillLine,
)
from storage import baselines, reports
from storage.baselines import Target

Figures = dict[str, dict[str, int]]


def sum_present(values: list[int | None]) -> int | None:
    """The sum of the known values; None when none is known."""
    present = [v for v in values if v is not None]
    return sum(present) if present else None


@dataclass
class Inputs:
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


def has_activity(figures: dict[str, int]) -> bool:
    """A village "has reported" when it logged at least one assist or session."""
    return bool(figures.get("assists") or figures.get("sessions"))


def make_row(unit: reports.Unit, inputs: Inputs) -> Row:
    """One village's row: missing data as None, and the flags that put it on the "needs attention" list."""
    here = inputs.teams.get(unit.code, [])
    fig = inputs.now.get(unit.code, {})
    reported = has_activity(fig)
    c = inputs.cum.get(unit.code, {})
    has_cum = has_activity(c)
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
        groups={g: fig.get(f"g_{g}", 0) for g in SKILL_GROUPS} if reported else {},
        assists_cum=total("assists"), households_cum=households_cum, sessions_cum=total("sessions"),
        attendees_cum=total("attendees"), households_total=households_total, adults=b.adults if b else None,
        coverage=coverage, targets=inputs.targets.get(unit.code, {}), help_opened=inputs.opened.get(unit.code, 0),
        help_closed=inputs.closed.get(unit.code, 0), residents=inputs.residents.get(unit.code, 0),
        flags=tuple(flags),
    )


def total_row(rows: list[Row]) -> Row:
    def add(name: str) -> int | None:
        return sum_present([getattr(r, name) for r in rows])

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
        groups={g: sum(r.groups.get(g, 0) for r in rows) for g in SKILL_GROUPS} if any(r.groups for r in rows) else {},
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


def progress_of(rows: list[Row], targets: list[Target], through: date) -> tuple[Progress, ...]:
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


def skills(groups: list[reports.GuideGroup]) -> tuple[SkillLine, ...]:
    acc: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for g in groups:
        line = acc[g.skill_group]
        line[0] += g.self_done
        line[1] += g.assists - g.self_done
        line[2] += g.people
    order = {k: i for i, k in enumerate(SKILL_GROUPS)}
    return tuple(SkillLine(k, *v) for k, v in sorted(acc.items(), key=lambda kv: (order.get(kv[0], 99), kv[0])))


def guides(groups: list[reports.GuideGroup]) -> tuple[GuideLine, ...]:
    lines = [GuideLine(g.guide_id, g.skill_group, g.self_done, g.assists - g.self_done) for g in groups]
    return tuple(sorted(lines, key=lambda line: (-line.total, line.guide_id or "~")))


def member_lines(
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


def natural(name: str) -> tuple[tuple[int, int, str], ...]:
    """'Thôn 2' before 'Thôn 10'."""
    return tuple((0, int(w), "") if w.isdigit() else (1, 0, w.casefold()) for w in name.split())
