"""Report and export speed on a generated province with 1,000,000 assists (prints figures, asserts nothing).

    .venv/bin/python bench/bench_reports.py [--assists N] [--db FILE] [--full-export]

The database is generated in a child process (executemany in one transaction), so the peak memory printed
at the end is that of the report and export alone. Targets: /report < 200 ms, export < 10 s (the .xlsx with every assist, the one-page PDF and its picture).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.coordinators.reports.data import build_report  # noqa: E402
from bot.coordinators.reports.documents import build_documents  # noqa: E402
from bot.coordinators.reports.export import write_export  # noqa: E402
from bot.coordinators.reports.period import Period, month, year  # noqa: E402
from bot.coordinators.reports.text import render_report  # noqa: E402
from storage import areas, reports  # noqa: E402
from storage.db import Database, connect  # noqa: E402
from storage.report_reading import IN_AREA, LIVE_ASSISTS, read_rows  # noqa: E402

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=TZ)
PROVINCE, COMMUNES, VILLAGES, MEMBERS, HOUSEHOLDS = "91", 100, 10, 5, 300
GUIDES = [("vneid-install", "identity"), ("vneid-level2", "identity"), ("dvc-login", "public_services"),
          ("dvc-submit", "public_services"), ("qr-pay", "online_payment"), ("bill-pay", "online_payment"),
          ("online-shop", "online_shopping"), ("scam-alert", "online_safety"), ("install-app", "other_platform")]
STAMP = "%Y-%m-%dT%H:%M:%S.000Z"


def _iso(moment: float) -> str:
    return time.strftime(STAMP, time.gmtime(moment))


def generate(path: Path, assists: int) -> None:
    """A province of 100 communes × 10 villages, a 5-member team each, a year of logs up to NOW."""
    asyncio.run(_migrate(path))
    rnd = random.Random(20261120)
    conn = sqlite3.connect(path)
    # A throwaway file: no journal, no syncs, a large cache (the app's connection turns WAL back on).
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-400000")
    conn.execute("PRAGMA temp_store=MEMORY")
    conn.execute("BEGIN")
    area_rows: list[tuple[str | None, ...]] = [
        (PROVINCE, "province", "Tỉnh Thử Nghiệm", "tinh thu nghiem", None, PROVINCE, None)]
    villages: list[str] = []
    for c in range(COMMUNES):
        commune = f"{PROVINCE}{c + 1:03d}"
        area_rows.append((commune, "commune", f"Xã Số {c + 1}", f"xa so {c + 1}", PROVINCE, PROVINCE, commune))
        for v in range(VILLAGES):
            code = f"{commune}-{v + 1:03d}"
            area_rows.append((code, "village", f"Thôn {v + 1}", f"thon {v + 1}", commune, PROVINCE, commune))
            villages.append(code)
    conn.executemany("INSERT INTO areas (code, level, name, name_norm, parent_code, province_code, commune_code)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?)", area_rows)
    members: list[tuple[int, int, str]] = []
    person = 0
    for team, village in enumerate(villages, 1):
        conn.execute("INSERT INTO teams (id, name, area_code) VALUES (?, ?, ?)", (team, f"Tổ {village}", village))
        for _ in range(MEMBERS):
            person += 1
            conn.execute("INSERT INTO people (id, channel, user_id, chat_id, display_name, role, village_code)"
                         " VALUES (?, 'telegram', ?, ?, ?, 'member', ?)", (person, person, person, f"TV {person}",
                                                                           village))
            conn.execute("INSERT INTO team_members (team_id, person_id) VALUES (?, ?)", (team, person))
            members.append((person, team, village))
    coordinator = person + 1
    conn.execute("INSERT INTO people (id, channel, user_id, chat_id, display_name, role) VALUES"
                 " (?, 'console', 'coord', 'coord', 'Cán bộ tỉnh', 'coordinator')", (coordinator,))
    conn.execute("INSERT INTO coordinator_areas (person_id, area_code, granted_by) VALUES (?, ?, 'bench')",
                 (coordinator, PROVINCE))
    start = NOW.timestamp() - 365 * 86400
    step = 365 * 86400 / max(assists, 1)

    def assist_rows() -> Iterator[tuple[object, ...]]:
        for k in range(assists):
            member, team, village = members[rnd.randrange(len(members))]
            guide, group = GUIDES[rnd.randrange(len(GUIDES))]
            at = _iso(start + k * step + rnd.random() * 60)
            yield (member, team, village, guide, group, rnd.choice((1, 1, 1, 2, 3)),
                   f"ho {rnd.randrange(HOUSEHOLDS)}", "self" if rnd.random() < 0.8 else "for_them", at,
                   at if rnd.random() < 0.02 else None)

    conn.executemany("INSERT INTO assists (member_id, team_id, village_code, guide_id, skill_group, people_count,"
                     " household_norm, mode, created_at, undone_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     assist_rows())
    sessions = [(m, t, v, time.strftime("%Y-%m-%d", time.gmtime(start + rnd.random() * 365 * 86400)),
                 rnd.randrange(5, 60)) for m, t, v in (members[rnd.randrange(len(members))] for _ in range(20_000))]
    conn.executemany("INSERT INTO sessions (member_id, team_id, village_code, held_on, attendees)"
                     " VALUES (?, ?, ?, ?, ?)", sessions)
    residents = [(i, "zalo", f"r{i}", f"r{i}", villages[rnd.randrange(len(villages))])
                 for i in range(coordinator + 1, coordinator + 20_001)]
    conn.executemany("INSERT INTO people (id, channel, user_id, chat_id, village_code) VALUES (?, ?, ?, ?, ?)",
                     residents)
    events: list[tuple[int, str, str, int | None, str]] = []
    for resident, *_ in residents:
        at = start + rnd.random() * 365 * 86400
        guide = GUIDES[rnd.randrange(len(GUIDES))][0]
        events.append((resident, guide, "started", None, _iso(at)))
        last = rnd.randrange(1, 7)
        events += [(resident, guide, "step", n, _iso(at + n * 30)) for n in range(1, last + 1)]
        if rnd.random() < 0.6:
            events.append((resident, guide, "finished", last, _iso(at + 300)))
    conn.executemany("INSERT INTO guide_events (person_id, guide_id, event, step, at) VALUES (?, ?, ?, ?, ?)",
                     events)
    requests = []
    for resident, *_, village in residents:
        at = start + rnd.random() * 365 * 86400
        closed = rnd.random() < 0.7
        requests.append((resident, village, "closed" if closed else "open", _iso(at),
                         _iso(at + rnd.random() * 86400) if closed else None))
    conn.executemany("INSERT INTO help_requests (person_id, village_code, status, created_at, closed_at)"
                     " VALUES (?, ?, ?, ?, ?)", requests)
    conn.executemany("INSERT INTO village_baselines (village_code, period, starts_on, ends_on, households, adults,"
                     " entered_by) VALUES (?, '2026', '2026-01-01', '2027-01-01', ?, ?, 'bench')",
                     [(v, rnd.randrange(250, 400), rnd.randrange(600, 1200)) for v in villages])
    conn.executemany("INSERT INTO village_targets (village_code, period, starts_on, ends_on, indicator, value,"
                     " entered_by) VALUES (?, '2026', '2026-01-01', '2027-01-01', 'households', ?, 'bench')",
                     [(v, rnd.randrange(200, 300)) for v in villages])
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()


async def _migrate(path: Path) -> None:
    db = await connect(path)
    await db.close()


async def measure(path: Path, full_export: bool) -> None:
    db = await connect(path)
    province = await areas.get_area(db, PROVINCE)
    commune = await areas.get_area(db, f"{PROVINCE}050")
    assert province and commune
    cases: list[tuple[str, areas.Area, Period]] = [
        ("commune, this month", commune, month(NOW.date())), ("commune, year", commune, year(2026)),
        ("province, this month", province, month(NOW.date())), ("province, last month", province,
                                                                 month(NOW.date()).previous()),
    ]
    print("\n/report (build + render; best and median of 5 runs):")
    for label, area, period in cases:
        times = []
        for _ in range(5):
            began = time.perf_counter()
            report = await build_report(db, area, period, TZ, NOW)
            render_report(report, area.name, "vi", str)
            times.append((time.perf_counter() - began) * 1000)
        print(f"  {label:24} best {min(times):7.1f} ms   median {statistics.median(times):7.1f} ms"
              f"   ({report.total.assists or 0:,} assists in period)")
    await compare_scans(db, month(NOW.date()).previous())
    exports = [("commune, year", commune, year(2026)), ("province, last month", province,
                                                          month(NOW.date()).previous())]
    if full_export:
        exports.append(("province, year", province, year(2026)))
    print("\nexport (.xlsx with every assist + weekly chart, streamed to a file):")
    with tempfile.TemporaryDirectory() as folder:
        for label, area, period in exports:
            began = time.perf_counter()
            report = await build_report(db, area, period, TZ, NOW, names=True)
            target = Path(folder) / "export.xlsx"
            done = await write_export(db, target, area, area.name, report, TZ, "vi", str, {})
            took = time.perf_counter() - began
            print(f"  {label:24} {took:6.2f} s   {done.assists_written:,} raw rows   "
                  f"{target.stat().st_size / 1e6:.1f} MB xlsx   {len(done.png) / 1e3:.0f} kB png")
    print("\nall files of /xuatbaocao (report + .xlsx + one-page PDF + its picture, in memory):")
    for label, area, period in exports:
        began = time.perf_counter()
        files = await build_documents(db, area, period, tz=TZ, now=NOW)
        took = time.perf_counter() - began
        assert files.xlsx and files.pdf and files.png
        print(f"  {label:24} {took:6.2f} s   xlsx {len(files.xlsx) / 1e6:.1f} MB   pdf {len(files.pdf) / 1e3:.0f} kB"
              f"   png {len(files.png) / 1e3:.0f} kB")
    for label, area, period in exports[:2]:
        times = []
        for _ in range(3):
            began = time.perf_counter()
            await build_documents(db, area, period, tz=TZ, now=NOW, kinds={"png"})
            times.append(time.perf_counter() - began)
        print(f"  picture only (Zalo), {label:14} best {min(times):5.2f} s")
    await db.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory (RSS) of report + export: {peak:.0f} MB")


async def compare_scans(db: Database, period: Period) -> None:
    """The figures the report needs, read from the roll-ups and by rescanning the raw rows, in this run."""
    start, end = period.utc(TZ)
    raw = [
        "SELECT village_code, count(*), sum(mode = 'self'), sum(people_count), sum(skill_group = 'identity')"
        f" FROM {LIVE_ASSISTS} WHERE undone_at IS NULL AND created_at >= :start AND created_at < :end"
        f" AND village_code {IN_AREA} GROUP BY village_code",
        f"SELECT guide_id, skill_group, count(*), sum(mode = 'self'), sum(people_count) FROM {LIVE_ASSISTS}"
        f" WHERE undone_at IS NULL AND created_at >= :start AND created_at < :end AND village_code {IN_AREA}"
        " GROUP BY guide_id, skill_group",
        f"SELECT member_id, count(*), sum(mode = 'self') FROM {LIVE_ASSISTS} WHERE undone_at IS NULL"
        f" AND created_at >= :start AND created_at < :end AND village_code {IN_AREA} GROUP BY member_id",
    ]
    params = {"area": PROVINCE, "start": start, "end": end}

    async def scans() -> None:
        for sql in raw:
            await read_rows(db, sql, params)

    async def rolled() -> None:
        await reports.village_totals(db, PROVINCE, start, end)
        await reports.guide_groups(db, PROVINCE, start, end)
        await reports.member_groups(db, PROVINCE, start, end)

    best = {}
    for name, job in (("raw", scans), ("rolled", rolled)):
        times = []
        for _ in range(5):
            began = time.perf_counter()
            await job()
            times.append((time.perf_counter() - began) * 1000)
        best[name] = min(times)
    print(f"\nprovince, last month — villages, guides and members: raw rescans {best['raw']:.1f} ms, "
          f"roll-ups {best['rolled']:.1f} ms ({best['raw'] / best['rolled']:.1f}× faster)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--assists", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="reuse (or create) this database file")
    parser.add_argument("--full-export", action="store_true", help="also export a whole province-year")
    parser.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate_only:
        generate(args.db, args.assists)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = args.db or Path(folder) / "bench.db"
        if not path.exists():
            began = time.perf_counter()
            subprocess.run([sys.executable, __file__, "--generate-only", "--db", str(path), "--assists",
                            str(args.assists)], check=True)
            print(f"generated {args.assists:,} assists in {time.perf_counter() - began:.1f} s "
                  f"({path.stat().st_size / 1e6:.0f} MB)")
        asyncio.run(measure(path, args.full_export))


if __name__ == "__main__":
    main()
