"""How requests to the Bot API are paced and retried (PTB's rate-limiter seam).

Replies go out at once, with no overall cap: Telegram's 30 messages/s is guidance for bulk notifications, and
on a 429 the request waits as long as Telegram says. Network errors and 5xx answers are retried with bounded
back-off; a send that timed out may already have arrived, so its retry can show the message twice. Messages the
bot starts itself (broadcasts, alerts, digests; marked with ``BULK``) are not retried here — their worker
decides —, keep an overall pace, pause after any 429 and yield to replies. Group chats keep Telegram's
20 messages a minute each.
"""

from __future__ import annotations

import asyncio
import os
import warnings
from collections import Counter
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

from bot.core.delivery import REPLIES, ReplyGate, RetryLater, RetryPolicy, TemporaryFailure, retrying

# PTB 22 warns at every 429 unless opted in to timedelta durations; retry_seconds() reads both forms.
os.environ.setdefault("PTB_TIMEDELTA", "true")
BULK: dict[str, Any] = {"bulk": True}  # rate_limit_args of a message the bot starts itself
_ANSWERS = ("send", "answer", "edit", "copy", "forward")  # the calls that show people something
GROUP_PER_MINUTE = 20
BULK_PER_SECOND = 30.0
Result = bool | dict[str, Any] | list[dict[str, Any]]


def retry_seconds(exc: RetryAfter) -> float:
    """RetryAfter.retry_after in seconds (an int today, a timedelta later; reading it warns in PTB 22)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def is_group(chat_id: object) -> bool:
    """Groups, supergroups and channels have negative ids (or an @name)."""
    if isinstance(chat_id, int):
        return chat_id < 0
    return isinstance(chat_id, str) and chat_id[:1] in ("-", "@")


class SendPacing(BaseRateLimiter[dict[str, Any]]):
    """Replies first and retried; bulk sends paced and yielding; each group held to its own budget."""

    def __init__(self, gate: ReplyGate | None = None, policy: RetryPolicy = REPLIES,
                 group_per_minute: int = GROUP_PER_MINUTE, bulk_per_second: float = BULK_PER_SECOND) -> None:
        self.gate = gate or ReplyGate()
        self.policy = policy
        self.group_per_minute = group_per_minute
        self.bulk = AsyncLimiter(bulk_per_second, 1.0)
        self.bulk_paused_until = 0.0
        self.counts: Counter[str] = Counter()  # retried_429, retried_network, gave_up
        self._groups: dict[str, AsyncLimiter] = {}

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def process_request(
        self, callback: Callable[..., Coroutine[Any, Any, Result]], args: Any, kwargs: dict[str, Any],
        endpoint: str, data: dict[str, Any], rate_limit_args: dict[str, Any] | None,
    ) -> Result:
        bulk = bool(rate_limit_args and rate_limit_args.get("bulk"))
        if not endpoint.startswith(_ANSWERS):  # getMe, setWebhook…: start-up calls report their own errors
            return await callback(*args, **kwargs)
        chat_id = data.get("chat_id")
        if is_group(chat_id):
            await self._group(str(chat_id)).acquire()
        if bulk:
            await self._bulk_turn()
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                self._pause_bulk(exc)
                raise
        self.gate.begin()
        try:
            return await self._with_retries(callback, args, kwargs)
        finally:
            self.gate.end()

    async def _with_retries(
        self, callback: Callable[..., Coroutine[Any, Any, Result]], args: Any, kwargs: dict[str, Any]
    ) -> Result:
        async def attempt() -> Result:
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                self._pause_bulk(exc)
                self.counts["retried_429"] += 1
                raise RetryLater(retry_seconds(exc), str(exc)) from exc
            except BadRequest:
                raise  # a NetworkError subclass in PTB, but the same request cannot succeed later
            except NetworkError as exc:  # 5xx answers, timeouts, connection errors
                self.counts["retried_network"] += 1
                raise TemporaryFailure(str(exc)) from exc

        try:
            return await retrying(attempt, self.policy)
        except (RetryLater, TemporaryFailure) as exc:
            self.counts["gave_up"] += 1
            cause = exc.__cause__  # the caller sees the Bot API's own error
            raise (cause if isinstance(cause, TelegramError) else exc) from None

    async def _bulk_turn(self) -> None:
        pause = self.bulk_paused_until - asyncio.get_running_loop().time()
        if pause > 0:  # one wait: a later 429 pushes the next bulk send back again
            await asyncio.sleep(pause)
        await self.gate.quiet()
        await self.bulk.acquire()

    def _pause_bulk(self, exc: RetryAfter) -> None:
        until = asyncio.get_running_loop().time() + retry_seconds(exc)
        self.bulk_paused_until = max(self.bulk_paused_until, until)

    def _group(self, chat_id: str) -> AsyncLimiter:
        limiter = self._groups.get(chat_id)
        if limiter is None:
            if len(self._groups) > 10_000:  # forget groups whose budget is whole again
                self._groups = {k: v for k, v in self._groups.items() if not v.has_capacity(v.max_rate)}
            limiter = self._groups[chat_id] = AsyncLimiter(self.group_per_minute, 60.0)
        return limiter
