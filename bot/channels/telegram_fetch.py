"""Getting updates from Telegram into the durable intake before Telegram hears they arrived.

Polling: getUpdates is confirmed by the offset of the next call, so each batch is stored before that call is
made; an update that cannot be read is stored anyway and skipped with one log line when handled. Webhook:
PTB's server puts each update in its queue before answering 200; that queue stores it durably.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from telegram import Bot, Update
from telegram.error import Conflict, InvalidToken, RetryAfter, TelegramError
from tornado.web import HTTPError

from bot.channels.telegram_pacing import retry_seconds
from bot.core.config import ConfigError
from bot.core.delivery import Backoff
from bot.core.intake import Arrival, Intake, IntakeRefused
from storage.db import STORAGE_ERRORS

log = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]  # edits are not new questions: not fetched


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


class _WithoutPayloads(logging.Filter):
    """PTB's webhook server logs a body it cannot read, in full, and every body at debug level; an update may
    hold a secret someone typed, so only one line saying what happened is kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        if "Received data was" in message:
            record.msg, record.args, record.exc_info = "telegram webhook: refused an update it could not read", (), None
        elif "received data" in message:
            record.msg, record.args = "telegram webhook: an update arrived", ()
        return True


logging.getLogger("telegram.ext._utils.webhookhandler").addFilter(_WithoutPayloads())


class DurableQueue(asyncio.Queue[object]):
    """PTB's webhook server awaits ``put`` before it answers Telegram: store the update there."""

    intake: Intake | None = None

    async def put(self, item: object) -> None:
        if self.intake is None or not isinstance(item, Update):
            return  # nothing consumes this queue; only updates matter
        try:
            await self.intake.accept([arrival_of(item.to_dict())])
        except IntakeRefused as exc:  # stopping, or too many waiting: Telegram sends it again later
            raise HTTPError(503, reason="busy") from exc
        except STORAGE_ERRORS as exc:
            log.error("telegram webhook: cannot store an update (%s); Telegram will send it again", exc)
            raise HTTPError(503, reason="cannot store") from exc
