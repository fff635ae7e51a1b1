"""What a coordinator's dashboard shows, built from the same report code as /baocao (same figures)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from bot.areas import lookup as area_lookup
from bot.coordinators.reports.chart import chart_window, weekly_table
from bot.coordinators.reports.data import build_report
from bot.coordinators.reports.model import Report
from bot.coordinators.reports.period import Period, month, quarter, span, year
from bot.coordinators.reports.text import skill
from bot.core.engine import Services
from bot.web.chart import Chart, stacked_weeks
from storage import reports
from storage.areas import Area


@dataclass(frozen=True)
class GuideDrop:
    """Residents who started a guide in the period, who finished it, and the step most others stopped at."""

    guide_id: str
    title: str
    steps: int
    started: int
    finished: int
    stopped_at: int | None  # the last step shown to most of those who did not finish (0 = the introduction)
    stopped: int

    @property
    def finished_share(self) -> float | None:
        return self.finished / self.started if self.started else None


@dataclass(frozen=True)
class Dashboard:
    report: Report
    area_label: str
    chart: Chart
    weeks: list[date]
    series: dict[str, list[int]]
    series_labels: dict[str, str]
    drops: list[GuideDrop]
    periods: list[tuple[str, str]]  # (key, label) for the period selector


def measured_window(report: Report) -> Period:
    """The days the report's figures cover: the whole period, or up to today while it runs."""
    return span(report.period.start, report.through - timedelta(days=1)) if report.running else report.period


def period_choices(today: date, current: Period, locale: str) -> list[tuple[str, str]]:
    """This and last month, quarter and year, plus the one shown, newest first."""
    this_month, this_quarter = month(today), quarter(today)
    options = [this_month, this_month.previous(), this_month.previous().previous(), this_quarter,
               this_quarter.previous(), year(today.year), year(today.year - 1)]
    if current.key not in {p.key for p in options}:
        options.insert(0, current)
    return [(p.key, p.label(locale)) for p in options]


def guide_drops(funnel: list[reports.FunnelGroup], services: Services, locale: str) -> list[GuideDrop]:
    """Per guide, most started first. Ties on where people stop go to the earlier step, as in /baocao."""
    groups: dict[str, list[reports.FunnelGroup]] = defaultdict(list)
    for group in funnel:
        groups[group.guide_id].append(group)
    out = []
    for guide_id, parts in groups.items():
        stops = [g for g in parts if g.finished == 0]
        worst = max(stops, key=lambda g: (g.people, -(g.last_step or 0))) if stops else None
        guide = services.library.get(guide_id)
        out.append(GuideDrop(
            guide_id, guide.title.get(locale) if guide else guide_id, len(guide.steps) if guide else 0,
            sum(g.started for g in parts), sum(g.finished for g in parts),
            (worst.last_step or 0) if worst else None, worst.people if worst else 0,
        ))
    return sorted(out, key=lambda d: (-d.started, d.title))


async def build_dashboard(services: Services, area: Area, period: Period, locale: str) -> Dashboard:
    """The report of AREA over PERIOD without anyone's name, the weekly series and the per-guide drop-off."""
    db, tz = services.db, services.config.tz
    report = await build_report(db, area, period, tz, services.clock(), names=False)
    start, end = measured_window(report).utc(tz)
    funnel = await reports.guide_funnel(db, area.code, start, end)
    window = chart_window(report.period)
    hours = await reports.weekly_assists(db, area.code, window.utc(tz)[0], end)
    weeks, series = weekly_table(hours, window, tz)
    labels = {g: skill(locale, g) for g in series}
    today = services.clock().astimezone(tz).date()
    return Dashboard(
        report=report, area_label=await area_lookup.describe(db, area), chart=stacked_weeks(weeks, series, labels),
        weeks=weeks, series=series, series_labels=labels, drops=guide_drops(funnel, services, locale),
        periods=period_choices(today, period, locale),
    )
