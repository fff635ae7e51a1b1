"""Assists per week by skill group as an inline SVG: no script, a few kilobytes, sharp on any screen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.coordinators.reports.chart import COLOURS

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 40, 8, 10, 36
MAX_LABELS = 10  # week labels under the bars; more would overlap on a phone


@dataclass(frozen=True)
class Segment:
    x: float
    y: float
    width: float
    height: float
    colour: str
    title: str


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Label:
    x: float
    text: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    segments: list[Segment]
    ticks: list[Tick]
    labels: list[Label]
    legend: list[tuple[str, str]]  # (colour, group label)
    baseline: float


def _nice_top(value: int) -> int:
    """A round axis top at or above VALUE: 4, 10, 25, 50, 100…"""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000):
        if value <= step * 4:
            return step * 4 if value > step * 2 else max(step * 2, 2)
    return value


def stacked_weeks(weeks: list[date], series: dict[str, list[int]], labels: dict[str, str]) -> Chart:
    """Bars per week, one coloured segment per skill group, in the same colours as the Excel chart."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    totals = [sum(values[i] for values in series.values()) for i in range(len(weeks))]
    top = _nice_top(max(totals, default=0))
    slot = plot_w / max(len(weeks), 1)
    bar = slot * 0.72
    colours = {g: COLOURS[i % len(COLOURS)] for i, g in enumerate(series)}
    segments: list[Segment] = []
    for i, week in enumerate(weeks):
        y = float(TOP + plot_h)
        for group, values in series.items():
            if not values[i]:
                continue
            h = plot_h * values[i] / top
            y -= h
            segments.append(Segment(round(LEFT + i * slot + (slot - bar) / 2, 1), round(y, 1), round(bar, 1),
                                    round(h, 1), colours[group], f"{week:%d/%m}: {labels.get(group, group)} {values[i]}"))
    ticks = [Tick(round(TOP + plot_h - plot_h * v / top, 1), str(v)) for v in (0, top // 2, top)]
    every = max(1, -(-len(weeks) // MAX_LABELS))
    week_labels = [Label(round(LEFT + i * slot + slot / 2, 1), f"{w:%d/%m}") for i, w in enumerate(weeks)
                   if i % every == 0]
    legend = [(colours[g], labels.get(g, g)) for g in series]
    return Chart(WIDTH, HEIGHT, segments, ticks, week_labels, legend, float(TOP + plot_h))
