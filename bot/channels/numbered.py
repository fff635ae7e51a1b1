"""Choices for channels without buttons: a numbered list the person answers by typing a digit."""

from __future__ import annotations

from bot.core.i18n import Catalog
from bot.core.messages import Reply

T = Catalog({
    "type": {"vi": "Gõ số để chọn:", "en": "Type a number to choose:"},
    "zero": {"vi": "📋 Danh mục", "en": "📋 Menu"},
})


def render(reply: Reply, locale: str) -> str:
    """The reply's text, "type a number" once, then one numbered line per choice (digits map back)."""
    text = reply.text + (f"\n[{reply.media.kind.value}: {reply.media.ref}]" if reply.media else "")
    if not reply.choices:
        return text
    lines = [T(locale, "type"), *(f"{n}. {choice.label}" for n, choice in enumerate(reply.choices, 1))]
    if not reply.home and not any(choice.action == "m" for choice in reply.choices):
        lines.append(f"0. {T(locale, 'zero')}")
    return text + "\n\n" + "\n".join(lines)


def split_text(text: str, limit: int) -> list[str]:
    """Cut TEXT into pieces of at most LIMIT characters, at line boundaries where possible."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:cut].rstrip())
            line = line[cut:].lstrip()
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current or not pieces:
        pieces.append(current)
    return pieces
