"""Runs the real Zalo channel (engine + SQLite file + run/poll/webhook) against a FakeZalo."""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from pathlib import Path
from typing import Any

from databases import database_url
from fake_zalo import JSON, FakeZalo, update

from bot.app import build_engine
from bot.channels import zalo
from bot.channels.zalo import ZaloChannel
from bot.channels.zalo_api import ZaloApi
from bot.core.config import Config, ConfigError
from bot.core.engine import Services
from bot.members.help_desk import desk as help_desk
from bot.members.help_desk import intake as help_intake
from bot.residents.library import GuideLibrary
from bot.web import server as web_server
from storage.db import Database, connect

GUIDES = Path(__file__).resolve().parents[2] / "guides"


def zalo_config(fake: FakeZalo, db_path: Path, guides: Path = GUIDES, web: dict[str, Any] | None = None,
                **zalo_keys: Any) -> Config:
    """A config pointing the Zalo channel at FAKE (fast polling, generous pace) with DB_PATH; WEB is the web
    server's block (where a webhook is answered)."""
    block = {"token": fake.token, "base_url": fake.base_url, "poll_timeout": 1, "messages_per_second": 1000,
             **zalo_keys}
    return Config.model_validate({"zalo": block, "database": {"url": database_url(db_path)},
                                  "guides": {"dir": str(guides)}, "web": web or {}})


class ZaloBot:
    """The bot as ``python -m bot run`` would serve Zalo; ``via_run`` uses the module's own ``run``."""

    def __init__(self, fake: FakeZalo, config: Config, *, via_run: bool = False,
                 library: GuideLibrary | None = None) -> None:
        self.fake, self.config, self.via_run = fake, config, via_run
        self.library = library
        self.services: Services | None = None
        self.api: ZaloApi | None = None
        self._channel: ZaloChannel | None = None
        self.task: asyncio.Task[None] | None = None
        self.web_task: asyncio.Task[None] | None = None

    @property
    def channel(self) -> ZaloChannel:
        assert self._channel is not None
        return self._channel

    @property
    def db(self) -> Database:
        assert self.services is not None
        return self.services.db

    async def start(self) -> ZaloBot:
        db = await connect(self.config.database.url)
        library = self.library or GuideLibrary(self.config.guides.dir)
        # As bot.app.build_services wires it, with the guides loaded once per test session.
        self.services = services = Services(config=self.config, db=db, library=library,
                                            help_router=help_desk.route_request, after_village=help_intake.forward_pending)
        engine = build_engine(services)
        if web_server.needed(self.config):
            listening = asyncio.Event()
            self.web_task = asyncio.create_task(web_server.run(services, listening))
            await asyncio.wait_for(listening.wait(), 5)
        if self.via_run:
            self.task = asyncio.create_task(zalo.run(services, engine))
            await asyncio.sleep(0)  # run() registers its Sender before its first await
            sender = services.senders["zalo"]
            assert isinstance(sender, ZaloChannel)
            self._channel = sender
            return self
        self.api = ZaloApi(self.config.zalo.token or "", self.config.zalo.base_url)
        self._channel = ZaloChannel(engine, self.api, self.config.zalo, backoff_base=0.01, backoff_cap=0.05)
        services.senders["zalo"] = self._channel
        channel = self._channel
        webhook = self.config.zalo.mode == "webhook"
        self.task = asyncio.create_task(channel.serve_webhook(services.routes) if webhook else channel.poll_forever())
        return self

    async def stop(self) -> None:
        for task in (self.task, self.web_task):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, ConfigError):  # tests assert start-up refusals
                    await task
        if self._channel is not None:
            await self._channel.drain()
        if self.api is not None:
            await self.api.close()
        if self.services is not None:
            await self.services.db.close()

    async def __aenter__(self) -> ZaloBot:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def seen(self) -> int:
        """Updates the channel took so far: stored, ignored or dropped as duplicates."""
        health = self.channel.health()
        return int(health.get("received", 0) + health.get("ignored", 0) + health.get("duplicates", 0))

    async def settle(self, seen: int, within: float = 5.0) -> None:
        """Wait until the channel has taken SEEN updates in total and finished answering them."""
        deadline = time.monotonic() + within
        while self.seen() < seen or self.channel.health()["backlog"]:
            if self.task is not None and self.task.done():
                self.task.result()
                raise AssertionError("the Zalo channel stopped")
            if time.monotonic() > deadline:
                raise TimeoutError(f"channel saw {self.seen()} of {seen} updates")
            await asyncio.sleep(0.002)

    async def send(self, payload: JSON) -> str:
        """Inject PAYLOAD, wait for the answer and return every text sent to its chat, joined."""
        chat = str(payload["message"]["chat"]["id"])
        mark, seen = self.fake.mark(), self.seen() + len(self.fake.updates)  # updates queued before it count too
        self.fake.inject(payload)
        await self.settle(seen + 1)
        return "\n\n".join(self.fake.texts(chat, after=mark))

    async def say(self, user: str, text: str, **kw: Any) -> str:
        return await self.send(update("message.text.received", user, text=text, **kw))


_CHOICE = re.compile(r"^(\d+)\. (.+)$", re.MULTILINE)
_HEADER = re.compile(r"^(?:Gõ số để chọn:|Type a number to choose:)$", re.MULTILINE)


def numbered(text: str) -> dict[str, str]:
    """The numbered choices of the last list in a message: label → the digit to type."""
    headers = list(_HEADER.finditer(text))
    tail = text[headers[-1].end():] if headers else ""
    return {m.group(2): m.group(1) for m in _CHOICE.finditer(tail)}


def pick(text: str, fragment: str) -> str:
    """The digit of the choice whose label contains FRAGMENT."""
    found = [digit for label, digit in numbered(text).items() if fragment in label]
    assert found, f"no choice {fragment!r} in:\n{text}"
    return found[0]
