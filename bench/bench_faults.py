"""Nothing lost: fault cases against the real ``python -m bot run`` and a loopback fake Bot API (messages lost
and answered twice, per case), replies while a broadcast is sending, the secret filter's precision and recall,
and the Telegram throughput as a ratio to a bare PTB echo bot at the default config (bench_telegram.py).
Run: .venv/bin/python bench/bench_faults.py [--skip-throughput] [--updates 2000] [--recipients 3000]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "support"), str(Path(__file__).resolve().parent)]

import fault_scenarios as scenario  # noqa: E402
from bot_process import BotProcess, write_config  # noqa: E402
from broadcast_world import AN_BINH, DONG, add_person, seed_areas  # noqa: E402
from fake_telegram import Call, Failure, FakeTelegram  # noqa: E402

from bot.coordinators.roles import grant  # noqa: E402
from bot.core.config import Config  # noqa: E402
from bot.core.privacy import find_secret  # noqa: E402
from storage import broadcasts, people  # noqa: E402
from storage.db import connect  # noqa: E402

Scenario = Callable[[FakeTelegram, Path], Awaitable[scenario.Outcome]]
CASES: list[Scenario] = [scenario.kill_9_mid_burst, scenario.sigterm_mid_burst, scenario.api_faults,
                         scenario.group_flood, scenario.disk_fills]


async def fault_cases() -> None:
    print("Fault cases (real `python -m bot run` against a loopback fake Bot API; shared 2-core machine)")
    print(f"  {'case':<44} {'sent':>5} {'lost':>5} {'twice':>6}  figures")
    for case in CASES:
        with tempfile.TemporaryDirectory() as tmp:
            async with FakeTelegram() as fake:
                outcome = await case(fake, Path(tmp))
        figures = ", ".join(f"{k} {v}" for k, v in outcome.figures.items())
        print(f"  {outcome.case:<44} {outcome.sent:>5} {outcome.lost:>5} {outcome.duplicated:>6}  {figures}")


async def replies_during_a_broadcast(recipients: int, residents: int = 100) -> None:
    """A broadcast to RECIPIENTS is sending at its configured pace; RESIDENTS each ask once meanwhile."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = await connect(folder / "bot.db")
        await seed_areas(db)
        await grant(db, "telegram:900", AN_BINH, "bench")
        for user in range(100_000, 100_000 + recipients):
            await add_person(db, "telegram", str(user), DONG)
        askers = range(200_000, 200_000 + residents)
        for user in askers:
            await add_person(db, "telegram", str(user))
        author = await people.find_person(db, "telegram", "900")
        assert author is not None
        await broadcasts.create_broadcast(db, author.id, AN_BINH, "residents", "Lịch họp thôn.", None, ["telegram"])
        await db.close()
        async with FakeTelegram() as fake:
            asked: dict[int, float] = {}
            waits: list[float] = []
            all_answered = asyncio.Event()

            async def timing(call: Call) -> Failure | None:
                chat = int(call.chat_id) if call.chat_id is not None else 0
                if call.method == "sendMessage" and chat in asked:
                    waits.append(time.monotonic() - asked.pop(chat))
                    if not asked:
                        all_answered.set()
                return None

            fake.hooks.append(timing)
            config = write_config(folder, scenario.settings(fake, folder))
            bot = await scenario.serving(fake, BotProcess(config, folder / "bot.log"))
            try:
                await asyncio.sleep(2.0)  # the broadcast is under way
                sent_before = len(fake.calls_to("sendMessage"))
                started = time.monotonic()
                for user in askers:
                    asked[user] = time.monotonic()
                    fake.message(user, "/help")
                    await asyncio.sleep(0.05)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(all_answered.wait(), 60)
                elapsed = time.monotonic() - started
                bulk = len(fake.calls_to("sendMessage")) - sent_before - len(waits)
            finally:
                await bot.stop()
    q = statistics.quantiles(waits, n=20) if len(waits) > 1 else [0.0] * 19
    print(f"Replies during a broadcast to {recipients} people (config pace 25/s): {len(waits)}/{residents} "
          f"answered, wait p50 {statistics.median(waits) * 1000:.0f} ms, p95 {q[18] * 1000:.0f} ms; "
          f"broadcast went on at {bulk / elapsed:.1f} messages/s meanwhile")


def secret_filter() -> None:
    print("Secret filter (find_secret) on the corpus, secrets vs harmless look-alikes:")
    for name in ("secrets.tsv", "secrets-heldout.tsv"):
        tp = fp = fn = tn = 0
        for line in (ROOT / "tests" / "data" / name).read_text(encoding="utf-8").splitlines():
            if not line or line.startswith(("#", "kind\t")):
                continue
            kind, text = line.split("\t", 1)
            found = find_secret(text) is not None
            secret = kind != "-"
            tp, fp, fn, tn = tp + (found and secret), fp + (found and not secret), fn + (secret and not found), \
                tn + (not found and not secret)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        print(f"  {name:<20} {tp + fn:>4} secrets, {fp + tn:>4} look-alikes: precision {precision:.3f}, "
              f"recall {recall:.3f} (missed {fn}, false alarms {fp})")


async def main(args: argparse.Namespace) -> None:
    secret_filter()
    await fault_cases()
    await replies_during_a_broadcast(args.recipients)
    if not args.skip_throughput:
        from bench_telegram import main as telegram_bench

        # The bot at its default config against a bare PTB echo bot at PTB's (one update at a time, its fastest).
        print("Throughput: the bot at its default config; the echo bot at PTB's default (concurrent_updates=1)")
        await telegram_bench(args.updates, [Config().telegram.concurrent_updates], 3, 0.0, echo_concurrency=1)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--recipients", type=int, default=3000)
    asyncio.run(main(parser.parse_args()))
