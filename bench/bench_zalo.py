"""Zalo throughput: engine + Zalo channel (polling and webhook), the Zalo OA webhook, and the Telegram path.

The fake Bot APIs (Zalo and, when present, Telegram) run in their own process so the figures are the bot's
cost. Every bot gets the same text-only workload: 100 residents, each sending the same 12 messages in turn
(greeting, questions, "tiếp", "quay lại", "menu", /help, /lang), each answered by exactly one message;
batch k holds message k of every resident and is awaited before the next. Replies are not held to a fixed
rate on either channel (only bot-initiated sends are paced), so the figures show work.
Zalo polling gets one update per getUpdates call (that is the platform); the webhook is posted to the way
Zalo does it, all of a batch at once. The Zalo OA webhook gets the same batches as signed OA events (the MAC is
checked, each event is stored before the 200 and marked handled after), and its replies go out as buttons
carrying the person's message id; its rate is also given as a ratio to the Bot Platform webhook in the same run.
Run: .venv/bin/python bench/bench_zalo.py [--rounds 8] [--users 100] [--repeat 2]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import multiprocessing
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "support")]

from aiohttp import ClientSession  # noqa: E402
from broadcast_world import AN_BINH, seed_areas  # noqa: E402
from fake_zalo import FakeZalo, free_port, update, user_id  # noqa: E402
from fake_zalo_oa import FakeZaloOa  # noqa: E402
from oa_events import signed  # noqa: E402

from bot.app import build_engine  # noqa: E402
from bot.channels.zalo import ZaloChannel  # noqa: E402
from bot.channels.zalo_api import ZaloApi  # noqa: E402
from bot.channels.zalo_oa import ZaloOaChannel  # noqa: E402
from bot.channels.zalo_oa_api import OaApi  # noqa: E402
from bot.channels.zalo_oa_tokens import TokenKeeper  # noqa: E402
from bot.channels.zalo_webhook import SECRET_HEADER  # noqa: E402
from bot.core.config import Config  # noqa: E402
from bot.core.engine import Services  # noqa: E402
from bot.residents.library import GuideLibrary  # noqa: E402
from bot.web import server as web_server  # noqa: E402
from storage.db import Database, connect  # noqa: E402
from storage.zalo_oa_tokens import save_tokens  # noqa: E402

try:
    from fake_telegram import Call, Failure, FakeTelegram

    from bot.channels import telegram
    HAVE_TELEGRAM = True
except ImportError:  # the Telegram channel is optional for this bench
    HAVE_TELEGRAM = False

GUIDES = ROOT / "guides"
SECRET = "bench-secret-token"
OA_ID, OA_SECRET = "1234500000000001", "bench-oa-secret-key"
QUESTIONS = ["cách tải app vneid về điện thoại", "quét mã QR để trả tiền", "đăng nhập dịch vụ công",
             "quên mật khẩu vneid", "cách nhận tiền bằng mã qr"]
Batch = list[tuple[int, str]]


def script(user: int) -> list[str]:
    """One resident's 12 messages; on both channels each gets exactly one message back."""
    first, second = QUESTIONS[user % len(QUESTIONS)], QUESTIONS[(user + 2) % len(QUESTIONS)]
    return ["xin chào", first, "tiếp", "tiếp", "quay lại", "menu", "/help", second, "tiếp", "/lang en",
            "/lang vi", "menu"]


def plan(users: int, rounds: int, first_user: int) -> list[Batch]:
    """A warm-up batch then ROUNDS batches; batch k holds message k of every resident."""
    scripts = {u: script(u) for u in range(first_user, first_user + users)}
    return [[(u, s[k % len(s)]) for u, s in scripts.items()] for k in range(rounds + 1)]


# ---- the fake servers' process ---------------------------------------------------------------------
def fake_process(conn: Connection) -> None:
    asyncio.run(_serve(conn))


async def _serve(conn: Connection) -> None:
    async with FakeZalo() as zalo, FakeZaloOa() as oa, contextlib.AsyncExitStack() as stack:
        tg: Any = await stack.enter_async_context(FakeTelegram()) if HAVE_TELEGRAM else None
        oa.add_oa(OA_ID, OA_SECRET, quota=1_000_000)
        sent = {"n": 0, "target": 0, "done": asyncio.Event()}

        async def count(call: Call) -> Failure | None:
            if call.method == "sendMessage":
                sent["n"] += 1
                if sent["n"] >= sent["target"]:
                    sent["done"].set()
            return None

        if tg is not None:
            tg.hooks.append(count)
        conn.send({"zalo": (zalo.base_url, zalo.token), "telegram": (tg.base_url, tg.token) if tg else None,
                   "zalo_oa": (oa.api_url, oa.app_id, oa.app_secret, oa.issue(OA_ID))})
        async with ClientSession() as session:
            while (message := await asyncio.to_thread(conn.recv)) is not None:
                channel, hook, batch = message
                if channel == "zalo_oa":  # the bot side waits for its own handling to finish
                    bodies = [signed(oa.message(OA_ID, user_id(u), t), OA_SECRET) for u, t in batch]
                    await asyncio.gather(*(_post_raw(session, hook, raw, headers) for raw, headers in bodies))
                    oa.delivered.clear()
                elif channel == "telegram":
                    sent["done"], sent["target"] = asyncio.Event(), sent["n"] + len(batch)
                    for user, text in batch:
                        tg.message(user, text)
                    await sent["done"].wait()
                    tg.calls.clear()
                else:
                    updates = [update("message.text.received", user_id(u), text=t) for u, t in batch]
                    if hook is None:
                        for body in updates:
                            zalo.inject(body)
                    else:
                        await asyncio.gather(*(_post(session, hook, {"ok": True, "result": u}) for u in updates))
                    await zalo.wait_for("sendMessage", len(batch), within=120)
                    zalo.calls.clear()
                    zalo.delivered.clear()
                conn.send("done")


async def _post_raw(session: ClientSession, url: str, raw: bytes, headers: dict[str, str]) -> None:
    async with session.post(url, data=raw, headers=headers) as response:
        assert response.status == 200, response.status


async def _post(session: ClientSession, url: str, body: dict[str, Any]) -> None:
    async with session.post(url, json=body, headers={SECRET_HEADER: SECRET}) as response:
        assert response.status == 200, response.status


# ---- the bots ---------------------------------------------------------------------------------------
async def timed(conn: Connection, channel: str, hook: str | None, batches: list[Batch],
                idle: Callable[[], Awaitable[None]] | None = None) -> float:
    """Send the warm-up batch, then time the rest; returns messages per second. IDLE: wait for the bot too."""
    for index, batch in enumerate(batches):
        if index == 1:
            start = time.perf_counter()
        await asyncio.to_thread(conn.send, (channel, hook, batch))
        await asyncio.to_thread(conn.recv)
        if idle is not None:
            await idle()
    return sum(len(b) for b in batches[1:]) / (time.perf_counter() - start)


async def zalo_rate(conn: Connection, endpoint: tuple[str, str], mode: str, batches: list[Batch],
                    library: GuideLibrary) -> float:
    base_url, token = endpoint
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        config = Config.model_validate({
            "zalo": {"token": token, "base_url": base_url, "mode": mode, "poll_timeout": 10,
                     "webhook": {"path": "/zalo", "secret_token": SECRET}},
            "database": {"path": str(Path(tmp) / "bot.db")}, "guides": {"dir": str(GUIDES)},
            "web": {"listen": "127.0.0.1", "port": port},
        })
        db = await connect(config.database.url, pool_size=config.database.pool_size)
        services = Services(config=config, db=db, library=library)
        api = ZaloApi(token, base_url)
        channel = ZaloChannel(build_engine(services), api, config.zalo)
        services.senders["zalo"] = channel
        webhook = mode == "webhook"
        task = asyncio.create_task(channel.serve_webhook(services.routes) if webhook else channel.poll_forever())
        server = await web_server_for(services) if webhook else None
        try:
            await asyncio.sleep(0.2)  # the path is mounted, the first long poll starts
            hook = f"http://127.0.0.1:{port}/zalo" if webhook else None
            return await timed(conn, "zalo", hook, batches)
        finally:
            await stop([task, server], channel, api, db)


async def zalo_oa_rate(conn: Connection, endpoint: tuple[Any, ...], batches: list[Batch],
                       library: GuideLibrary) -> float:
    api_url, app_id, app_secret, (access, refresh, life) = endpoint
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        config = Config.model_validate({
            "zalo_oa": {"app_id": app_id, "app_secret": app_secret, "api_base_url": api_url, "oauth_base_url": api_url,
                        "messages_per_second": 100_000,
                        "accounts": [{"oa_id": OA_ID, "area": AN_BINH, "secret_key": OA_SECRET}]},
            "database": {"path": str(Path(tmp) / "bot.db")}, "guides": {"dir": str(GUIDES)},
            "web": {"listen": "127.0.0.1", "port": port},
        })
        db = await connect(config.database.url, pool_size=config.database.pool_size)
        await seed_areas(db)
        clock = datetime.now(UTC)
        await save_tokens(db, OA_ID, access, refresh, clock + timedelta(seconds=life), clock)
        services = Services(config=config, db=db, library=library)
        api = OaApi(app_id, app_secret, api_url, api_url)
        channel = ZaloOaChannel(build_engine(services), api, TokenKeeper(db, api, services.clock))
        services.senders["zalo_oa"] = channel
        task = asyncio.create_task(channel.serve(services.routes))
        server = await web_server_for(services)
        try:
            await asyncio.sleep(0.2)
            return await timed(conn, "zalo_oa", f"http://127.0.0.1:{port}/zalo-oa", batches, channel.settled)
        finally:
            await stop([task, server], channel, api, db)


async def web_server_for(services: Services) -> asyncio.Task[None]:
    """The one web server, as `python -m bot run` starts it for webhooks; returns once it listens."""
    listening = asyncio.Event()
    server = asyncio.create_task(web_server.run(services, listening))
    await asyncio.wait_for(listening.wait(), 10)
    return server


async def stop(tasks: list[asyncio.Task[None] | None], channel: ZaloChannel | ZaloOaChannel,
               api: ZaloApi | OaApi, db: Database) -> None:
    """Stop serving, let answers in flight finish, close the HTTP client and the database."""
    for task in tasks:
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
    await channel.drain()
    await api.close()
    await db.close()


async def telegram_rate(conn: Connection, endpoint: tuple[str, str], batches: list[Batch],
                        library: GuideLibrary, concurrency: int | None) -> float:
    base_url, token = endpoint
    with tempfile.TemporaryDirectory() as tmp:
        config = Config.model_validate({
            "telegram": {"token": token, "base_url": base_url},
            "database": {"path": str(Path(tmp) / "bot.db")}, "guides": {"dir": str(GUIDES)},
        })
        db = await connect(config.database.url, pool_size=config.database.pool_size)
        services = Services(config=config, db=db, library=library)
        channel = telegram.TelegramChannel(services, build_engine(services), concurrent_updates=concurrency)
        try:
            async with telegram.serving(channel):
                return await timed(conn, "telegram", None, batches)
        finally:
            await db.close()


async def main(users: int, rounds: int, repeat: int) -> None:
    logging.getLogger("bot.channels.zalo").setLevel(logging.ERROR)  # "webhook.url is not set" is expected
    library = GuideLibrary(GUIDES)
    parent, child = multiprocessing.Pipe()
    process = multiprocessing.get_context("spawn").Process(target=fake_process, args=(child,), daemon=True)
    process.start()
    endpoints = parent.recv()
    print(f"Engine + channel throughput: {users * rounds} messages from {users} residents ({rounds} rounds, "
          f"+1 warm-up), fake Bot APIs in their own process; best of {repeat} interleaved runs")
    first = 1
    results: dict[str, list[float]] = {}
    for _ in range(repeat):  # interleaved, so a busy moment on the machine does not favour one path
        for mode in ("polling", "webhook"):
            rate = await zalo_rate(parent, endpoints["zalo"], mode, plan(users, rounds, first), library)
            results.setdefault(f"zalo {mode}", []).append(rate)
            first += users
        rate = await zalo_oa_rate(parent, endpoints["zalo_oa"], plan(users, rounds, first), library)
        results.setdefault("zalo_oa webhook", []).append(rate)
        first += users
        if endpoints["telegram"] is not None:
            for concurrency in (None, 16):
                name = f"telegram polling, concurrent_updates={concurrency or 'default (16)'}"
                rate = await telegram_rate(parent, endpoints["telegram"], plan(users, rounds, first), library,
                                           concurrency)
                results.setdefault(name, []).append(rate)
                first += users
    parent.send(None)
    process.join(5)
    best = {name: max(rates) for name, rates in results.items()}
    baseline = next((v for k, v in best.items() if k.startswith("telegram")), None)
    for name, rate in best.items():
        ratio = f" | ratio to Telegram (default) {rate / baseline:.2f}" if baseline else ""
        print(f"  {name:<48} {rate:7.0f} messages/s{ratio}")
    oa, platform = best.get("zalo_oa webhook"), best.get("zalo webhook")
    if oa and platform:
        print(f"  Zalo OA webhook / Zalo Bot Platform webhook: {oa / platform:.2f} (same run, same workload)")
    if baseline is None:
        print("  (bot/channels/telegram.py or tests/support/fake_telegram.py is missing: Zalo figures only)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    asyncio.run(main(args.users, args.rounds, args.repeat))
