"""Telegram throughput: PTB + engine + SQLite as a ratio to a bare PTB echo bot on the same fake server.

The fake Bot API runs in its own process, so the figures are the bot's own cost. Every bot gets the same
updates (N from 100 residents, in batches of 100, each batch awaited before the next) and answers each
with exactly one message (button presses are answered first, by every bot). The bot runs at its default
config: replies have no overall cap (only 429s slow them), so the figures show work, not waiting. Three bots:
  echo    a bare PTB bot (polling, no rate limiter) echoing the text or button data (the floor);
  replay  the real Telegram channel sending the engine's replies recorded beforehand (no engine; the durable
          intake still stores every update in SQLite): what drawing our keyboards and storing costs;
  engine  the real channel on the real engine and a SQLite file.
Engine turn latency is measured without Telegram while recording the replies (one turn at a time).
Run: .venv/bin/python bench/bench_telegram.py [--updates 2000] [--concurrency 1 4 16] [--rounds 2] [--latency MS]
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
from typing import Any, cast

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "support")]

from fake_telegram import Call, Failure, FakeTelegram  # noqa: E402
from telegram import Update  # noqa: E402
from telegram.ext import (  # noqa: E402
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram_harness import config_for  # noqa: E402

from bot.app import build_engine  # noqa: E402
from bot.channels import telegram  # noqa: E402
from bot.core.engine import Engine, Services  # noqa: E402
from bot.core.messages import Incoming, Kind, Outcome, Reply  # noqa: E402
from bot.residents.library import GuideLibrary  # noqa: E402
from storage.db import connect  # noqa: E402

USERS = 100
GUIDE, STEPS = "vneid-install", 8
QUESTIONS = ["cách tải app vneid về điện thoại", "quét mã QR để trả tiền", "đăng nhập dịch vụ công",
             "quên mật khẩu vneid", "cách nhận tiền bằng mã qr"]
Plan = list[list[tuple[int, str, str]]]  # batches of (user, "text" | "press", text or callback data)


def script(user: int) -> list[tuple[str, str]]:
    """What one resident does: 20 updates, each answered by exactly one message."""
    steps = [("press", f"g:{GUIDE}:{n}") for n in range(1, STEPS + 2)]  # the last one asks for feedback
    return [("text", "/start"), ("text", QUESTIONS[user % len(QUESTIONS)]), *steps, ("press", f"f:{GUIDE}:1"),
            ("text", "/menu"), ("press", "c:vneid"), ("text", "/help"), ("press", "l:en"), ("press", "l:vi"),
            ("text", QUESTIONS[(user + 1) % len(QUESTIONS)]), ("press", "m")]


def batches(updates: int, first_user: int) -> Plan:
    """UPDATES actions in batches of USERS: batch k holds step k of every resident's script."""
    plans = {u: script(u) for u in range(first_user, first_user + USERS)}
    out: Plan = []
    for k in range(-(-updates // USERS)):
        out.append([(u, *plan[k % len(plan)]) for u, plan in plans.items()][: updates - k * USERS])
    return out


# ---- the fake server process ------------------------------------------------------------------------
def fake_process(conn: Connection, latency: float) -> None:
    asyncio.run(_serve_fake(conn, latency))


async def _serve_fake(conn: Connection, latency: float) -> None:
    async with FakeTelegram(latency=latency) as fake:
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
            state["done"], state["target"] = asyncio.Event(), state["sent"] + len(batch)
            for user, kind, value in batch:
                if kind == "text":
                    fake.message(user, value)
                else:
                    fake.press(user, {"message_id": 1, "date": int(time.time()), "chat": fake.chat(user)}, value)
            await state["done"].wait()
            fake.calls.clear()
            conn.send("done")


# ---- the bots -----------------------------------------------------------------------------------------
def echo_application(base_url: str, token: str, concurrency: int) -> telegram.App:
    """The floor: a bare PTB bot that answers presses and echoes every update with one message."""

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.callback_query is not None:
            await update.callback_query.answer()
        text = update.message.text if update.message else update.callback_query.data  # type: ignore[union-attr]
        assert update.effective_chat is not None
        await context.bot.send_message(update.effective_chat.id, text or "?")

    app: telegram.App = (ApplicationBuilder().token(token).base_url(base_url)
                         .concurrent_updates(concurrency).build())
    app.add_handler(MessageHandler(filters.ALL, echo))
    app.add_handler(CallbackQueryHandler(echo))
    return app


class Replay:
    """Stands in for the engine: returns the replies the real engine gave to the same update."""

    def __init__(self, engine: Engine, replies: dict[tuple[str, str], list[Reply]]) -> None:
        self.commands, self.replies = engine.commands, replies

    async def answer(self, incoming: Incoming, *, replay: bool = False) -> Outcome:
        return Outcome(self.replies[(incoming.user_id, incoming.text or incoming.action or "")])


@dataclass(frozen=True)
class Rate:
    per_second: float  # updates per second, wall clock
    cpu_ms: float  # CPU milliseconds this process spent per update (all threads)


async def timed(conn: Connection, plan: Plan) -> Rate:
    """Push every batch and wait for its answers; the first batch is a warm-up."""
    for number, batch in enumerate(plan):
        if number == 1:
            start, cpu = time.perf_counter(), time.process_time()
        await asyncio.to_thread(conn.send, batch)
        await asyncio.to_thread(conn.recv)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    count = sum(len(b) for b in plan[1:])
    return Rate(count / elapsed, cpu * 1000 / count)


async def drive(conn: Connection, app: telegram.App, plan: Plan) -> Rate:
    """Start the bare APP polling and time PLAN."""
    assert app.updater is not None
    async with app:
        await app.updater.start_polling(poll_interval=0.0, timeout=10)
        await app.start()
        rate = await timed(conn, plan)
        await app.updater.stop()
        await app.stop()
    return rate


async def channel_rate(conn: Connection, base_url: str, token: str, concurrency: int, plan: Plan,
                       library: GuideLibrary, replies: dict[tuple[str, str], list[Reply]] | None) -> Rate:
    """The real Telegram channel on the engine (or on recorded REPLIES) with a fresh SQLite file."""
    with tempfile.TemporaryDirectory() as tmp:
        config = config_for(base_url, token, Path(tmp) / "bot.db")
        db = await connect(config.database.url, pool_size=config.database.pool_size)
        try:
            services = Services(config=config, db=db, library=library)
            engine = build_engine(services)
            brain = engine if replies is None else cast(Engine, Replay(engine, replies))
            channel = telegram.TelegramChannel(services, brain, concurrent_updates=concurrency)
            async with telegram.serving(channel):
                return await timed(conn, plan)
        finally:
            await db.close()


async def record_turns(library: GuideLibrary, plan: Plan) -> tuple[dict[tuple[str, str], list[Reply]], list[float]]:
    """Run PLAN through the engine alone, one turn at a time: its replies and milliseconds per turn."""
    with tempfile.TemporaryDirectory() as tmp:
        db = await connect(Path(tmp) / "bot.db")
        try:
            config = config_for("http://127.0.0.1:9/bot", "1:unused", Path(tmp) / "bot.db")
            engine = build_engine(Services(config=config, db=db, library=library))
            replies, times = {}, []
            for number, (user, kind, value) in enumerate((u for batch in plan for u in batch), 1):
                incoming = Incoming(
                    channel="telegram", user_id=str(user), chat_id=str(user), display_name="Bà Lan",
                    text=value if kind == "text" else None, action=value if kind == "press" else None,
                    kind=Kind.TEXT if kind == "text" else Kind.ACTION, message_id=f"m{number}",
                )
                start = time.perf_counter()
                replies[(str(user), value)] = await engine.handle(incoming)
                times.append((time.perf_counter() - start) * 1000)
            return replies, times
        finally:
            await db.close()


async def main(updates: int, concurrencies: list[int], rounds: int, latency_ms: float,
               echo_concurrency: int | None = None) -> None:
    """ECHO_CONCURRENCY: the echo bot's concurrent_updates whatever the bot's (default: the same)."""
    library = GuideLibrary(ROOT / "guides")
    parent, child = multiprocessing.Pipe()
    process = multiprocessing.get_context("spawn").Process(
        target=fake_process, args=(child, latency_ms / 1000), daemon=True
    )
    process.start()
    base_url, token = parent.recv()
    print(f"Telegram end to end: {updates} updates from {USERS} residents in batches of {USERS} (+1 warm-up "
          f"batch); fake Bot API in its own process, +{latency_ms:g} ms per call; best of {rounds} rounds")
    users = iter(range(1, 10**9, USERS))
    latencies: list[float] = []
    for concurrency in concurrencies:
        rates: dict[str, list[Rate]] = {"echo": [], "replay": [], "engine": []}
        for _ in range(rounds):  # interleaved, so a noisy neighbour slows every bot alike
            plan = batches(updates + USERS, next(users))
            echo = echo_application(base_url, token, echo_concurrency or concurrency)
            rates["echo"].append(await drive(parent, echo, plan))
            plan = batches(updates + USERS, next(users))
            replies, times = await record_turns(library, plan)
            latencies += times
            rates["replay"].append(await channel_rate(parent, base_url, token, concurrency, plan, library, replies))
            plan = batches(updates + USERS, next(users))
            rates["engine"].append(await channel_rate(parent, base_url, token, concurrency, plan, library, None))
        best = {name: max(r.per_second for r in runs) for name, runs in rates.items()}
        cpu = {name: min(r.cpu_ms for r in runs) for name, runs in rates.items()}
        print(f"  concurrent_updates={concurrency}:")
        for name in rates:
            print(f"    {name:<7} {best[name]:6.0f} updates/s  {cpu[name]:.2f} ms CPU/update  "
                  f"ratio to echo {best[name] / best['echo']:.2f} (CPU {cpu['echo'] / cpu[name]:.2f})")
    parent.send(None)
    process.join(5)
    q = statistics.quantiles(latencies, n=100)
    print(f"Engine turn latency without Telegram ({len(latencies)} turns, SQLite file, one at a time): "
          f"p50 {statistics.median(latencies):.2f} ms, p99 {q[98]:.2f} ms, max {max(latencies):.2f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[16],
                        help="concurrent_updates values to compare (default: 16, the config default)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--echo-concurrency", type=int, default=None,
                        help="the echo bot's concurrent_updates (default: the same as the bot's; 1 = PTB's default)")
    parser.add_argument("--latency", type=float, default=0.0, metavar="MS",
                        help="simulated Bot API latency per call (real Telegram: tens of ms)")
    args = parser.parse_args()
    asyncio.run(main(args.updates, args.concurrency, args.rounds, args.latency, args.echo_concurrency))
