"""Replies drawn for a Zalo OA: buttons (5 a message), pictures and files uploaded, text in 2,000-character pieces.

Every message sent costs one of the 8 free replies a person's message allows, so texts are merged where
they can be. Choices become ``oa.query.hide`` buttons whose payload comes back as text; a longer menu is
split over a few messages of 5 buttons, and a very long one (the last of the turn) is numbered instead:
the engine remembers it, so typed digits work as on the Bot Platform.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bot.channels.images import find_image
from bot.channels.numbered import render, split_text
from bot.channels.zalo_oa_api import MAX_BUTTON_TITLE, MAX_BUTTONS, MAX_FILE, MAX_TEXT
from bot.channels.zalo_oa_events import BUTTON_PREFIX
from bot.core.i18n import Catalog
from bot.core.messages import Choice, Kind, Reply

MAX_BUTTON_MESSAGES = 3  # up to 15 choices as buttons; more are numbered
_PICTURES = (".png", ".jpg", ".jpeg")

T = Catalog({
    "more": {"vi": "Lựa chọn khác:", "en": "More choices:"},
    "choose": {"vi": "Mời chọn:", "en": "Please choose:"},
    "file": {"vi": "tệp đính kèm", "en": "attachment"},
    "file_too_big": {
        "vi": "📎 Tệp «{name}» lớn hơn 5 MB nên Zalo không gửi được. Bạn thu hẹp khoảng thời gian hoặc địa bàn "
              "rồi xuất lại, hoặc xuất bằng lệnh trên máy tính (CLI) nhé.",
        "en": "📎 “{name}” is larger than 5 MB, which Zalo cannot carry. Export a shorter period or a smaller "
              "area, or use the command line (CLI).",
    },
})


@dataclass(frozen=True)
class Part:
    """One OA message: text (with up to 5 buttons), a picture, or a file."""

    text: str | None = None
    buttons: tuple[Choice, ...] = ()
    image_url: str | None = None  # a public https address Zalo fetches itself
    image_path: Path | None = None  # a guide picture: uploaded first
    image_data: bytes | None = None  # a picture made by the bot (a report's chart): uploaded first
    file: bytes | None = None
    file_name: str | None = None
    locale: str = "vi"


def plan(replies: Sequence[Reply], guides_dir: Path) -> list[Part]:
    """The messages that show REPLIES, in order."""
    last_menu = max((i for i, r in enumerate(replies) if r.choices), default=-1)
    parts: list[Part] = []
    pending: list[str] = []
    locale = replies[0].locale if replies else "vi"

    def flush() -> None:
        joined = "\n\n".join(t for t in pending if t.strip())
        pending.clear()
        parts.extend(Part(text=piece, locale=locale) for piece in split_text(joined, MAX_TEXT) if piece.strip())

    for index, reply in enumerate(replies):
        locale = reply.locale
        media = reply.media  # something passed on from someone (a relay): Zalo hosts it at an https address
        if media is not None and media.ref.startswith("https://") and media.kind != Kind.PHOTO:
            reply = replace(reply, text=f"{reply.text}\n{media.ref}")  # a voice note or file: its link
        picture = _picture(reply, guides_dir)
        if picture is not None:
            flush()  # the picture goes right above the step it illustrates
            parts.append(picture)
        if not reply.choices:
            pending.append(reply.text)
        else:
            numbered = len(reply.choices) > MAX_BUTTONS * MAX_BUTTON_MESSAGES and index == last_menu
            if numbered:
                pending.append(render(reply, locale))
            else:
                pending.append(reply.text)
                parts.extend(_with_buttons(pending, reply.choices, locale))
                pending.clear()
        if reply.document is not None:
            flush()
            name = reply.document_name or T(locale, "file")
            if name.lower().endswith(_PICTURES):  # a chart goes as a picture: Zalo shows it in the chat
                parts.append(Part(image_data=reply.document, file_name=name, locale=locale))
            elif len(reply.document) > MAX_FILE:
                parts.append(Part(text=T(locale, "file_too_big", name=name), locale=locale))
            else:
                parts.append(Part(file=reply.document, file_name=name, locale=locale))
    flush()
    return parts


def _picture(reply: Reply, guides_dir: Path) -> Part | None:
    media = reply.media
    if media is not None and media.kind == Kind.PHOTO and media.ref.startswith("https://"):
        return Part(image_url=media.ref, locale=reply.locale)
    if not reply.image:
        return None
    if reply.image.startswith("https://"):
        return Part(image_url=reply.image, locale=reply.locale)
    path = find_image(guides_dir, reply.image)
    return Part(image_path=path, locale=reply.locale) if path is not None else None


def _with_buttons(texts: list[str], choices: Sequence[Choice], locale: str) -> list[Part]:
    pieces = [p for p in split_text("\n\n".join(t for t in texts if t.strip()), MAX_TEXT) if p.strip()]
    lead = pieces.pop() if pieces else T(locale, "choose")
    parts = [Part(text=p, locale=locale) for p in pieces]
    for start in range(0, len(choices), MAX_BUTTONS):
        text = lead if start == 0 else T(locale, "more")
        parts.append(Part(text=text, buttons=tuple(choices[start:start + MAX_BUTTONS]), locale=locale))
    return parts


def message(part: Part, attachment: str | None = None) -> dict[str, Any]:
    """The ``message`` object of a send; ATTACHMENT is the uploaded picture's id or the file's token."""
    if part.file is not None:
        return {"attachment": {"type": "file", "payload": {"token": attachment}}}
    if part.image_url or part.image_path or part.image_data:
        element = {"media_type": "image", **({"attachment_id": attachment} if attachment else {"url": part.image_url})}
        return {"attachment": {"type": "template", "payload": {"template_type": "media", "elements": [element]}}}
    if part.buttons:
        buttons = [{"type": "oa.query.hide", "title": c.label[:MAX_BUTTON_TITLE], "payload": BUTTON_PREFIX + c.action}
                   for c in part.buttons]
        return {"attachment": {"type": "template", "payload": {
            "template_type": "button", "text": part.text or "", "buttons": buttons}}}
    return {"text": part.text or ""}
