"""Several worker processes on one database: resident turns per second, and a broadcast shared by workers.

Turns: each worker process runs the real engine on the database (no channel: the figures are the engine and
the database) with CONCURRENCY residents of its own at a time, each walking a guide by buttons and asking
questions. Reported: turns/s overall, CPU per turn in each worker, the PostgreSQL server's CPU per turn
(all its processes, from /proc), and round trips per turn. SQLite runs one process (it has no other mode).
Broadcast: RECIPIENTS residents queued in one broadcast, sent by 2 worker processes at RATE messages/s to a
sender that records every chat: duplicates, losses and the pace actually held (overall and in the busiest
second).
Run: .venv/bin/python bench/bench_workers.py --postgres postgresql://postgres@127.0.0.1:5433/postgres
     [--workers 1 2 4] [--turns 6000] [--concurrency 16] [--recipients 100000] [--rate 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import sys
import tempfile
import time
from collections import Counter
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "support")]

import asyncpg  # noqa: E402
from broadcast_world import AN_BINH, DONG, TAY, seed_areas  # noqa: E402

from bot.app import build_engine, build_services  # noqa: E402
from bot.coordinators.broadcasts.worker import BroadcastWorker, Pacing  # noqa: E402
from bot.core.config import Config  # noqa: E402
from bot.core.messages import Incoming, Kind, Reply  # noqa: E402
from storage import broadcasts, roles, teams  # noqa: E402
from storage.db import connect, sqlite_url  # noqa: E402

GUIDES = ROOT / "guides"
GUIDE, STEPS = "vneid-install", 8
QUESTIONS = ["cách tải app vneid về điện thoại", "quét mã QR để trả tiền", "đăng nhập dịch vụ công"]
CHANNEL = "bench"


def config(url: str) -> Config:
    return Config.model_validate({"database": {"url": url, "pool_size": 20}, "guides": {"dir": str(GUIDES)}})


def script(user: str) -> list[Incoming]:
    """One resident's visit: a question, a guide step by step, another question."""
    moves: list[tuple[Kind, str]] = [(Kind.TEXT, QUESTIONS[hash(user) % len(QUESTIONS)])]
    moves += [(Kind.ACTION, f"g:{GUIDE}:{n}") for n in range(0, STEPS + 1)]
    moves += [(Kind.TEXT, QUESTIONS[(hash(user) + 1) % len(QUESTIONS)])]
    return [Incoming("telegram", user, user, display_name="Bà Lan", kind=kind,
                     text=value if kind == Kind.TEXT else None, action=value if kind == Kind.ACTION else None,
                     message_id=f"{user}:{n}") for n, (kind, value) in enumerate(moves)]


def postgres_cpu() -> float:
    """CPU seconds used so far by every postgres process on this machine."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)
            if "postgres" not in fields[0]:
                continue
            values = fields[1].split()
            total += int(values[11]) + int(values[12])
        except (OSError, IndexError, ValueError):
            continue
    return total / ticks


def turn_worker(url: str, index: int, turns: int, concurrency: int, start: Barrier, done: Barrier,
                out: Any) -> None:
    async def run() -> None:
        services = await build_services(config(url))
        engine = build_engine(services)
        users = [f"w{index}u{n}" for n in range(max(1, turns // 11))]
        pending = [incoming for user in users for incoming in script(user)][:turns]
        by_user: dict[str, list[Incoming]] = {}
        for incoming in pending:
            by_user.setdefault(incoming.user_id, []).append(incoming)
        queue = list(by_user.values())

        async def resident() -> None:
            while queue:
                for incoming in queue.pop():
                    await engine.handle(incoming)

        start.wait()
        trips = services.db.round_trips
        began, cpu = time.perf_counter(), time.process_time()
        await asyncio.gather(*(resident() for _ in range(concurrency)))
        elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu
        trips = services.db.round_trips - trips
        out.send((len(pending), elapsed, cpu, trips))
        done.wait()  # the server's CPU is read while this worker's connections are still open
        await services.db.close()

    asyncio.run(run())


async def fresh_postgres(server: str, name: str) -> str:
    conn = await asyncpg.connect(server)
    try:
        await conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await conn.execute(f"CREATE DATABASE {name}")
    finally:
        await conn.close()
    return server.rsplit("/", 1)[0] + f"/{name}"


def turns_run(url: str, workers: int, turns: int, concurrency: int) -> str:
    asyncio.run(_migrated(url))
    ctx = multiprocessing.get_context("spawn")
    start, done = ctx.Barrier(workers + 1), ctx.Barrier(workers + 1)
    pipes = [ctx.Pipe(duplex=False) for _ in range(workers)]
    procs = [ctx.Process(target=turn_worker,
                         args=(url, i, turns // workers, concurrency, start, done, pipes[i][1]))
             for i in range(workers)]
    for proc in procs:
        proc.start()
    start.wait()
    began, server = time.perf_counter(), postgres_cpu()
    results = [pipe.recv() for pipe, _ in pipes]
    wall, server = time.perf_counter() - began, postgres_cpu() - server
    done.wait()
    for proc in procs:
        proc.join()
    done = sum(r[0] for r in results)
    cpu_ms = [r[2] * 1000 / r[0] for r in results]
    trips = sum(r[3] for r in results) / done
    db_cpu = f"{server * 1000 / done:5.2f} ms" if url.startswith("postgres") else "  (in process)"
    return (f"{workers} worker(s): {done / wall:7.0f} turns/s   CPU per turn per worker "
            f"{' '.join(f'{c:.2f}' for c in cpu_ms)} ms   PostgreSQL CPU per turn {db_cpu}   "
            f"round trips per turn {trips:.2f}")


async def _migrated(url: str) -> None:
    db = await connect(url)
    await db.close()


class Recorder:
    """A channel that accepts everything and notes when each chat got its message."""

    numbered = False

    def __init__(self) -> None:
        self.sent: list[tuple[str, float]] = []

    async def send(self, chat_id: str, reply: Reply) -> None:
        self.sent.append((chat_id, time.time()))


def broadcast_worker(url: str, rate: float, start: Barrier, done: Barrier, out: Any) -> None:
    async def run() -> None:
        services = await build_services(config(url))
        recorder = Recorder()
        services.senders[CHANNEL] = recorder
        services.senders["console"] = Recorder()  # the author's "finished" notice
        worker = BroadcastWorker(services, build_engine(services), Pacing(poll=0.05, rates={CHANNEL: rate}))
        start.wait()
        cpu = time.process_time()
        task = asyncio.create_task(worker.run())
        while True:
            await asyncio.sleep(0.5)
            row = await services.db.fetchone("SELECT status FROM broadcasts WHERE id = 1")
            if row is not None and row["status"] == "done":
                break
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        cpu = time.process_time() - cpu
        out.send((recorder.sent, cpu))
        done.wait()
        await services.db.close()

    asyncio.run(run())


async def queue_broadcast(url: str, recipients: int) -> None:
    db = await connect(url)
    try:
        await seed_areas(db)
        villages = [DONG, TAY]
        rows = [(CHANNEL, f"r{i}", f"r{i}", f"Người dân {i}", villages[i % 2]) for i in range(recipients)]
        await db.executemany(
            "INSERT INTO people (channel, user_id, chat_id, display_name, village_code) VALUES (?, ?, ?, ?, ?)", rows
        )
        author, _ = await roles.ensure_person(db, "console", "coord")
        await teams.grant_coordinator(db, author.id, AN_BINH, "bench")
        made = await broadcasts.create_broadcast(db, author.id, AN_BINH, "residents", "Thông báo.", None, [CHANNEL])
        assert made.total == recipients, made.total
    finally:
        await db.close()


def broadcast_run(url: str, recipients: int, rate: float, workers: int) -> list[str]:
    asyncio.run(queue_broadcast(url, recipients))
    ctx = multiprocessing.get_context("spawn")
    start, done = ctx.Barrier(workers + 1), ctx.Barrier(workers + 1)
    pipes = [ctx.Pipe(duplex=False) for _ in range(workers)]
    procs = [ctx.Process(target=broadcast_worker, args=(url, rate, start, done, pipes[i][1]))
             for i in range(workers)]
    for proc in procs:
        proc.start()
    start.wait()
    server = postgres_cpu()
    results = [pipe.recv() for pipe, _ in pipes]
    server = postgres_cpu() - server
    done.wait()
    for proc in procs:
        proc.join()
    sends = [s for sent, _ in results for s in sent]
    chats = Counter(chat for chat, _ in sends)
    duplicates = sum(n - 1 for n in chats.values() if n > 1)
    lost = recipients - len(chats)
    times = sorted(t for _, t in sends)
    span = times[-1] - times[0]
    busiest = max(Counter(int(t - times[0]) for t in times).values())
    shares = ", ".join(f"{len(sent):,}" for sent, _ in results)
    cpu = ", ".join(f"{c * 1000 / max(1, len(sent)):.2f}" for sent, c in results)
    return [
        f"broadcast: {recipients:,} recipients, {workers} workers (sent {shares}), pace set to {rate:.0f}/s",
        f"  duplicates {duplicates}, lost {lost}",
        f"  pace held: {(len(sends) - 1) / span:.1f}/s over {span:.1f} s; busiest second {busiest} messages",
        f"  CPU per message per worker {cpu} ms; PostgreSQL CPU per message {server * 1000 / len(sends):.2f} ms",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL server (its maintenance database)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--turns", type=int, default=6000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument("--rate", type=float, default=1000.0)
    parser.add_argument("--skip", choices=["turns", "broadcast"], action="append", default=[])
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start (a shared machine)")
    if "turns" not in args.skip:
        with tempfile.TemporaryDirectory() as tmp:
            print("SQLite " + turns_run(sqlite_url(Path(tmp) / "bot.db"), 1, args.turns, args.concurrency))
        if args.postgres:
            for workers in args.workers:
                url = asyncio.run(fresh_postgres(args.postgres, "bench_turns"))
                print("PostgreSQL " + turns_run(url, workers, args.turns, args.concurrency))
    if args.postgres and "broadcast" not in args.skip:
        url = asyncio.run(fresh_postgres(args.postgres, "bench_broadcast"))
        for line in broadcast_run(url, args.recipients, args.rate, 2):
            print(line)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
