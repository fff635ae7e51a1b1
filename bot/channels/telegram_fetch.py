"""Getting updates from Telegram into the durable intake before Telegram hears they arrived.

Polling: getUpdates is confirmed by the offset of the next call, so each batch is stored before that call is
made; an update that cannot be read is stored anyway and skipped with one log line when handled. Webhook: the
handler on the web server answers 200 only once the update is stored.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode, urlparse

from aiohttp import web
from telegram import Bot, Update
from telegram.error import Conflict, InvalidToken, RetryAfter, TelegramError

from bot.channels.background import Backoff
from bot.channels.telegram_pacing import retry_seconds
from bot.core.config import Config, ConfigError
from bot.core.intake import Arrival, Intake, IntakeRefused
from bot.core.routes import Handler
from storage.db import STORAGE_ERRORS

log = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]  # edits are not new questions: not fetched
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def arrival_of(payload: dict[str, Any]) -> Arrival:
    """The update's key (the engine's message id: ``chat:message`` or ``cb:query``), sender and lane."""
    message, query = _mapping(payload.get("message")), _mapping(payload.get("callback_query"))
    if query:
        chat = _mapping(_mapping(query.get("message")).get("chat"))
        return Arrival(f"cb:{query.get('id')}", str(_mapping(query.get("from")).get("id", "")), payload,
                       group=chat.get("type", "private") != "private")
    if message:
        chat = _mapping(message.get("chat"))
        return Arrival(f"{chat.get('id')}:{message.get('message_id')}", str(_mapping(message.get("from")).get("id", "")),
                       payload, group=chat.get("type", "private") != "private")
    return Arrival(f"u:{payload.get('update_id')}", "", payload)


class Poller:
    """getUpdates in a loop: store the batch, then confirm it with the next call's offset."""

    def __init__(self, bot: Bot, intake: Intake, masked: Callable[[str], str], timeout: int = 10) -> None:
        self.bot, self.intake, self.masked, self.timeout = bot, intake, masked, timeout
        self.offset = 0
        self.backoff = Backoff(1.0, 30.0)

    async def run(self) -> None:
        with contextlib.suppress(TelegramError):  # Telegram refuses getUpdates while a webhook is set
            await self.bot.delete_webhook()
        while True:
            await self.intake.wait_for_room()  # a long backlog: Telegram keeps the rest meanwhile
            batch = await self._fetch()
            if batch is None:
                await asyncio.sleep(self.backoff.next())
                continue
            arrivals, last = batch
            try:
                if arrivals:
                    await self.intake.accept(arrivals)
            except STORAGE_ERRORS as exc:
                log.error("telegram: cannot store updates (%s); Telegram keeps them until they can be", exc)
                await asyncio.sleep(self.backoff.next())
                continue
            self.backoff.reset()
            if last is not None:
                self.offset = last + 1  # confirmed by the next call

    async def confirm(self) -> None:
        """Tell Telegram that everything stored so far arrived (one short call, when stopping)."""
        with contextlib.suppress(TelegramError, TimeoutError):
            await asyncio.wait_for(self._call({"offset": self.offset, "timeout": 0, "limit": 1}, 2.0), 3.0)

    async def _fetch(self) -> tuple[list[Arrival], int | None] | None:
        """The next batch and its last update id; None after an error (logged, to back off)."""
        params = {"offset": self.offset, "timeout": self.timeout, "allowed_updates": json.dumps(ALLOWED_UPDATES)}
        try:
            result = await self._call(params, self.timeout + 10.0)
        except InvalidToken as exc:
            raise ConfigError("telegram.token: rejected by the Bot API (copy it again from @BotFather)") from exc
        except RetryAfter as exc:
            log.warning("telegram: getUpdates asked to wait %.0f s", retry_seconds(exc))
            await asyncio.sleep(retry_seconds(exc))
            return [], None
        except Conflict as exc:
            log.warning("telegram: %s — is another copy of the bot running?", self.masked(str(exc)))
            return None
        except TelegramError as exc:
            log.info("telegram: getUpdates failed: %s", self.masked(str(exc)))
            return None
        if not isinstance(result, list):
            log.warning("telegram: getUpdates gave something that is not a list; skipped")
            return None
        arrivals, last = [], None
        for item in result:
            update_id = item.get("update_id") if isinstance(item, dict) else None
            if not isinstance(update_id, int) or isinstance(update_id, bool):
                log.warning("telegram: skipped an update without an update_id")
                continue
            last = max(last or update_id, update_id)
            arrivals.append(arrival_of(item))
        return arrivals, last

    async def _call(self, params: dict[str, Any], read_timeout: float) -> Any:
        # The raw list, so one update PTB cannot read does not block the ones after it.
        url = f"{self.bot.base_url}/getUpdates?{urlencode(params)}"
        return await self.bot.request.post(url, read_timeout=read_timeout)


def webhook_path(config: Config) -> str:
    hook = config.telegram.webhook
    path = hook.path or (urlparse(hook.url).path if hook.url else "") or "/telegram"
    return path if path.startswith("/") else "/" + path


def webhook_handler(intake: Intake, secret: str | None) -> Handler:
    """POST from Telegram: the secret header checked, the update stored durably, and only then 200 (503 while
    stopping, overloaded or unable to store: Telegram sends it again)."""
    expected = (secret or "").encode()

    async def receive(request: web.Request) -> web.Response:
        if secret and not hmac.compare_digest(request.headers.get(SECRET_HEADER, "").encode(), expected):
            log.warning("telegram webhook: wrong or missing secret token from %s", request.remote)
            return web.Response(status=403)
        try:
            payload = json.loads(await request.read())
        except (ValueError, UnicodeDecodeError, RecursionError):
            return web.Response(status=400)
        if not isinstance(payload, dict) or not isinstance(payload.get("update_id"), int):
            return web.Response(status=400)
        try:
            await intake.accept([arrival_of(payload)])
        except IntakeRefused:
            return web.Response(status=503)
        except STORAGE_ERRORS as exc:
            log.error("telegram webhook: cannot store an update (%s); Telegram will send it again", exc)
            return web.Response(status=503)
        return web.Response(status=200)

    return receive
