"""Runs the real Telegram channel (PTB Application + engine + SQLite file) against a FakeTelegram."""

from __future__ import annotations

import asyncio
import contextlib
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

from databases import database_url
from fake_telegram import JSON, Call, FakeTelegram

from bot.app import build_engine
from bot.channels import telegram
from bot.core.config import Config
from bot.core.engine import Engine, Services
from bot.residents.library import GuideLibrary
from bot.web import server as web_server
from storage.db import connect

GUIDES = Path(__file__).resolve().parents[2] / "guides"


def telegram_config(fake: FakeTelegram, db_path: Path, web: dict[str, Any] | None = None,
                    **telegram_keys: Any) -> Config:
    """A config pointing the bot at FAKE, with the real guides and DB_PATH; WEB is the web server's block."""
    return config_for(fake.base_url, fake.token, db_path, web=web, **telegram_keys)


def config_for(base_url: str, token: str, db_path: Path, web: dict[str, Any] | None = None,
               **telegram_keys: Any) -> Config:
    """A config for a Bot API server at BASE_URL (possibly in another process)."""
    block = {"token": token, "base_url": base_url, **telegram_keys}
    return Config.model_validate({
        "telegram": block, "database": {"url": database_url(db_path)}, "guides": {"dir": str(GUIDES)}, "web": web or {},
    })


async def _cancel(task: asyncio.Task[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


class TelegramBot:
    """The bot as a process would run it; ``restart`` builds everything anew on the same database file."""

    def __init__(self, config: Config, library: GuideLibrary | None = None,
                 concurrent_updates: int | None = None) -> None:
        self.config = config
        self.library = library or GuideLibrary(config.guides.dir)
        self.concurrent_updates = concurrent_updates
        self.services: Services | None = None
        self.engine: Engine | None = None
        self.application: telegram.App | None = None
        self.channel: telegram.TelegramChannel | None = None
        self._stack: AsyncExitStack | None = None

    async def start(self) -> TelegramBot:
        async with AsyncExitStack() as stack:
            db = await connect(self.config.database.url)
            stack.push_async_callback(db.close)
            self.services = Services(config=self.config, db=db, library=self.library)
            self.engine = build_engine(self.services)
            channel = telegram.TelegramChannel(self.services, self.engine, concurrent_updates=self.concurrent_updates)
            if web_server.needed(self.config):  # webhook mode: the web server answers Telegram's posts
                listening = asyncio.Event()
                task = asyncio.create_task(web_server.run(self.services, listening))
                stack.push_async_callback(_cancel, task)
                await asyncio.wait_for(listening.wait(), 5)
            await stack.enter_async_context(telegram.serving(channel, self.services.routes))
            self.channel = channel
            self.application = channel.application
            self._stack = stack.pop_all()  # running: closed by stop()
        return self

    async def stop(self) -> None:
        if self._stack is not None:
            await self._stack.aclose()
            self._stack = None

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def __aenter__(self) -> TelegramBot:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()


class Resident:
    """One Telegram user talking to the bot through the fake server."""

    def __init__(self, fake: FakeTelegram, user_id: int, name: str = "Bà Lan") -> None:
        self.fake, self.user_id, self.name = fake, user_id, name

    async def say(self, text: str, count: int = 1) -> list[Call]:
        """Send TEXT and wait for COUNT messages back."""
        mark = self.fake.mark()
        self.fake.message(self.user_id, text, name=self.name)
        return await self.fake.replies(self.user_id, count, after=mark)

    def last_with_buttons(self) -> JSON:
        """The newest message the bot sent this user that has a keyboard."""
        return [m for m in self.fake.sent(self.user_id) if m.get("reply_markup")][-1]

    async def click(self, label: str, count: int = 1, message: JSON | None = None) -> list[Call]:
        """Press the button labelled LABEL (on MESSAGE or the newest keyboard) and wait for the answer."""
        mark = self.fake.mark()
        update = self.fake.click(self.user_id, message or self.last_with_buttons(), label)
        return await self._answered(update, mark, count)

    async def press(self, data: str, count: int = 1, message: JSON | None = None) -> list[Call]:
        """Press a button carrying DATA (possibly forged or stale) and wait for the answer."""
        mark = self.fake.mark()
        update = self.fake.press(self.user_id, message or self.last_with_buttons(), data)
        return await self._answered(update, mark, count)

    async def _answered(self, update: JSON, mark: int, count: int) -> list[Call]:
        # This press's own answer: a redelivered older press may be answered too (its spinner), before this one.
        query = update["callback_query"]["id"]
        await self.fake.wait_until(lambda: any(
            c.params.get("callback_query_id") == query for c in self.fake.calls_to("answerCallbackQuery", after=mark)))
        return await self.fake.replies(self.user_id, count, after=mark)
