"""What a channel's Sender raises, so workers can react without knowing the channel; how replies retry."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar, runtime_checkable

from bot.core.messages import Media

log = logging.getLogger(__name__)
T = TypeVar("T")


class DeliveryError(Exception):
    """A send failed; subclasses say whether to retry, wait, or give up on the recipient."""


class RecipientBlocked(DeliveryError):
    """The person blocked the bot or cannot be reached (Telegram 403, Zalo 403): stop sending."""


class RetryLater(DeliveryError):
    """The platform asks us to slow down (429 / quota); wait ``retry_after`` seconds."""

    def __init__(self, retry_after: float, message: str = "") -> None:
        super().__init__(message or f"retry after {retry_after} s")
        self.retry_after = retry_after


class TemporaryFailure(DeliveryError):
    """A network error or 5xx: retry with back-off a bounded number of times."""


@dataclass(frozen=True)
class RetryPolicy:
    """How long a reply keeps trying: a 429's wait is honoured while the total stays within ``patience``;
    network errors and 5xx answers get ``attempts`` tries with doubling waits from ``backoff``."""

    patience: float = 60.0
    attempts: int = 5
    backoff: float = 0.5
    max_backoff: float = 8.0


REPLIES = RetryPolicy()


async def retrying(
    attempt: Callable[[], Awaitable[T]], policy: RetryPolicy = REPLIES,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> T:
    """Run ATTEMPT until it succeeds; RetryLater and TemporaryFailure are retried as POLICY allows, anything
    else (and the last failure) is raised. A send that timed out may have arrived, so a retry can repeat it."""
    waited, failures = 0.0, 0
    while True:
        try:
            return await attempt()
        except RetryLater as exc:
            wait = max(exc.retry_after, 0.05)
            if waited + wait > policy.patience:
                raise
        except TemporaryFailure:
            failures += 1
            if failures >= policy.attempts:
                raise
            wait = min(policy.max_backoff, policy.backoff * 2 ** (failures - 1)) * random.uniform(0.75, 1.0)
            if waited + wait > policy.patience:
                raise
        waited += wait
        await sleep(wait)


class Backoff:
    """Exponential back-off with jitter for a loop that polls or reconnects, reset after a success."""

    def __init__(self, base: float, cap: float) -> None:
        self.base, self.cap, self.attempt = base, cap, 0

    def next(self) -> float:
        delay = min(self.cap, self.base * 2.0 ** min(self.attempt, 20))
        self.attempt += 1
        return delay * random.uniform(0.5, 1.0)  # jitter: many bots restarting together do not retry in step

    def reset(self) -> None:
        self.attempt = 0


class ReplyGate:
    """Replies go first: sends the bot starts itself (broadcasts, alerts) wait while replies are being sent."""

    def __init__(self, max_wait: float = 1.0) -> None:
        self.max_wait = max_wait  # even under a steady stream of replies, bulk sends creep on
        self.active = 0
        self._quiet = asyncio.Event()
        self._quiet.set()

    def begin(self) -> None:
        self.active += 1
        self._quiet.clear()

    def end(self) -> None:
        self.active -= 1
        if self.active <= 0:
            self.active = 0
            self._quiet.set()

    async def quiet(self) -> None:
        """Wait until no reply is being sent (at most ``max_wait`` seconds)."""
        if self.active:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._quiet.wait(), self.max_wait)
@runtime_checkable
class MediaFetcher(Protocol):
    """A channel that can download what a person sent (a photo to read), by the Media it put on Incoming."""

    async def fetch_media(self, media: Media) -> bytes: ...
