"""Drawing engine replies on Telegram: inline keyboards, photos, documents, long text in pieces."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Coroutine
from datetime import timedelta
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.warnings import PTBDeprecationWarning

from bot.channels.images import find_image
from bot.channels.numbered import split_text
from bot.core.delivery import RecipientBlocked, RetryLater, TemporaryFailure
from bot.core.messages import Choice, Kind, Media, Reply
from bot.core.speech import AudioFormat, SpeechError

log = logging.getLogger(__name__)

MAX_TEXT = 4096  # Telegram's limit for one message
MAX_CAPTION = 1024  # … and for a photo's caption
MAX_CALLBACK_DATA = 64  # bytes of callback_data per button
MAX_DOWNLOAD = 10 * 1024 * 1024  # a screenshot is far smaller; bigger files are not read


def _pairs(first: str, second: str) -> bool:
    """Back/Next of one guide (``g:id:n-1`` / ``g:id:n+1``) and Yes/No feedback share a row."""
    a, b = first.split(":"), second.split(":")
    if len(a) != 3 or len(b) != 3 or a[0] != b[0] or a[1] != b[1]:
        return False
    if a[0] == "g" and a[2].isdigit() and b[2].isdigit():
        return abs(int(a[2]) - int(b[2])) == 2
    return a[0] == "f"


def _button(choice: Choice) -> InlineKeyboardButton:
    return InlineKeyboardButton(choice.label, callback_data=choice.action)


@lru_cache(maxsize=1024)  # menus repeat for everyone; PTB's markup objects are immutable, so sharing is safe
def keyboard(choices: tuple[Choice, ...]) -> InlineKeyboardMarkup | None:
    """One button per row, except Back+Next (Back on the left) and Yes+No side by side."""
    usable = []
    for choice in choices:
        if len(choice.action.encode()) > MAX_CALLBACK_DATA:
            log.error("button %r dropped: callback data over 64 bytes: %r", choice.label, choice.action)
        else:
            usable.append(choice)
    rows: list[list[InlineKeyboardButton]] = []
    index = 0
    while index < len(usable):
        choice = usable[index]
        following = usable[index + 1] if index + 1 < len(usable) else None
        if following is not None and _pairs(choice.action, following.action):
            pair = [choice, following]
            if choice.action.startswith("g:"):
                pair.sort(key=lambda c: int(c.action.rsplit(":", 1)[1]))
            rows.append([_button(c) for c in pair])
            index += 2
        else:
            rows.append([_button(choice)])
            index += 1
    return InlineKeyboardMarkup(rows) if rows else None


def _passed_on(bot: Bot, chat_id: int | str, media: Media) -> partial[Coroutine[Any, Any, Message]] | None:
    """Media someone sent, sent again: a Telegram file_id is copied as it is (the same file, no download);
    a Zalo HTTPS URL is fetched by Telegram (a photo as a photo, a Zalo .aac voice note as audio)."""
    url = media.ref.startswith("https://")
    if media.kind == Kind.PHOTO:
        return partial(bot.send_photo, chat_id, media.ref)
    if media.kind == Kind.VOICE:
        return partial(bot.send_audio if url else bot.send_voice, chat_id, media.ref)
    if media.kind == Kind.STICKER and not url:
        return partial(bot.send_sticker, chat_id, media.ref)
    return None


async def send_reply(bot: Bot, chat_id: int | str, reply: Reply, guides_dir: Path) -> None:
    """Send one Reply as one or more messages; the keyboard goes on the last of them."""
    text = reply.text.strip()
    sends: list[partial[Coroutine[Any, Any, Message]]] = []
    if reply.media is not None and (again := _passed_on(bot, chat_id, reply.media)) is not None:
        if text:
            sends.append(partial(bot.send_message, chat_id, text))
            text = ""
        sends.append(again)
    photo = find_image(guides_dir, reply.image)
    if photo is not None:
        fits = len(text) <= MAX_CAPTION
        sends.append(partial(bot.send_photo, chat_id, photo, caption=text if fits and text else None))
        text = "" if fits else text
    for piece in split_text(text, MAX_TEXT) if text else []:
        if piece.strip():
            sends.append(partial(bot.send_message, chat_id, piece))
    if reply.document is not None:
        sends.append(partial(bot.send_document, chat_id, reply.document, filename=reply.document_name or "file"))
    if reply.speech is not None:
        try:
            clip = await reply.speech.clip(AudioFormat.OPUS)
        except SpeechError:
            log.warning("voice note not made; the text was sent", exc_info=True)
        else:
            sends.append(partial(bot.send_voice, chat_id, clip.read_bytes(), filename="buoc.ogg"))
    markup = keyboard(reply.choices)
    for number, send in enumerate(sends, 1):
        await send(reply_markup=markup if number == len(sends) else None)


def chat_ref(chat_id: str) -> int | str:
    """Telegram chat ids are integers; keep anything else (``@channel``) as given."""
    return int(chat_id) if chat_id.lstrip("-").isdigit() else chat_id


class TelegramSender:
    """Delivers replies produced by other people's turns (team alerts, broadcasts) to Telegram chats."""

    numbered = False

    def __init__(self, bot: Bot, guides_dir: Path) -> None:
        self.bot = bot
        self.guides_dir = guides_dir

    async def fetch_media(self, media: Media) -> bytes:
        """Download what someone sent (a photo of an error screen) by its file_id."""
        found = await self.bot.get_file(media.ref)
        if found.file_size is not None and found.file_size > MAX_DOWNLOAD:
            raise ValueError(f"file of {found.file_size} bytes is larger than {MAX_DOWNLOAD}")
        return bytes(await found.download_as_bytearray())

    async def send(self, chat_id: str, reply: Reply) -> None:
        """Deliver REPLY or raise a bot.delivery error (RecipientBlocked, RetryLater, TemporaryFailure)."""
        try:
            await send_reply(self.bot, chat_ref(chat_id), reply, self.guides_dir)
        except Forbidden as exc:
            raise RecipientBlocked(str(exc)) from exc
        except RetryAfter as exc:
            raise RetryLater(retry_seconds(exc), str(exc)) from exc
        except BadRequest:
            raise  # a NetworkError subclass in PTB, but retrying the same request cannot help
        except NetworkError as exc:  # includes TimedOut and 5xx answers
            raise TemporaryFailure(str(exc)) from exc


def retry_seconds(exc: RetryAfter) -> float:
    """RetryAfter.retry_after in seconds (an int today, a timedelta later; reading it warns in PTB 22)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
