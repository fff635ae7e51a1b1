"""Subcommands: ``report`` (Excel export and chart), ``baseline import`` (CSV of households and targets),
``baseline columns`` (a province's names for the summary columns)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from bot.areas import lookup as area_lookup
from bot.coordinators.reports.columns import BY_KEY, COLUMNS
from bot.coordinators.reports.data import build_report
from bot.coordinators.reports.export import write_export
from bot.coordinators.reports.letterhead import letterhead_for
from bot.coordinators.reports.pdf import render_pdf
from bot.coordinators.reports.period import Period, PeriodError, month, parse_period, span
from bot.coordinators.reports.summary import build_summary
from bot.coordinators.reports.targets import Numbers
from bot.coordinators.reports.targets import T as TARGET_TEXT
from bot.coordinators.reports.targets_input import check_rows, read_csv
from bot.core.config import load_config
from bot.residents.library import GuideLibrary
from storage import areas, baselines
from storage.db import Database, connect

BAR = 30
MIN_ROWS = 20_000  # smaller exports finish before a bar would be worth drawing


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = sub.add_parser("report", help="export a report as .xlsx (and the weekly chart as .png)")
    report.add_argument("--area", required=True, metavar="CODE", help="province, commune or village code")
    report.add_argument("--from", dest="first", metavar="DATE", help="first day (YYYY-MM-DD or dd/mm/yyyy)")
    report.add_argument("--to", dest="last", metavar="DATE", help="last day, included (default: today)")
    report.add_argument("--xlsx", required=True, metavar="FILE")
    report.add_argument("--png", metavar="FILE", help="also write the weekly chart here")
    report.add_argument("--pdf", metavar="FILE", help="also write the one-page summary as PDF here")
    report.add_argument("--lang", choices=("vi", "en"), default="vi")
    report.add_argument("--config", metavar="FILE")
    report.set_defaults(func=cmd_report)

    baseline = sub.add_parser("baseline", help="households, adults and targets per village")
    baseline_sub = baseline.add_subparsers(dest="baseline_command", required=True)
    imp = baseline_sub.add_parser("import", help="import a CSV: village, period, ho, nguoi, muc_tieu_ho, …")
    imp.add_argument("file", metavar="FILE.csv")
    imp.add_argument("--area", metavar="CODE", help="look village names up only inside this area")
    imp.add_argument("--config", metavar="FILE")
    imp.set_defaults(func=cmd_import)
    cols = baseline_sub.add_parser("columns", help="rename or hide summary columns for a province")
    cols.add_argument("province", metavar="CODE")
    cols.add_argument("--rename", action="append", default=[], metavar="KEY=LABEL")
    cols.add_argument("--hide", action="append", default=[], metavar="KEY")
    cols.add_argument("--show", action="append", default=[], metavar="KEY")
    cols.add_argument("--config", metavar="FILE")
    cols.set_defaults(func=cmd_columns)


def _day(text: str) -> date:
    try:
        period, rest = parse_period(text, date.today())
    except PeriodError as exc:
        raise SystemExit(f"report: {text!r} is not a date") from exc
    if period is None or rest:
        raise SystemExit(f"report: {text!r} is not a date (use YYYY-MM-DD or dd/mm/yyyy)")
    return period.start


class ProgressBar:
    """``[#####·····]  41,500/83,292 assists`` on stderr, redrawn in place."""

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if total < MIN_ROWS:
            return
        filled = BAR * done // total
        sys.stderr.write(f"\r[{'#' * filled}{'·' * (BAR - filled)}] {done:>10,}/{total:,} assists")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")


def cmd_report(args: argparse.Namespace) -> int:
    code, png = asyncio.run(_report(args))
    if png is not None and args.png:
        Path(args.png).write_bytes(png)
    return code


async def _report(args: argparse.Namespace) -> tuple[int, bytes | None]:
    config = load_config(args.config)
    today = datetime.now(UTC).astimezone(config.tz).date()
    first = _day(args.first) if args.first else month(today).start
    last = _day(args.last) if args.last else today
    if last < first:
        print("report: --to is before --from", file=sys.stderr)
        return 2, None
    period: Period = span(first, last)
    db = await connect(config.database.url, pool_size=config.database.pool_size)
    try:
        area = await areas.get_area(db, args.area)
        if area is None:
            print(f"report: no area with code {args.area!r}", file=sys.stderr)
            return 2, None
        library = GuideLibrary(config.guides.dir)

        def title(guide_id: str) -> str:
            guide = library.get(guide_id)
            return guide.title.get(args.lang) if guide else guide_id

        report = await build_report(db, area, period, config.tz, datetime.now(UTC), names=True)
        label = await area_lookup.describe(db, area)
        settings = await baselines.column_settings(db, area.province_code)
        bar = ProgressBar()
        head = await letterhead_for(db, area)
        done = await write_export(db, Path(args.xlsx), area, label, report, config.tz, args.lang, title, settings,
                                  progress=bar, head=head)
        bar.close()
        if args.pdf:
            summary = build_summary(report, label, args.lang)
            issued = datetime.now(UTC).astimezone(config.tz).date()
            pdf = await asyncio.to_thread(render_pdf, summary, head, issued, args.lang)
            await asyncio.to_thread(Path(args.pdf).write_bytes, pdf)
    finally:
        await db.close()
    print(f"{args.xlsx}: {label}, {period.label(args.lang)} — {len(report.rows)} villages, "
          f"{done.assists_written:,} assists" + (f"; chart: {args.png}" if args.png else "")
          + (f"; PDF: {args.pdf}" if args.pdf else ""))
    return 0, done.png


def cmd_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(f"{path}: file not found", file=sys.stderr)
        return 2
    return asyncio.run(_import(args, path, _read_csv(path)))


def _read_csv(path: Path) -> list[dict[str, str]]:
    return read_csv(path.read_text(encoding="utf-8-sig"))


async def _import(args: argparse.Namespace, path: Path, rows: list[dict[str, str]]) -> int:
    config = load_config(args.config)
    today = datetime.now(UTC).astimezone(config.tz).date()
    db = await connect(config.database.url, pool_size=config.database.pool_size)
    try:
        problems, ready = await _check_rows(db, path, rows, args.area, today)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print(f"{len(problems)} problem(s); nothing was imported", file=sys.stderr)
            return 1
        for code, period, numbers in ready:
            await baselines.save_numbers(db, code, period.key, period.start.isoformat(), period.end.isoformat(),
                                         numbers.households, numbers.adults, numbers.targets, "cli")
    finally:
        await db.close()
    print(f"{len(ready)} village row(s) imported from {path}")
    return 0


async def _check_rows(
    db: Database, path: Path, rows: list[dict[str, str]], within: str | None, today: date
) -> tuple[list[str], list[tuple[str, Period, Numbers]]]:
    found, ready = await check_rows(db, rows, [within] if within else None, today)
    problems = []
    for p in found:
        where = f"{path}:{p.line}"
        if p.key == "village":
            total = int(str(p.values.get("total", 0)))
            many = f" ({total} villages have that name: use the code)" if total > 1 else ""
            problems.append(f"{where}: village {p.values.get('text', '')!r} not found{many}")
        elif p.key == "period":
            problems.append(f"{where}: period {p.values.get('text', '')!r} is not valid (2026, 2026-Q4, 2026-10)")
        else:
            problems.append(f"{where}: {TARGET_TEXT('en', p.key, **p.values)}")
    return problems, [(r.village_code, r.period, r.numbers) for r in ready]


def cmd_columns(args: argparse.Namespace) -> int:
    return asyncio.run(_columns(args))


async def _columns(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    db = await connect(config.database.url, pool_size=config.database.pool_size)
    try:
        province = await areas.get_area(db, args.province)
        if province is None or province.level != "province":
            print(f"columns: {args.province!r} is not a province code", file=sys.stderr)
            return 2
        changes: list[tuple[str, str | None, bool | None]] = []
        for item in args.rename:
            key, _, label = item.partition("=")
            changes.append((key.strip(), label.strip(), None))
        changes += [(key, None, True) for key in args.hide] + [(key, None, False) for key in args.show]
        unknown = [key for key, _, _ in changes if key not in BY_KEY]
        if unknown:
            print(f"columns: unknown column(s) {', '.join(unknown)}; known: {', '.join(BY_KEY)}", file=sys.stderr)
            return 2
        for key, label, hidden in changes:
            await baselines.save_column(db, province.code, key, label, hidden, "cli")
        settings = await baselines.column_settings(db, province.code)
    finally:
        await db.close()
    for column in COLUMNS:
        s = settings.get(column.key)
        label = s.label if s and s.label else column.vi
        print(f"{column.key:20} {label}" + ("  (hidden)" if s and s.hidden else ""))
    return 0
