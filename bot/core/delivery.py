"""What a channel's Sender raises, so workers can react without knowing the channel."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from bot.core.messages import Media


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
