"""Replies drawn for Zalo: numbered choices, texts ≤ 2,000 characters, photos only by public URL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from urllib.parse import quote

from bot.channels.numbered import render, split_text
from bot.channels.zalo_api import MAX_TEXT
from bot.core.i18n import Catalog
from bot.core.messages import Kind, Reply
from bot.core.speech import Speech

T = Catalog({
    "no_document": {
        "vi": "📎 Zalo chưa cho phép bot gửi tệp, nên mình không gửi được tệp «{name}» ở đây. Bạn dùng bot "
              "trên Telegram hoặc lệnh trên máy tính (CLI) để nhận tệp này nhé.",
        "en": "📎 Zalo does not let bots send files, so “{name}” cannot be sent here. Please use the bot on "
              "Telegram or the command line (CLI) to get this file.",
    },
    "file": {"vi": "tệp đính kèm", "en": "attachment"},
})


@dataclass(frozen=True)
class Outgoing:
    """One Zalo call: a text message or a photo (public URL)."""

    text: str | None = None
    photo: str | None = None
    speech: Speech | None = None  # a voice note: made as AAC and sent by the web side's public URL


def image_url(base_url: str | None, path: str | None) -> str | None:
    """The public URL of an image: a guide path under ``base_url``; None when it cannot be reached."""
    if path and path.startswith("https://"):
        return path  # already public (a broadcast photo given by URL)
    if not base_url or not path or "://" in path:
        return None
    relative = PurePosixPath(path.replace("\\", "/"))
    if relative.is_absolute() or ".." in relative.parts:
        return None
    return f"{base_url.rstrip('/')}/{quote(str(relative))}"


def plan(replies: Sequence[Reply], images_base_url: str | None) -> list[Outgoing]:
    """The calls that show ``replies`` as few messages as possible.

    Only the last reply with choices keeps its numbers: the engine maps a typed digit to the newest
    list, so numbers shown on an earlier list in the same turn would lead somewhere else.
    """
    last_menu = max((i for i, r in enumerate(replies) if r.choices), default=-1)
    out: list[Outgoing] = []
    texts: list[str] = []

    def flush() -> None:
        joined = "\n\n".join(t for t in texts if t.strip())
        texts.clear()
        out.extend(Outgoing(text=piece) for piece in split_text(joined, MAX_TEXT) if piece.strip())

    for index, reply in enumerate(replies):
        media = reply.media
        photo = image_url(images_base_url, reply.image)
        if media is not None and media.kind == Kind.PHOTO and media.ref.startswith("https://"):
            photo = media.ref  # a photo passed on from someone: by its URL, Zalo has no upload
        elif media is not None and media.ref.startswith("https://"):
            reply = replace(reply, text=f"{reply.text}\n{media.ref}")  # a voice note: its link
        if photo:
            flush()  # the picture goes right above the step it illustrates
            out.append(Outgoing(photo=photo))
        shown = reply if index == last_menu else replace(reply, choices=())
        text = render(shown, reply.locale)
        if reply.document is not None:
            name = reply.document_name or T(reply.locale, "file")
            text = f"{text}\n\n{T(reply.locale, 'no_document', name=name)}" if text.strip() else \
                T(reply.locale, "no_document", name=name)
        texts.append(text)
        if reply.speech is not None:
            flush()  # the voice note right below the step it reads
            out.append(Outgoing(speech=reply.speech))
    flush()
    return out
