"""Assists per week by skill group: the weekly table and its PNG chart (matplotlib, no GUI backend)."""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.coordinators.reports.model import SKILL_GROUPS
from bot.coordinators.reports.period import Period

MIN_WEEKS = 8  # a short period is drawn with the weeks before it, so the trend is visible
# One colour per skill group, the same in every chart (colour-blind friendly palette).
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#999999")


def chart_window(period: Period) -> Period:
    """Whole weeks (Monday first) covering the period, at least MIN_WEEKS of them."""
    last_monday = period.last - timedelta(days=period.last.weekday())
    first_monday = min(period.start - timedelta(days=period.start.weekday()),
                       last_monday - timedelta(weeks=MIN_WEEKS - 1))
    return Period(first_monday, last_monday + timedelta(days=7), "range")


def weekly_table(
    hours: list[tuple[str, str, int]], window: Period, tz: ZoneInfo
) -> tuple[list[date], dict[str, list[int]]]:
    """Mondays of the window and, per skill group with any assist, the assists of each week."""
    weeks = [window.start + timedelta(weeks=i) for i in range(window.days // 7)]
    index = {w: i for i, w in enumerate(weeks)}
    series: dict[str, list[int]] = defaultdict(lambda: [0] * len(weeks))
    for hour, group, n in hours:
        local = datetime.fromisoformat(hour + ":00:00").replace(tzinfo=UTC).astimezone(tz).date()
        week = local - timedelta(days=local.weekday())
        if week in index:
            series[group][index[week]] += n
    order = {g: i for i, g in enumerate(SKILL_GROUPS)}
    return weeks, {g: series[g] for g in sorted(series, key=lambda g: (order.get(g, 99), g))}


def weekly_png(weeks: list[date], series: dict[str, list[int]], labels: dict[str, str], title: str,
               axis: str) -> bytes:
    """A stacked bar chart as PNG bytes."""
    # Imported here: only exports need it, and it is slow to load. Figure alone (no pyplot) draws with Agg.
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(9, 4.8), dpi=110, layout="constrained")
    ax = figure.subplots()
    positions = list(range(len(weeks)))
    bottom = [0] * len(weeks)
    for i, (group, values) in enumerate(series.items()):
        ax.bar(positions, values, bottom=bottom, label=labels.get(group, group),
               color=COLOURS[i % len(COLOURS)], width=0.75)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_xticks(positions, [f"{w:%d/%m}" for w in weeks], rotation=45 if len(weeks) > 12 else 0, fontsize=8)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(axis)
    ax.set_title(title, fontsize=11)
    ax.grid(axis="y", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    if series:
        ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=4, frameon=False)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
