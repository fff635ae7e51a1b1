"""A report's files for an area and a period: the workbook, the one-page PDF and its picture. One entry point
for every channel and for the web side (signed downloads), so each gets the same figures."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.areas import lookup as area_lookup
from bot.coordinators.reports.data import build_report
from bot.coordinators.reports.export import Export, file_stem, write_export
from bot.coordinators.reports.letterhead import letterhead_for
from bot.coordinators.reports.model import Report
from bot.coordinators.reports.pdf import render_pdf, render_png
from bot.coordinators.reports.period import Period
from bot.coordinators.reports.summary import build_summary
from storage import baselines
from storage.areas import Area
from storage.db import Database

KINDS = frozenset({"xlsx", "pdf", "png"})


@dataclass(frozen=True)
class Documents:
    report: Report
    stem: str  # "baocao-00070-2026-10": file names are the stem plus .xlsx / .pdf / .png
    xlsx: bytes | None = None
    pdf: bytes | None = None
    png: bytes | None = None  # the summary page(s) as a picture
    export: Export | None = None  # the workbook's details: its weekly chart, rows written


async def build_documents(
    db: Database, area: Area, period: Period, *, tz: ZoneInfo, now: datetime, locale: str = "vi",
    title_of: Callable[[str], str] = str, kinds: Collection[str] = KINDS, max_assists: int | None = None,
    full_command: str = "",
) -> Documents:
    """The files of AREA's report over PERIOD as of NOW; KINDS picks which (a picture needs the PDF)."""
    report = await build_report(db, area, period, tz, now, names="xlsx" in kinds)
    label = await area_lookup.describe(db, area)
    head = await letterhead_for(db, area)
    stem = file_stem(area, report)
    issued = now.astimezone(tz).date()
    xlsx = pdf = png = None
    export = None
    if "xlsx" in kinds:
        buffer = io.BytesIO()
        settings = await baselines.column_settings(db, area.province_code)
        export = await write_export(db, buffer, area, label, report, tz, locale, title_of, settings,
                                    max_assists=max_assists, full_command=full_command, head=head)
        xlsx = buffer.getvalue()
    if "pdf" in kinds or "png" in kinds:
        summary = build_summary(report, label, locale)
        pdf = await asyncio.to_thread(render_pdf, summary, head, issued, locale)
        if "png" in kinds:
            png = await asyncio.to_thread(render_png, pdf)
    return Documents(report, stem, xlsx, pdf if "pdf" in kinds else None, png, export)


async def report_xlsx(db: Database, area: Area, period: Period, tz: ZoneInfo, now: datetime,
                      locale: str = "vi") -> bytes:
    done = await build_documents(db, area, period, tz=tz, now=now, locale=locale, kinds={"xlsx"})
    assert done.xlsx is not None
    return done.xlsx


async def report_pdf(db: Database, area: Area, period: Period, tz: ZoneInfo, now: datetime,
                     locale: str = "vi") -> bytes:
    done = await build_documents(db, area, period, tz=tz, now=now, locale=locale, kinds={"pdf"})
    assert done.pdf is not None
    return done.pdf


async def report_png(db: Database, area: Area, period: Period, tz: ZoneInfo, now: datetime,
                     locale: str = "vi") -> bytes:
    done = await build_documents(db, area, period, tz=tz, now=now, locale=locale, kinds={"png"})
    assert done.png is not None
    return done.png
