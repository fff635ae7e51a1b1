"""Zalo OA webhook events: the signature check, and each event turned into what the engine understands."""

from __future__ import annotations

import hashlib
import hmac
import mimetypes
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.channels.zalo_updates import as_mapping, zalo_id
from bot.core.messages import Incoming, Kind, Media

CHANNEL = "zalo_oa"
SIGNATURE_HEADER = "X-ZEvent-Signature"
# Button payloads come back as ordinary text (oa.query.hide); this prefix tells them from typed words.
BUTTON_PREFIX = "#tcns:"

_MESSAGES = {
    "user_send_text": Kind.TEXT, "user_send_image": Kind.PHOTO, "user_send_gif": Kind.PHOTO,
    "user_send_audio": Kind.VOICE, "user_send_sticker": Kind.STICKER, "user_send_file": Kind.FILE,
    "user_send_location": Kind.LOCATION, "user_send_video": Kind.OTHER, "user_send_link": Kind.OTHER,
    "user_send_business_card": Kind.OTHER,
}
_EVENTS = {"follow": Kind.FOLLOW, "unfollow": Kind.UNFOLLOW, "user_click_chatnow": Kind.OPENED}


def expected_mac(app_id: str, raw: bytes, timestamp: str, secret_key: str) -> str:
    """SHA-256 (plain, not HMAC) of app id + the raw body + timestamp + the OA secret key, in hex."""
    return hashlib.sha256(app_id.encode() + raw + timestamp.encode() + secret_key.encode()).hexdigest()


def signature_ok(header: str, app_id: str, raw: bytes, timestamp: str, secret_key: str) -> bool:
    """Whether ``X-ZEvent-Signature: mac=<hex>`` matches, compared in constant time."""
    given = header.strip()
    if given[:4].lower() == "mac=":
        given = given[4:]
    expected = expected_mac(app_id, raw, timestamp, secret_key)
    return hmac.compare_digest(given.strip().lower().encode(), expected.encode())


def event_time(body: dict[str, Any]) -> datetime | None:
    """The event's ``timestamp`` (milliseconds, sent as a string); None when missing or absurd."""
    try:
        millis = int(str(body.get("timestamp")))
        return datetime.fromtimestamp(millis / 1000, UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def oa_of(body: dict[str, Any]) -> str:
    """The OA the event belongs to: ``oa_id``, else the recipient of what a user sent, else the sender."""
    name = str(body.get("event_name", ""))
    if body.get("oa_id"):
        return zalo_id(body.get("oa_id"))
    side = "recipient" if name.startswith(("user_send", "anonymous_send")) else "sender"
    return zalo_id(as_mapping(body.get(side)).get("id"))


@dataclass(frozen=True)
class OaEvent:
    """One event from one person to one OA, with what the engine needs."""

    oa_id: str
    user_id: str
    name: str
    at: datetime
    key: str  # for de-duplication: the message id, or the event, person and time
    message_id: str | None
    kind: Kind | None  # None: nothing for the engine (read receipts, the OA's own messages…)
    text: str | None = None
    media: Media | None = None


def parse(body: dict[str, Any]) -> OaEvent | None:
    """The event in BODY; None when it names no OA or no person, or has no usable time."""
    name = str(body.get("event_name", ""))[:60]
    at = event_time(body)
    oa_id = oa_of(body)
    user = zalo_id(as_mapping(body.get("follower")).get("id")) or zalo_id(body.get("user_id"))
    if name in _MESSAGES or name.startswith("user_send"):
        user = zalo_id(as_mapping(body.get("sender")).get("id"))
    if not oa_id or not user or at is None:
        return None
    message = as_mapping(body.get("message"))
    message_id = zalo_id(message.get("msg_id")) or None
    key = message_id or f"{name}:{user}:{body.get('timestamp')}"
    kind = _MESSAGES.get(name) or _EVENTS.get(name)
    if kind is None:
        return OaEvent(oa_id, user, name, at, key, message_id, None)
    text = message.get("text") if isinstance(message.get("text"), str) else None
    if kind == Kind.TEXT:
        if not text:
            return OaEvent(oa_id, user, name, at, key, message_id, Kind.OTHER)
        return OaEvent(oa_id, user, name, at, key, message_id, kind, text=text)
    return OaEvent(oa_id, user, name, at, key, message_id, kind, media=_media(kind, message, text))


def _media(kind: Kind, message: dict[str, Any], caption: str | None) -> Media | None:
    """The first attachment as a Media the engine (or a relay to a volunteer) can pass on."""
    if kind in (Kind.FOLLOW, Kind.UNFOLLOW, Kind.OPENED):
        return None
    attachments = message.get("attachments")
    first = as_mapping(attachments[0]) if isinstance(attachments, list) and attachments else {}
    payload = as_mapping(first.get("payload"))
    if kind == Kind.LOCATION:
        spot = as_mapping(payload.get("coordinates"))
        lat, lon = spot.get("latitude"), spot.get("longitude")
        return Media(kind, f"geo:{lat},{lon}", None, caption) if lat is not None and lon is not None else None
    ref = payload.get("url") or payload.get("thumbnail") or payload.get("id")
    if not isinstance(ref, str) or not ref:
        return None
    mime = None
    if kind == Kind.FILE:
        name = payload.get("name") if isinstance(payload.get("name"), str) else None
        mime = mimetypes.guess_type(name or "")[0]
        caption = caption or name
    return Media(kind, ref, mime, caption)


def chat_id(oa_id: str, user_id: str) -> str:
    """A person's address on this channel: user ids are per OA, so the OA is part of it."""
    return f"{oa_id}:{user_id}"


def to_incoming(event: OaEvent, area: str | None) -> Incoming | None:
    """The Incoming for EVENT, or None when there is nothing to answer."""
    if event.kind is None:
        return None
    text, action, kind = event.text, None, event.kind
    if kind == Kind.TEXT and text is not None and text.startswith(BUTTON_PREFIX):
        kind, action, text = Kind.ACTION, text[len(BUTTON_PREFIX):][:64], None
    who = chat_id(event.oa_id, event.user_id)
    return Incoming(
        channel=CHANNEL, user_id=who, chat_id=who, text=text, action=action, kind=kind,
        message_id=event.message_id, at=event.at, numbered_choices=True, media=event.media, area=area,
        plays_voice=False,  # no documented way for an OA to send a voice note (only links)
    )
