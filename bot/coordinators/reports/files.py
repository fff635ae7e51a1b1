"""The files of one report export, as every way out uses them: chat attachments, the CLI, a signed download:
the workbook, the summary as a one-page PDF and as a picture, and the weekly chart."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.areas import lookup as area_lookup
from bot.coordinators.reports.documents import build_documents
from bot.coordinators.reports.export import Export
from bot.coordinators.reports.period import Period
from bot.core.engine import Services
from storage.areas import Area

MAX_CHAT_ASSISTS = 100_000  # raw rows in a file sent by chat or link; the CLI exports everything
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ReportFile:
    name: str
    content: bytes
    mime: str
    kind: str = "xlsx"  # 'xlsx' | 'pdf' | 'summary' (the summary's picture) | 'chart'

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
    """Build the export of AREA over PERIOD in LOCALE: the one call every delivery path makes. The summary's
    picture is the first image, so a channel that shows one picture shows the report itself."""
    command = (f"python -m bot report --area {area.code} --from {period.start.isoformat()} "
               f"--to {period.last.isoformat()} --xlsx baocao.xlsx --pdf baocao.pdf")
    made = await build_documents(services.db, area, period, tz=services.config.tz, now=services.clock(),
                                 locale=locale, title_of=guide_titles(services, locale),
                                 max_assists=MAX_CHAT_ASSISTS, full_command=command)
    assert made.xlsx is not None and made.pdf is not None and made.png is not None and made.export is not None
    stem = made.stem
    files = (ReportFile(f"{stem}.xlsx", made.xlsx, XLSX, "xlsx"),
             ReportFile(f"{stem}.pdf", made.pdf, "application/pdf", "pdf"),
             ReportFile(f"{stem}-tomtat.png", made.png, "image/png", "summary"),
             ReportFile(f"{stem}-tuan.png", made.export.png, "image/png", "chart"))
    label = await area_lookup.describe(services.db, area)
    return ReportFiles(label, files, made.export, command)
