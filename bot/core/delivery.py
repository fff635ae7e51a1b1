"""What a channel's Sender raises, so workers can react without knowing the channel; how replies retry."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable, Sequence
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
class QuotaExhausted(DeliveryError):
    """The account's allowance for messages the bot starts is used up (a Zalo OA's monthly quota): not retried."""


@dataclass(frozen=True)
class Reach:
    """How a broadcast would reach its recipients on one account of a channel that counts messages."""

    account: str  # a name people recognise, e.g. the Official Account's
    free: int  # inside a free reply window
    paid: int  # would use the account's monthly quota
    unreachable: int  # cannot be messaged now: window closed, or beyond the quota left
    quota_left: int | None = None


@runtime_checkable
class ReachEstimator(Protocol):
    """A Sender that can say, before a broadcast, what sending to CHAT_IDS would cost and who it misses."""

    async def reach(self, chat_ids: Sequence[str]) -> list[Reach]: ...


@runtime_checkable
class MediaFetcher(Protocol):
    """A channel that can download what a person sent (a photo to read), by the Media it put on Incoming."""

    async def fetch_media(self, media: Media) -> bytes: ...
