"""The seam between channels and the engine: frozen dataclasses in, replies out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.core.speech import Speech


class Kind(StrEnum):
    """What a channel received; anything but text or a button press gets a polite fallback."""

    TEXT = "text"
    ACTION = "action"
    STICKER = "sticker"
    PHOTO = "photo"
    VOICE = "voice"
    FILE = "file"
    LOCATION = "location"
    OTHER = "other"
    # Events without content: the person started or stopped following an account (Zalo OA), opened the
    # chat without writing yet, or wrote something the platform withheld (Zalo hides the text of users it
    # flags as unable to read).
    FOLLOW = "follow"
    UNFOLLOW = "unfollow"
    OPENED = "opened"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class Media:
    """A photo, voice note, sticker or file someone sent, as the channel can fetch or forward it again."""

    kind: Kind
    ref: str  # the channel's handle for it: a Telegram file_id, a Zalo URL, a geo: URI for a location
    mime: str | None = None
    caption: str | None = None


@dataclass(frozen=True)
class Incoming:
    """One thing a person sent, already stripped of everything channel-specific."""

    channel: str
    user_id: str
    chat_id: str
    display_name: str = ""
    text: str | None = None
    action: str | None = None
    kind: Kind = Kind.TEXT
    message_id: str | None = None
    at: datetime = field(default_factory=lambda: datetime.now(UTC))
    is_private: bool = True
    language_hint: str | None = None
    numbered_choices: bool = False  # the channel draws choices as "Gõ 1 …" and sends back digits
    media: Media | None = None  # set with a non-text kind when the channel can pass the thing itself on
    files: bool = True  # the channel can deliver Reply.document (Zalo's Bot Platform cannot)
    plays_voice: bool = True  # the channel can deliver Reply.speech as a voice note
    # The area (commune or province code) the channel serves this person in, when the channel is tied to one
    # (a commune's Zalo OA); the engine makes it the person's place until they choose a village.
    area: str | None = None

    @property
    def identity(self) -> str:
        """Channel-qualified id as written in config: ``telegram:123``."""
        return f"{self.channel}:{self.user_id}"


@dataclass(frozen=True)
class Choice:
    """A button (Telegram) or a numbered line (Zalo, console); ``action`` is ≤ 64 bytes."""

    label: str
    action: str


@dataclass(frozen=True)
class Address:
    """Where a reply goes when it is not for the person who wrote."""

    channel: str
    user_id: str
    chat_id: str


@dataclass(frozen=True)
class Reply:
    """What the engine wants shown; channels decide how to draw it."""

    text: str
    choices: tuple[Choice, ...] = ()
    image: str | None = None
    document: bytes | None = None
    document_name: str | None = None
    to: Address | None = None
    locale: str = "vi"  # the reader's language, for what the channel adds (numbered-choice hints)
    home: bool = False  # the main menu itself: no "back to the menu" line under it
    media: Media | None = None  # a photo, voice note or sticker passed on from someone (a relay)
    speech: Speech | None = None  # also sent as a voice note read aloud, where the channel can play one
