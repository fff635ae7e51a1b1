"""Broadcast pacing against the fake Bot API (Telegram's limits enforced), and queueing 100,000 recipients.

Pacing: the real Telegram channel (PTB + AIORateLimiter, as in production) and the broadcast worker send
one broadcast to N residents; the fake server answers 429 past 30 messages/s overall or 1/s per chat.
Figures: achieved rate as a fraction of broadcast.telegram_per_second (target >= 0.95) and 429s seen
(target 0). Queueing: the preview count and the confirmation (one transaction, INSERT ... SELECT) for
100,000 residents, the /broadcasts counts, and the worker's database cost per delivery.
Run: .venv/bin/python bench/bench_broadcast.py [--recipients 300] [--rate 25] [--queue 100000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "support")]
os.environ.setdefault("PTB_TIMEDELTA", "true")  # PTB 22's deprecation notice on 429s is noise here

from broadcast_world import AN_BINH, DONG, TAY, seed_areas, wait_until  # noqa: E402
from fake_telegram import FakeTelegram  # noqa: E402
from telegram_harness import TelegramBot  # noqa: E402
from telegram_limits import TelegramLimits  # noqa: E402

from bot.areas.lookup import area_norm  # noqa: E402
from bot.coordinators.broadcasts.worker import BroadcastWorker, Pacing  # noqa: E402
from bot.coordinators.roles import grant  # noqa: E402
from bot.core.config import Config  # noqa: E402
from bot.core.engine import Services  # noqa: E402
from storage import broadcast_queue, broadcasts, people  # noqa: E402
from storage.areas import upsert_area  # noqa: E402
from storage.db import Database, connect  # noqa: E402

GUIDES = ROOT / "guides"


async def add_residents(db: Database, count: int, villages: list[str], channel: str = "telegram",
                        first_id: int = 10_000) -> None:
    """Bulk-insert residents (generated data for the bench only, hence the SQL here)."""
    rows = [(channel, str(first_id + i), str(first_id + i), f"Người dân {i}", villages[i % len(villages)])
            for i in range(count)]
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO people (channel, user_id, chat_id, display_name, village_code) VALUES (?, ?, ?, ?, ?)", rows
        )


async def pacing(recipients: int, rate: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "bot.db"
        async with FakeTelegram() as fake:
            limits = TelegramLimits()
            fake.hooks.append(limits)
            db = await connect(db_path)
            await seed_areas(db)
            await grant(db, "telegram:900", AN_BINH, "bench")
            await add_residents(db, recipients, [DONG, TAY])
            author = await people.find_person(db, "telegram", "900")
            assert author is not None
            made = await broadcasts.create_broadcast(db, author.id, AN_BINH, "residents", "Thông báo thử.", None,
                                                     ["telegram"])
            await db.close()
            config = Config.model_validate({
                "telegram": {"token": fake.token, "base_url": fake.base_url}, "database": {"path": str(db_path)},
                "guides": {"dir": str(GUIDES)}, "broadcast": {"telegram_per_second": rate},
            })
            async with TelegramBot(config) as bot:
                services = bot.services
                assert services is not None
                started = time.perf_counter()
                worker = asyncio.create_task(BroadcastWorker(services, bot.engine, Pacing(poll=0.05)).run())
                await wait_until(lambda: done(services, made.id), seconds=600, every=0.05)
                elapsed = time.perf_counter() - started
                worker.cancel()
                await asyncio.gather(worker, return_exceptions=True)
            sends = [c.at for c in limits.accepted if int(c.chat_id) != 900]
            achieved = (len(sends) - 1) / (sends[-1] - sends[0])
            busiest = max(sum(1 for t in sends if start <= t < start + 1.0) for start in sends)
            refused = limits.refusals["overall"] + limits.refusals["per_chat"]
    print(f"pacing: {len(sends)} recipients at broadcast.telegram_per_second = {rate:g}")
    print(f"  achieved rate         {achieved:6.2f} msg/s = {achieved / rate:.3f} of the limit (target >= 0.95)")
    print(f"  busiest 1-s window    {busiest:6d} messages (server limit 30)")
    print(f"  429s seen             {refused:6d} (target 0)")
    print(f"  whole broadcast       {elapsed:6.2f} s including start-up of the worker")


async def queueing(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = await connect(Path(tmp) / "bot.db")
        await seed_areas(db)
        villages = [DONG, TAY]
        for n in range(3, 21):  # a big commune: twenty villages
            code = f"{AN_BINH}-{n:03d}"
            await upsert_area(db, code, "village", f"Thôn {n}", area_norm(f"Thôn {n}"), AN_BINH, "99", AN_BINH)
            villages.append(code)
        await add_residents(db, count, villages)
        await add_residents(db, count // 10, villages, channel="zalo", first_id=900_000)
        await grant(db, "telegram:1", AN_BINH, "bench")
        author = await people.find_person(db, "telegram", "1")
        assert author is not None
        channels = ["telegram"]  # the zalo residents are there to be filtered out

        started = time.perf_counter()
        per_channel = await broadcasts.audience_counts(db, AN_BINH, "residents", channels, author.id)
        preview = time.perf_counter() - started

        tracemalloc.start()
        started = time.perf_counter()
        made = await broadcasts.create_broadcast(db, author.id, AN_BINH, "residents", "Thông báo.", None, channels)
        queued = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()

        started = time.perf_counter()
        counts = await broadcasts.counts(db, made.id)
        counting = time.perf_counter() - started

        # The worker's own cost per message: fetch a batch, claim each row, record it sent.
        sample = 2000
        started = time.perf_counter()
        done = 0
        while done < sample:
            rows = await broadcast_queue.next_deliveries(db, made.id, "telegram", datetime.now(UTC), 50)
            for row in rows:
                await broadcast_queue.mark_sending(db, row.id)
                await broadcast_queue.mark_sent(db, row.id)
            done += len(rows)
        per_delivery = (time.perf_counter() - started) / done
        await db.close()
    print(f"queueing: {made.total:,} recipients ({per_channel})")
    print(f"  preview count         {preview * 1000:8.1f} ms")
    print(f"  confirm (queue all)   {queued * 1000:8.1f} ms, Python peak {peak / 1024:.0f} KiB")
    print(f"  /broadcasts counts    {counting * 1000:8.1f} ms (queued {counts.queued:,})")
    print(f"  worker DB cost        {per_delivery * 1000:8.3f} ms per delivery "
          f"(enough for {1 / per_delivery:,.0f} msg/s)")


async def done(services: Services, broadcast_id: int) -> bool:
    made = await broadcasts.get_broadcast(services.db, broadcast_id)
    return made is not None and made.status == "done"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--recipients", type=int, default=300, help="pacing run size (default 300)")
    parser.add_argument("--rate", type=float, default=25.0, help="broadcast.telegram_per_second (default 25)")
    parser.add_argument("--queue", type=int, default=100_000, help="recipients to queue (default 100000)")
    args = parser.parse_args()
    asyncio.run(pacing(args.recipients, args.rate))
    asyncio.run(queueing(args.queue))


if __name__ == "__main__":
    main()
