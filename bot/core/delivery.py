"""What a channel's Sender raises, so workers can react without knowing the channel."""

from __future__ import annotations

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


@runtime_checkable
class MediaFetcher(Protocol):
    """A channel that can download what a person sent (a photo to read), by the Media it put on Incoming."""

    async def fetch_media(self, media: Media) -> bytes: ...
