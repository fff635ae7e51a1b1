"""The Excel export: a summary per village in coordinators' terms, raw sheets, notes, and a weekly chart."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.properties import PageSetupProperties

from bot.coordinators.reports import text as report_text
from bot.coordinators.reports.chart import chart_window, weekly_png, weekly_table
from bot.coordinators.reports.columns import notes, visible
from bot.coordinators.reports.export_text import T, header
from bot.coordinators.reports.letterhead import Letterhead, defaults
from bot.coordinators.reports.model import Report, Row
from bot.coordinators.reports.rows import total_percent
from bot.coordinators.reports.summary import build_summary
from bot.coordinators.reports.text import skill
from bot.coordinators.reports.xlsx_summary import write_summary
from storage import report_lines, reports
from storage.areas import Area
from storage.baselines import ColumnSetting
from storage.db import Database

EXCEL_ROWS = 1_048_575  # data rows per sheet under Excel's limit (one row is the header)
BATCH = 5000
Progress = Callable[[int, int], None]
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, horizontal="center", vertical="center")


@dataclass(frozen=True)
class Export:
    report: Report
    png: bytes
    assists_written: int
    assists_total: int

    @property
    def truncated(self) -> bool:
        return self.assists_written < self.assists_total


def file_stem(area: Area, report: Report) -> str:
    return f"baocao-{area.code}-{report.period.key.replace('..', '_')}"


def _text(ws: Any, value: Any) -> Any:
    """Typed text stays text: openpyxl would store "=…" (a household label, a place) as a formula."""
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    return value


def _cells(ws: Any, values: list[Any], bold: bool = False, percent: set[int] | None = None,
           wrap: bool = False) -> list[Any]:
    """Styled cells; a missing figure stays an empty cell (text in a number column breaks a province's sums)."""
    out = []
    for i, value in enumerate(values):
        cell = WriteOnlyCell(ws, value=value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"
        if bold:
            cell.font = BOLD
        if wrap:
            cell.alignment = WRAP
        if percent and i in percent and isinstance(value, float):
            cell.number_format = "0%"
        out.append(cell)
    return out


def _local(iso: str | None, tz: ZoneInfo) -> str:
    if not iso:
        return ""
    return datetime.fromisoformat(iso[:19]).replace(tzinfo=UTC).astimezone(tz).strftime("%Y-%m-%d %H:%M")


async def write_export(
    db: Database, target: str | Path | IO[bytes], area: Area, area_label: str, report: Report, tz: ZoneInfo,
    locale: str, title_of: Callable[[str], str], settings: Mapping[str, ColumnSetting],
    progress: Progress | None = None, max_assists: int | None = None, full_command: str = "",
    head: Letterhead | None = None,
) -> Export:
    """Write the workbook to TARGET (streamed: write-only sheets, raw rows a batch at a time), reading on a
    connection of its own so a long export never holds up the bot. The first sheet is the summary to send
    upward, under HEAD (the area's letterhead; derived from its name when not given)."""
    async with reports.readers(db, 1) as (reader,):
        return await _write(reader, target, area, area_label, report, tz, locale, title_of, settings, progress,
                            max_assists, full_command, head or defaults(area))


async def _write(
    db: Database, target: str | Path | IO[bytes], area: Area, area_label: str, report: Report, tz: ZoneInfo,
    locale: str, title_of: Callable[[str], str], settings: Mapping[str, ColumnSetting],
    progress: Progress | None, max_assists: int | None, full_command: str, head: Letterhead,
) -> Export:
    loc = locale
    wb = Workbook(write_only=True)
    sheets = {key: wb.create_sheet(T(loc, f"sheet_{key}")) for key in
              ("summary", "details", "assists", "sessions", "skills", "members", "help", "weeks", "notes")}
    names = {r.code: r.name for r in report.rows}
    issued = report.generated_at.astimezone(tz).date()
    write_summary(sheets["summary"], build_summary(report, area_label, loc), head, issued, loc)
    _details(sheets["details"], report, area_label, loc, settings)
    _skills(sheets["skills"], report, loc, title_of)
    _members(sheets["members"], report, loc)
    start, end = report.period.utc(tz)
    sessions = await report_lines.list_sessions(db, area.code, report.period.start.isoformat(),
                                           report.period.end.isoformat())
    people = await reports.members(db, sorted({s.member_id for s in sessions}))
    ws = sheets["sessions"]
    ws.append(_cells(ws, header(loc, "h_sessions"), bold=True))
    for s in sessions:
        topics = ", ".join(title_of(t) for t in json.loads(s.topics or "[]"))
        _put(ws, [s.id, s.held_on, s.village_code, names.get(s.village_code or "", ""),
                   people[s.member_id].name if s.member_id in people else "", topics, s.place, s.attendees])
    ws = sheets["help"]
    ws.append(_cells(ws, header(loc, "h_help"), bold=True))
    for h in await report_lines.list_help_requests(db, area.code, start, end):
        took = (round((datetime.fromisoformat(h.closed_at[:19]) - datetime.fromisoformat(h.created_at[:19]))
                      .total_seconds() / 3600, 1) if h.closed_at and h.status == "closed" else None)
        _put(ws, [h.id, _local(h.created_at, tz), h.village_code, names.get(h.village_code or "", ""),
                   title_of(h.guide_id) if h.guide_id else "", h.step, T(loc, f"status_{h.status}"),
                   _local(h.closed_at, tz), took])
    window = chart_window(report.period)
    hours = await reports.weekly_assists(db, area.code, window.utc(tz)[0], end)
    weeks, series = weekly_table(hours, window, tz)
    labels = {g: skill(loc, g) for g in series}
    _weeks(sheets["weeks"], weeks, series, labels, loc)
    png = await asyncio.to_thread(
        weekly_png, weeks, series, labels, T(loc, "chart_title", area=area_label), T(loc, "chart_axis"))
    written, total = await _assists(db, wb, sheets["assists"], area, report, start, end, tz, loc, title_of,
                                    names, progress, max_assists, full_command)
    _notes(sheets["notes"], report, area_label, loc, tz)
    await asyncio.to_thread(wb.save, target)
    return Export(report, png, written, total)


def _details(ws: Any, report: Report, area_label: str, loc: str, settings: Mapping[str, ColumnSetting]) -> None:
    """Every figure per village, in the columns (and names) the province chose."""
    columns = visible(settings, loc)
    for i, (column, _) in enumerate(columns):
        ws.column_dimensions[_letter(i)].width = column.width
    ws.freeze_panes = "A6"
    ws.print_title_rows = "5:5"
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    target = (T(loc, "target_period", period=report.target_period) if report.target_period
              else T(loc, "no_target"))
    ws.append(_cells(ws, [T(loc, "title")], bold=True))
    _put(ws, [T(loc, "area", area=area_label)])
    _put(ws, [T(loc, "period", label=report.period.label(loc), start=f"{report.period.start:%d/%m/%Y}",
                 end=f"{report.period.last:%d/%m/%Y}", cum=f"{report.cum_start:%d/%m/%Y}", target=target)])
    ws.append([])
    ws.row_dimensions[5].height = 48
    ws.append(_cells(ws, [label for _, label in columns], bold=True, wrap=True))
    percent = {i for i, (c, _) in enumerate(columns) if c.percent}
    for row in report.rows:
        values = [notes(row, loc) if c.key == "notes" else c.value(row) for c, _ in columns]
        ws.append(_cells(ws, values, percent=percent))
    total = _total_row(report)
    values = [c.value(total) for c, _ in columns]
    first_text = next((i for i, (c, _) in enumerate(columns) if c.key in ("commune", "village", "code")), 0)
    values[first_text] = T(loc, "total")
    for i, (c, _) in enumerate(columns):
        if c.key.startswith("pct_"):
            values[i] = total_percent(report.rows, c.key[4:])
        elif c.key in ("commune", "village", "code", "notes") and i != first_text:
            values[i] = ""
    ws.append(_cells(ws, values, bold=True, percent=percent))


def _total_row(report: Report) -> Row:
    return replace(report.total, flags=())


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


def _skills(ws: Any, report: Report, loc: str, title_of: Callable[[str], str]) -> None:
    ws.column_dimensions["A"].width = 34
    ws.append(_cells(ws, header(loc, "h_skills"), bold=True))
    for s in report.by_skill:
        _put(ws, [skill(loc, s.group), s.total, s.self_done, s.for_them, s.people])
    ws.append(_cells(ws, [T(loc, "total"), sum(s.total for s in report.by_skill),
                          sum(s.self_done for s in report.by_skill), sum(s.for_them for s in report.by_skill),
                          sum(s.people for s in report.by_skill)], bold=True))
    ws.append([])
    ws.append(_cells(ws, header(loc, "h_guides"), bold=True))
    for g in report.by_guide:
        name = title_of(g.guide_id) if g.guide_id else report_text.T(loc, "other_skill")
        _put(ws, [name, skill(loc, g.group), g.total, g.self_done, g.for_them])


def _members(ws: Any, report: Report, loc: str) -> None:
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 20
    ws.append(_cells(ws, header(loc, "h_members"), bold=True))
    for m in report.by_member:
        _put(ws, [m.name, m.team, m.self_done + m.for_them, m.self_done, m.for_them, m.sessions, m.attendees])


def _weeks(ws: Any, weeks: list[Any], series: dict[str, list[int]], labels: dict[str, str], loc: str) -> None:
    ws.column_dimensions["A"].width = 18
    ws.append(_cells(ws, [T(loc, "h_weeks"), *(labels[g] for g in series)], bold=True))
    for i, week in enumerate(weeks):
        _put(ws, [f"{week:%d/%m/%Y}", *(values[i] for values in series.values())])
    if series and weeks:
        chart = BarChart()
        chart.type, chart.grouping, chart.overlap = "col", "stacked", 100
        chart.title = T(loc, "chart_axis")
        chart.height, chart.width = 9, 18
        data = Reference(ws, min_col=2, max_col=len(series) + 1, min_row=1, max_row=len(weeks) + 1)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=len(weeks) + 1))
        ws.add_chart(chart, f"{_letter(len(series) + 2)}2")


async def _assists(
    db: Database, wb: Any, ws: Any, area: Area, report: Report, start: str, end: str, tz: ZoneInfo, loc: str,
    title_of: Callable[[str], str], names: dict[str, str], progress: Progress | None, limit: int | None,
    full_command: str,
) -> tuple[int, int]:
    """Stream the raw assists; a new sheet every EXCEL_ROWS rows. Returns (written, total)."""
    total = await report_lines.count_assists(db, area.code, start, end)
    head = header(loc, "h_assists")
    ws.column_dimensions["B"].width = 16
    ws.append(_cells(ws, head, bold=True))
    modes = {"self": T(loc, "mode_self"), "for_them": T(loc, "mode_for_them")}
    groups: dict[str, str] = {}
    guides: dict[str | None, str] = {}
    people: dict[int, str] = {}
    written = in_sheet = 0
    sheet_no = 1
    if progress:
        progress(0, total)
    async for batch in report_lines.iter_assists(db, area.code, start, end, BATCH):
        if limit is not None and written + len(batch) > limit:
            batch = batch[:max(limit - written, 0)]
        missing = sorted({a.member_id for a in batch} - people.keys())
        people.update({k: m.name for k, m in (await reports.members(db, missing)).items()})
        rows = []
        for a in batch:
            if a.skill_group not in groups:
                groups[a.skill_group] = skill(loc, a.skill_group)
            if a.guide_id not in guides:
                guides[a.guide_id] = title_of(a.guide_id) if a.guide_id else ""
            rows.append((a.id, _local(a.created_at, tz), a.village_code, names.get(a.village_code or "", ""),
                         people.get(a.member_id, ""), groups[a.skill_group], guides[a.guide_id] or a.other_skill,
                         modes.get(a.mode, a.mode), a.people_count, a.household))
        while rows:
            if in_sheet == EXCEL_ROWS:
                sheet_no += 1
                ws = wb.create_sheet(f"{T(loc, 'sheet_assists')} ({sheet_no})")
                ws.append(_cells(ws, head, bold=True))
                in_sheet = 0
            chunk, rows = rows[:EXCEL_ROWS - in_sheet], rows[EXCEL_ROWS - in_sheet:]
            await asyncio.to_thread(_append, ws, chunk)
            in_sheet += len(chunk)
        written += len(batch)
        if progress:
            progress(written, total)
        if limit is not None and written >= limit:
            break
    if written < total:
        _put(ws, [T(loc, "truncated", n=total - written, command=full_command)])
    return written, total


def _put(ws: Any, row: list[Any]) -> None:
    _append(ws, [tuple(row)])


def _append(ws: Any, rows: list[tuple[Any, ...]]) -> None:
    for row in rows:
        if any(isinstance(v, str) and v.startswith("=") for v in row):
            row = tuple(_text(ws, v) for v in row)
        ws.append(row)


def _notes(ws: Any, report: Report, area_label: str, loc: str, tz: ZoneInfo) -> None:
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 110
    through = report.through - timedelta(days=1)
    generated = report.generated_at.astimezone(tz).strftime("%d/%m/%Y %H:%M")
    text = T(loc, "notes", area=area_label, label=report.period.label(loc),
             start=f"{report.period.start:%d/%m/%Y}", end=f"{report.period.last:%d/%m/%Y}",
             through=f"{through:%d/%m/%Y}", compared=report.compared.label(loc),
             cum=f"{report.cum_start:%d/%m/%Y}", target=report.target_period or "—", generated=generated)
    for i, line in enumerate(text.split("\n")):
        ws.append(_cells(ws, line.split("|", 1), bold=i == 0))
