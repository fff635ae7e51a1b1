"""The files of one report export, as every way out uses them: chat attachments, the CLI, a signed download."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from bot.areas import lookup as area_lookup
from bot.coordinators.reports.data import build_report
from bot.coordinators.reports.export import Export, file_stem, write_export
from bot.coordinators.reports.period import Period
from bot.core.engine import Services
from storage import baselines
from storage.areas import Area

MAX_CHAT_ASSISTS = 100_000  # raw rows in a file sent by chat or link; the CLI exports everything
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ReportFile:
    name: str
    content: bytes
    mime: str

    @property
    def is_image(self) -> bool:
        return self.mime.startswith("image/")


@dataclass(frozen=True)
class ReportFiles:
    """An export: its files (the workbook first), the area's label and what the workbook holds."""

    area_label: str
    files: tuple[ReportFile, ...]
    export: Export
    full_command: str


def guide_titles(services: Services, locale: str) -> Callable[[str], str]:
    """Guide id → its title in LOCALE (the id itself when the guide is gone)."""
    def title(guide_id: str) -> str:
        guide = services.library.get(guide_id)
        return guide.title.get(locale) if guide else guide_id
    return title


async def report_files(services: Services, area: Area, period: Period, locale: str) -> ReportFiles:
    """Build the export of AREA over PERIOD in LOCALE: the one call every delivery path makes."""
    db, config = services.db, services.config
    report = await build_report(db, area, period, config.tz, services.clock(), names=True)
    label = await area_lookup.describe(db, area)
    settings = await baselines.column_settings(db, area.province_code)
    command = (f"python -m bot report --area {area.code} --from {period.start.isoformat()} "
               f"--to {period.last.isoformat()} --xlsx baocao.xlsx")
    buffer = io.BytesIO()
    done = await write_export(db, buffer, area, label, report, config.tz, locale, guide_titles(services, locale),
                              settings, max_assists=MAX_CHAT_ASSISTS, full_command=command)
    stem = file_stem(area, report)
    files = (ReportFile(f"{stem}.xlsx", buffer.getvalue(), XLSX), ReportFile(f"{stem}-tuan.png", done.png, "image/png"))
    return ReportFiles(label, files, done, command)
