"""Long-running entry points: the configured channels plus background workers, or the console.

``run_channels`` stops gracefully on SIGTERM and SIGINT (fetching stops, turns in flight finish within the
intake's grace, what is left stays stored for the next start, the database is closed; exit 0 within
``STOP_WITHIN`` seconds) and reloads the guides on SIGHUP. Its process id is written beside the database, so
``python -m bot guides reload`` can find it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
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
from bot.residents.guide_reload import reload_guides, tell_admins
from bot.web import server as web_server

log = logging.getLogger(__name__)

STOP_WITHIN = 8.0  # seconds from SIGTERM to a closed database, whatever is still queued
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
    """Run every configured channel and the workers until a signal (or a failure) stops them."""
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
    startup_problems = list(services.library.current.problems)
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    side: set[asyncio.Task[Any]] = set()

    def spawn(job: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.create_task(job)
        side.add(task)
        task.add_done_callback(side.discard)

    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    loop.add_signal_handler(signal.SIGHUP, lambda: spawn(reload_guides(services, engine)))
    pid = config.pid_file
    if pid is not None:
        pid.write_text(f"{os.getpid()}\n", encoding="utf-8")
    tasks = [asyncio.create_task(CHANNELS[name][1](services, engine), name=name) for name in chosen]
    tasks += [asyncio.create_task(worker(services, engine)) for worker in WORKERS]
    if startup_problems:
        spawn(_tell_admins_once_serving(services, engine, list(chosen), startup_problems))
    if web_server.needed(config):
        # Channels in webhook mode mount their paths on it; it also serves the guide pages and signed links.
        tasks.append(asyncio.create_task(web_server.run(services), name="web"))
        chosen.append("web")
    log.info("serving on %s", ", ".join(chosen))
    stop_wait = asyncio.create_task(stopping.wait())
    try:
        done, _ = await asyncio.wait([*tasks, stop_wait], return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            if task is not stop_wait:
                task.result()  # a channel that failed to start (a rejected token) ends the run with its error
                log.error("%s stopped by itself; stopping everything", task.get_name())
    finally:
        log.info("stopping: no new messages are fetched; messages being handled get a few seconds")
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            loop.remove_signal_handler(signum)
        await _stop([*tasks, stop_wait, *side])
        await services.db.close()
        if pid is not None:
            with contextlib.suppress(OSError):
                pid.unlink()
        log.info("stopped")
    return 0


async def _stop(tasks: list[asyncio.Task[Any]]) -> None:
    """Cancel TASKS (channels drain their intake when cancelled) and wait at most STOP_WITHIN seconds."""
    for task in tasks:
        task.cancel()
    _, late = await asyncio.wait(tasks, timeout=STOP_WITHIN) if tasks else (set(), set())
    for task in late:  # cancelled again: their drain is cut short; what they held stays stored
        task.cancel()
    if late:
        await asyncio.wait(late, timeout=1.0)


async def _tell_admins_once_serving(services: Services, engine: Engine, channels: list[str],
                                    problems: list[str]) -> None:
    """Guide problems found at start reach the admins once the channels can send (within a minute)."""
    for _ in range(120):
        if all(channel in services.senders for channel in channels):
            break
        await asyncio.sleep(0.5)
    await tell_admins(services, engine, problems)


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
