"""Telegram throughput: PTB + engine + SQLite vs a bare PTB echo bot on the same fake server; engine latency.

The fake Bot API runs in its own process so the figures are the bot's own cost. Both bots get the same
updates (N updates from 100 residents, sent in batches of 100, each batch awaited before the next) and
answer each with exactly one message (button presses are answered first, by both). Telegram's own
30 messages/s cap is lifted for both (AIORateLimiter with no limits) so the figures show work, not waiting.
Run: .venv/bin/python bench/bench_telegram.py [--updates 2000] [--concurrency 1 4 16] [--rounds 2]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fake_telegram import Call, Failure, FakeTelegram  # noqa: E402
from telegram import Update  # noqa: E402
from telegram.ext import AIORateLimiter, ApplicationBuilder, CallbackQueryHandler, ContextTypes  # noqa: E402
from telegram.ext import MessageHandler, filters  # noqa: E402
from telegram_harness import config_for  # noqa: E402

from bot.app import build_engine  # noqa: E402
from bot.channels import telegram  # noqa: E402
from bot.engine import Services  # noqa: E402
from bot.library import GuideLibrary  # noqa: E402
from bot.messages import Incoming, Kind  # noqa: E402
from storage.db import connect  # noqa: E402

USERS = 100
GUIDE, STEPS = "vneid-install", 8
QUESTIONS = ["cách tải app vneid về điện thoại", "quét mã QR để trả tiền", "đăng nhập dịch vụ công",
             "quên mật khẩu vneid", "cách nhận tiền bằng mã qr"]
Action = tuple[str, str]  # ("text", "/start") or ("press", "g:vneid-install:1")


def script(user: int) -> list[Action]:
    """What one resident does, 20 updates each answered by exactly one message."""
    steps = [("press", f"g:{GUIDE}:{n}") for n in range(1, STEPS + 2)]  # the last one is the end question
    return [("text", "/start"), ("text", QUESTIONS[user % len(QUESTIONS)]), *steps, ("press", f"f:{GUIDE}:1"),
            ("text", "/menu"), ("press", "c:vneid"), ("text", "/help"), ("press", "l:en"), ("press", "l:vi"),
            ("text", QUESTIONS[(user + 1) % len(QUESTIONS)]), ("press", "m")]


def batches(updates: int, first_user: int) -> list[list[tuple[int, str, str]]]:
    """UPDATES actions in batches of USERS: batch k holds step k of every resident."""
    rounds, out = -(-updates // USERS), []
    plans = {u: script(u) for u in range(first_user, first_user + USERS)}
    for k in range(rounds):
        batch = [(u, *plan[k % len(plan)]) for u, plan in plans.items()]
        out.append(batch[: updates - k * USERS])
    return out


# ---- the fake server process ----------------------------------------------------------------------
def fake_process(conn: Connection) -> None:
    asyncio.run(_serve_fake(conn))


async def _serve_fake(conn: Connection) -> None:
    async with FakeTelegram() as fake:
        state: dict[str, Any] = {"sent": 0, "target": 0, "done": asyncio.Event()}

        async def count(call: Call) -> Failure | None:
            if call.method == "sendMessage":
                state["sent"] += 1
                if state["sent"] >= state["target"]:
                    state["done"].set()
            return None

        fake.hooks.append(count)
        conn.send((fake.base_url, fake.token))
        while (batch := await asyncio.to_thread(conn.recv)) is not None:
            state["done"] = asyncio.Event()
            state["target"] = state["sent"] + len(batch)
            for user, kind, value in batch:
                if kind == "text":
                    fake.message(user, value)
                else:
                    message = {"message_id": 1, "date": int(time.time()), "chat": fake.chat(user)}
                    fake.press(user, message, value)
            await state["done"].wait()
            fake.calls.clear()
            conn.send("done")


# ---- the bots ---------------------------------------------------------------------------------------
def unlimited() -> AIORateLimiter:
    return AIORateLimiter(overall_max_rate=0, group_max_rate=0)


def echo_application(base_url: str, token: str, concurrency: int) -> telegram.App:
    """The floor: a bare PTB bot that answers presses and echoes every update with one message."""

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.callback_query is not None:
            await update.callback_query.answer()
        if update.effective_chat is not None:
            text = update.message.text if update.message else update.callback_query.data  # type: ignore[union-attr]
            await context.bot.send_message(update.effective_chat.id, text or "?")

    app: telegram.App = (ApplicationBuilder().token(token).base_url(base_url).rate_limiter(unlimited())
                         .concurrent_updates(concurrency).build())
    app.add_handler(MessageHandler(filters.ALL, echo))
    app.add_handler(CallbackQueryHandler(echo))
    return app


@dataclass(frozen=True)
class Rate:
    per_second: float  # updates per second, wall clock
    cpu_ms: float  # CPU milliseconds this process spent per update (all threads)


async def drive(conn: Connection, app: telegram.App, plan: list[list[tuple[int, str, str]]]) -> Rate:
    """Start APP polling, push every batch and wait for its answers; measure the timed batches."""
    assert app.updater is not None
    async with app:
        await app.updater.start_polling(poll_interval=0.0, timeout=10)
        await app.start()
        warmup, timed = plan[:1], plan[1:]
        for batch in warmup:
            await asyncio.to_thread(conn.send, batch)
            await asyncio.to_thread(conn.recv)
        start, cpu = time.perf_counter(), time.process_time()
        for batch in timed:
            await asyncio.to_thread(conn.send, batch)
            await asyncio.to_thread(conn.recv)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        await app.updater.stop()
        await app.stop()
    count = sum(len(b) for b in timed)
    return Rate(count / elapsed, cpu * 1000 / count)


async def engine_bot_rate(conn: Connection, base_url: str, token: str, concurrency: int,
                          plan: list[list[tuple[int, str, str]]], library: GuideLibrary) -> Rate:
    with tempfile.TemporaryDirectory() as tmp:
        config = config_for(base_url, token, Path(tmp) / "bot.db")
        db = await connect(config.database.path)
        try:
            services = Services(config=config, db=db, library=library)
            app = telegram.build_application(services, build_engine(services), rate_limiter=unlimited(),
                                             concurrent_updates=concurrency)
            return await drive(conn, app, plan)
        finally:
            await db.close()


async def engine_latency(library: GuideLibrary, updates: int) -> list[float]:
    """Milliseconds per engine.handle on the same workload, one turn at a time, no Telegram."""
    with tempfile.TemporaryDirectory() as tmp:
        db = await connect(Path(tmp) / "bot.db")
        try:
            config = config_for("http://127.0.0.1:9/bot", "1:unused", Path(tmp) / "bot.db")
            services = Services(config=config, db=db, library=library)
            engine = build_engine(services)
            times, n = [], 0
            for batch in batches(updates, 900_000):
                for user, kind, value in batch:
                    n += 1
                    incoming = Incoming(
                        channel="telegram", user_id=str(user), chat_id=str(user), display_name="Bà Lan",
                        text=value if kind == "text" else None, action=value if kind == "press" else None,
                        kind=Kind.TEXT if kind == "text" else Kind.ACTION, message_id=f"m{n}",
                    )
                    start = time.perf_counter()
                    await engine.handle(incoming)
                    times.append((time.perf_counter() - start) * 1000)
            return times
        finally:
            await db.close()


async def main(updates: int, concurrencies: list[int], rounds: int) -> None:
    library = GuideLibrary(ROOT / "guides")
    parent, child = multiprocessing.Pipe()
    process = multiprocessing.get_context("spawn").Process(target=fake_process, args=(child,), daemon=True)
    process.start()
    base_url, token = parent.recv()
    print(f"Telegram end to end: {updates} updates from {USERS} residents in batches of {USERS} "
          f"(+1 warm-up batch), fake Bot API in its own process; best of {rounds} interleaved rounds")
    first_user = 1
    for concurrency in concurrencies:
        echo: list[Rate] = []
        full: list[Rate] = []
        for _ in range(rounds):  # interleaved, so a noisy neighbour slows both alike
            echo.append(await drive(parent, echo_application(base_url, token, concurrency),
                                    batches(updates + USERS, first_user)))
            full.append(await engine_bot_rate(parent, base_url, token, concurrency,
                                              batches(updates + USERS, first_user + USERS), library))
            first_user += 2 * USERS
        best_echo = max(echo, key=lambda r: r.per_second)
        best_full = max(full, key=lambda r: r.per_second)
        cpu_echo = min(r.cpu_ms for r in echo)
        cpu_full = min(r.cpu_ms for r in full)
        print(f"  concurrent_updates={concurrency:>3}: echo bot {best_echo.per_second:5.0f}/s ({cpu_echo:.2f} ms CPU"
              f" each) | engine bot {best_full.per_second:5.0f}/s ({cpu_full:.2f} ms CPU each) | ratio "
              f"{best_full.per_second / best_echo.per_second:.2f} (CPU ratio {cpu_echo / cpu_full:.2f})")
    parent.send(None)
    process.join(5)

    times = await engine_latency(library, updates)
    q = statistics.quantiles(times, n=100)
    print(f"Engine turn latency without Telegram ({len(times)} turns, SQLite file, one at a time): "
          f"p50 {statistics.median(times):.2f} ms, p99 {q[98]:.2f} ms, max {max(times):.2f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[4],
                        help="concurrent_updates values to compare (default: 4, the config default)")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    asyncio.run(main(args.updates, args.concurrency, args.rounds))
