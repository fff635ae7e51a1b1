"""Assist logging: how well lines are read, and entries/s into a real SQLite file with many members at once.

First the line reader against the corpus (tests/data/assist-lines.yaml): the share of fields read exactly
(task, people, names, household, place, who did it), for all lines, the lines written before the reader
was tuned and those written after it was finished, and per field; and lines read per second.

Then many members of one team log at once through Engine.handle exactly as a channel delivers each update
(de-duplication, the person's lock, state, the draft, the write committed before the answer):
``/log vneid-install 2 bà Lan`` (an exact guide id: saved at once); ``/ghi cài vneid cho bà Lan, hộ ông Ba``
and one tap on Save; a message with three assists and one tap. Figures: entries (assists saved) per
second, latency per update (p50, p99, max), rows written.
Run: .venv/bin/python bench/bench_logs.py [--members 100] [--logs 30] [--db FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "support"))

from assist_corpus import FIELDS, load, score  # noqa: E402

from bot.app import build_engine, build_services  # noqa: E402
from bot.core.config import Config  # noqa: E402
from bot.core.engine import Engine, Services  # noqa: E402
from bot.core.messages import Incoming, Kind, Reply  # noqa: E402
from bot.core.normalize import fold  # noqa: E402
from bot.members.assists.reader import read_line  # noqa: E402
from bot.residents.library import GuideLibrary  # noqa: E402
from storage import conversations, people, teams  # noqa: E402
from storage.areas import upsert_area  # noqa: E402

VILLAGE = "97001-001"


async def seed(services: Services, members: int) -> None:
    db = services.db
    for code, level, name, parent, commune in (
        ("97", "province", "Tỉnh Đo Thử", None, None), ("97001", "commune", "Xã Đo Thử", "97", "97001"),
        (VILLAGE, "village", "Thôn Đo Thử", "97001", "97001"),
    ):
        await upsert_area(db, code, level, name, fold(name), parent, "97", commune)
    team = await teams.create_team(db, "Tổ đo thử", VILLAGE)
    for i in range(members):
        person, _ = await people.touch_person(db, "console", f"m{i}", f"m{i}", f"Thành viên {i}", "vi")
        await teams.join_team(db, team.id, person.id)
        await conversations.save_state(db, person.id, {"greeted": True})  # members who have used the bot before


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def timed(engine: Engine, incoming: Incoming, latencies: list[float]) -> list[Reply]:
    started = time.perf_counter()
    replies = await engine.handle(incoming)
    latencies.append(time.perf_counter() - started)
    return replies


def update(member: int, n: int, text: str | None = None, action: str | None = None) -> Incoming:
    return Incoming(
        channel="console", user_id=f"m{member}", chat_id=f"m{member}", display_name=f"Thành viên {member}",
        text=text, action=action, kind=Kind.TEXT if text is not None else Kind.ACTION, message_id=f"{member}:{n}",
    )


async def one_line(engine: Engine, members: int, logs: int) -> tuple[float, list[float]]:
    latencies: list[float] = []

    async def member_logs(member: int) -> None:
        for n in range(logs):
            replies = await timed(engine, update(member, n, f"/log vneid-install {1 + n % 3} bà Lan, ông Tư"),
                                  latencies)
            assert replies and replies[0].text.startswith("✅ Đã lưu"), replies

    started = time.perf_counter()
    await asyncio.gather(*(member_logs(m) for m in range(members)))
    return time.perf_counter() - started, latencies


async def with_one_tap(engine: Engine, members: int, logs: int, line: str, offset: int
                       ) -> tuple[float, list[float]]:
    """Each member sends LINE and taps Save (1 on the draft), LOGS times."""
    latencies: list[float] = []

    async def member_logs(member: int) -> None:
        for n in range(logs):
            draft = await timed(engine, update(member, offset + 2 * n, line), latencies)
            save = next(c.action for c in draft[-1].choices if c.action.startswith("lg:s:"))
            replies = await timed(engine, update(member, offset + 2 * n + 1, action=save), latencies)
            assert replies and replies[0].text.startswith("✅ Đã lưu"), replies

    started = time.perf_counter()
    await asyncio.gather(*(member_logs(m) for m in range(members)))
    return time.perf_counter() - started, latencies


def reading(library: GuideLibrary) -> None:
    corpus = load()
    for label, held, fresh in (("all lines", None, None), ("written before tuning", True, False),
                               ("written after, never tuned on", None, True)):
        result = score(corpus, library, held, fresh)
        lines = sum(1 for line in corpus.lines
                    if (held is None or line.held == held) and (fresh is None or line.fresh == fresh))
        print(f"reader, {label}: {lines} lines, {result.exact}/{result.fields} fields exact = {result.share:.1%}")
    result = score(corpus, library)
    print("  per field: " + ", ".join(
        f"{name} {result.by_field[name][0] / result.by_field[name][1]:.1%}" for name in FIELDS))
    started = time.perf_counter()
    rounds = 5
    for _ in range(rounds):
        for line in corpus.lines:
            read_line(line.text, library, corpus.villages)
    elapsed = time.perf_counter() - started
    print(f"  reading speed: {rounds * len(corpus.lines) / elapsed:,.0f} lines/s "
          f"({elapsed / (rounds * len(corpus.lines)) * 1000:.2f} ms a line)")


def report(label: str, entries: int, elapsed: float, latencies: list[float]) -> None:
    ms = [value * 1000 for value in latencies]
    print(f"{label}: {entries} entries in {elapsed:.2f} s = {entries / elapsed:,.0f} entries/s; "
          f"{len(ms)} updates, latency p50 {statistics.median(ms):.1f} ms, p99 {percentile(ms, 0.99):.1f} ms, "
          f"max {max(ms):.1f} ms")


async def main(members: int, logs: int, db_path: Path) -> None:
    config = Config.model_validate({"database": {"path": str(db_path)}, "guides": {"dir": str(ROOT / "guides")}})
    services = await build_services(config)
    try:
        await seed(services, members)
        engine = build_engine(services)
        reading(services.library)
        print(f"SQLite file {db_path}, {members} members logging at once, {logs} messages each per phase")
        elapsed, latencies = await one_line(engine, members, logs)
        report("exact guide id (saved at once)", members * logs, elapsed, latencies)
        elapsed, latencies = await with_one_tap(engine, members, logs, "/ghi cài vneid cho bà Lan, hộ ông Ba",
                                                10_000)
        report("one line read + one tap on Save", members * logs, elapsed, latencies)
        elapsed, latencies = await with_one_tap(
            engine, members, logs, "/ghi sáng nay ở nhà văn hoá: bà Nụ cài vneid, ông Khải quên passcode, "
            "cô Thuỷ chuyển tiền cho con", 20_000)
        report("three assists in one message + one tap", 3 * members * logs, elapsed, latencies)
        row = await services.db.fetchone("SELECT count(*) AS n, count(DISTINCT source) AS s FROM assists")
        assert row is not None
        print(f"rows written: {row['n']} (distinct sources {row['s']}; expected {5 * members * logs})")
    finally:
        await services.db.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100)
    parser.add_argument("--logs", type=int, default=30, help="logs per member in each phase")
    parser.add_argument("--db", type=Path, help="SQLite file (default: a temporary one)")
    args = parser.parse_args()
    if args.db:
        asyncio.run(main(args.members, args.logs, args.db))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            asyncio.run(main(args.members, args.logs, Path(tmp) / "bench.db"))
