"""Zalo updates (from getUpdates or the webhook) turned into Incoming; one path for both."""

from __future__ import annotations

import logging
from collections import OrderedDict
from datetime import UTC, datetime
from typing import Any

from bot.core.messages import Incoming, Kind, Media

log = logging.getLogger(__name__)

CHANNEL = "zalo"
KINDS = {
    "message.text.received": Kind.TEXT,
    "message.image.received": Kind.PHOTO,
    "message.sticker.received": Kind.STICKER,
    "message.voice.received": Kind.VOICE,
    # Zalo withholds the content of some users (children, people who cannot read): offer them a person.
    "message.unsupported.received": Kind.UNREADABLE,
}


def unwrap(body: Any) -> dict[str, Any] | None:
    """The update inside ``{ok, result: {...}}``, or the bare update itself; None for anything else."""
    if not isinstance(body, dict):
        return None
    if "event_name" not in body and isinstance(body.get("result"), dict):
        body = body["result"]
    return body if isinstance(body.get("event_name"), str) else None


def zalo_id(value: Any) -> str:
    """Zalo ids are strings (hex, or digits on an OA); tolerate numbers, refuse anything else."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return ""


def as_mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _when(value: Any) -> datetime:
    """Zalo dates are milliseconds since the epoch."""
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        try:
            return datetime.fromtimestamp(value / 1000, UTC)
        except (OverflowError, OSError, ValueError):
            pass
    return datetime.now(UTC)


def _media(kind: Kind, message: dict[str, Any]) -> Media | None:
    """What the person sent, as Zalo lets it be passed on: photos and voice notes by their HTTPS URL."""
    caption = message.get("caption") if isinstance(message.get("caption"), str) else None
    fields = {Kind.PHOTO: ("photo", "photo_url", "url"), Kind.VOICE: ("voice_url", "voice", "url"),
              Kind.STICKER: ("sticker", "url")}.get(kind, ())
    for name in fields:
        value = message.get(name)
        if isinstance(value, str) and value.strip():
            return Media(kind, value.strip()[:1000], None, caption)
    return None


def to_incoming(update: dict[str, Any], plays_voice: bool = False) -> Incoming | None:
    """The Incoming for an update; None for bots, malformed updates and events without a message."""
    event = str(update.get("event_name", ""))
    message = update.get("message")
    if not isinstance(message, dict):
        log.info("zalo: ignoring %s without a message", event[:60] or "update")
        return None
    sender, chat = as_mapping(message.get("from")), as_mapping(message.get("chat"))
    user_id, chat_id = zalo_id(sender.get("id")), zalo_id(chat.get("id"))
    if not user_id or sender.get("is_bot") is True:
        if not user_id:
            log.warning("zalo: ignoring %s without a sender id", event[:60])
        return None
    kind = KINDS.get(event, Kind.OTHER)
    text = message.get("text") if kind == Kind.TEXT else None
    if kind == Kind.TEXT and not isinstance(text, str):
        kind, text = Kind.OTHER, None
    name = sender.get("display_name") or sender.get("name") or ""
    message_id = zalo_id(message.get("message_id"))
    return Incoming(
        channel=CHANNEL, user_id=user_id, chat_id=chat_id or user_id,
        display_name=name if isinstance(name, str) else "", text=text, kind=kind,
        message_id=message_id or None, at=_when(message.get("date")),
        is_private=str(chat.get("chat_type") or "PRIVATE").upper() == "PRIVATE", numbered_choices=True,
        media=_media(kind, message), files=False, plays_voice=plays_voice,
    )


class RecentIds:
    """The last ``size`` message ids seen, to drop a redelivered update before any work."""

    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self._seen: OrderedDict[str, None] = OrderedDict()

    def first_time(self, message_id: str) -> bool:
        if message_id in self._seen:
            self._seen.move_to_end(message_id)
            return False
        self._seen[message_id] = None
        if len(self._seen) > self.size:
            self._seen.popitem(last=False)
        return True
