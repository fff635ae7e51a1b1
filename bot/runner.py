"""Long-running entry points: the configured channels plus background workers, or the console."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from bot.app import build_engine, build_services
from bot.channels.console import CHANNEL as CONSOLE
from bot.channels.console import ConsoleChannel
from bot.coordinators.broadcasts.worker import worker as broadcast_worker
from bot.coordinators.digest import worker as digest_worker
from bot.core.config import Config
from bot.core.engine import Engine, Services
from bot.members.assists.reminders import worker as draft_worker
from bot.members.help_desk.worker import worker as help_desk_worker
from bot.web import server as web_server

log = logging.getLogger(__name__)

# Background jobs (broadcast sending, help-request reminders, digests) run beside the channels.
Worker = Callable[[Services, Engine], Coroutine[Any, Any, None]]
WORKERS: list[Worker] = [broadcast_worker]
WORKERS.append(help_desk_worker)
WORKERS.append(digest_worker)
WORKERS.append(draft_worker)
# Channel runners, registered by the channel modules: (is configured?, run forever).
ChannelRunner = tuple[Callable[[Config], bool], Callable[[Services, Engine], Coroutine[Any, Any, None]]]
CHANNELS: dict[str, ChannelRunner] = {}


def _load_channels() -> None:
    from bot.channels import telegram

    CHANNELS.setdefault("telegram", (telegram.configured, telegram.run))
    try:
        from bot.channels import zalo
    except ImportError:
        return
    CHANNELS.setdefault("zalo", (zalo.configured, zalo.run))
    from bot.channels import zalo_oa

    CHANNELS.setdefault("zalo_oa", (zalo_oa.configured, zalo_oa.run))


async def run_channels(config: Config) -> int:
    """Run every configured channel and the workers until stopped."""
    _load_channels()
    chosen = [name for name, (configured, _) in CHANNELS.items() if configured(config)]
    if not chosen and not config.web.enabled:
        print(
            "No channel is configured: set telegram.token (or TELEGRAM_BOT_TOKEN), zalo.token "
            "(or ZALO_BOT_TOKEN) or zalo_oa.accounts in the config file, or web.enabled: true to serve only the "
            "web pages.\n"
            "Chưa cấu hình kênh nào. Để thử bot ngay trong cửa sổ này, chạy: python -m bot chat",
            file=sys.stderr,
        )
        return 2
    services = await build_services(config)
    engine = build_engine(services)
    tasks: list[asyncio.Task[None]] = [
        asyncio.create_task(CHANNELS[name][1](services, engine), name=name) for name in chosen
    ]
    tasks += [asyncio.create_task(worker(services, engine)) for worker in WORKERS]
    if web_server.needed(config):
        # Channels in webhook mode mount their paths on it; it also serves the guide pages and signed links.
        tasks.append(asyncio.create_task(web_server.run(services), name="web"))
        chosen.append("web")
    log.info("serving on %s", ", ".join(chosen))
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            task.result()
    finally:
        # Stop channels and workers before the database closes under them (also on Ctrl+C).
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await services.db.close()
    return 0


async def run_console(config: Config, user: str) -> None:
    """The console channel on the same engine and database, with the workers running."""
    services = await build_services(config)
    engine = build_engine(services)
    console = ConsoleChannel(engine)
    services.senders[CONSOLE] = console
    workers: list[asyncio.Task[None]] = [asyncio.create_task(worker(services, engine)) for worker in WORKERS]
    try:
        await console.interact(user=user)
    finally:
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        await services.db.close()
