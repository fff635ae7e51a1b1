"""Message catalogs: Vietnamese first, English second; each feature module owns its own.

Vietnamese has no neutral "you": how the bot names the reader and itself depends on who they are
(bác–cháu, anh–em, bạn–mình). Catalog texts say ``{you}``/``{me}`` (``{You}``/``{Me}`` at the start of a
sentence) and the reader's ``Voice`` fills them in, so one text serves every pair.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LOCALES = ("vi", "en")

# How a resident may ask to be called → (what the bot calls them, what the bot calls itself).
ADDRESS_FORMS: dict[str, tuple[str, str]] = {
    "bac": ("bác", "cháu"), "ong": ("ông", "cháu"), "ba": ("bà", "cháu"), "co": ("cô", "cháu"),
    "chu": ("chú", "cháu"), "anh": ("anh", "em"), "chi": ("chị", "em"), "em": ("em", "mình"),
    "ban": ("bạn", "mình"),
}
# Until someone says how they want to be called: the polite service form, right for any adult.
NEUTRAL = ("anh/chị", "em")
_PRONOUN = re.compile(r"\{(you|me|You|Me)\}")
# Anything written like a placeholder ("{ten}", "{ You }", "{}"); only the four above are filled.
_PLACEHOLDER = re.compile(r"\{\s*\w*\s*\}")


@dataclass(frozen=True)
class Voice:
    """Who is being spoken to: their language and the pronoun pair for them."""

    locale: str
    you: str = NEUTRAL[0]
    me: str = NEUTRAL[1]

    @classmethod
    def of(cls, locale: str, address_as: str | None = None) -> Voice:
        you, me = ADDRESS_FORMS.get(address_as or "", NEUTRAL)
        return cls(locale, you, me)

    def pronouns(self) -> dict[str, str]:
        if self.locale == "en":
            return {"you": "you", "me": "me", "You": "You", "Me": "I"}
        return {"you": self.you, "me": self.me, "You": _capital(self.you), "Me": _capital(self.me)}


def address(text: str, voice: Voice) -> str:
    """TEXT written for anyone (guide files) with its pronoun placeholders filled from VOICE.

    Only ``{you}``, ``{me}``, ``{You}`` and ``{Me}`` are replaced; any other brace stays as written, so a
    text is never broken by what it happens to contain (``str.format`` would raise on a lone brace).
    """
    names = voice.pronouns()
    return _PRONOUN.sub(lambda found: names[found.group(1)], text)


def unknown_placeholders(text: str) -> list[str]:
    """The placeholders in TEXT that ``address`` would leave unfilled: ``{ten}``, ``{ban}``, ``{}``."""
    return [found for found in _PLACEHOLDER.findall(text) if not _PRONOUN.fullmatch(found)]


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:]


class Catalog:
    """``T(locale or voice, key, **values)``: the text in that locale, falling back to Vietnamese."""

    def __init__(self, entries: dict[str, dict[str, str]]) -> None:
        for key, texts in entries.items():
            if "vi" not in texts:
                raise ValueError(f"catalog entry {key!r} has no Vietnamese text")
        self._entries = entries

    def __call__(self, reader: str | Voice, key: str, /, **values: object) -> str:
        voice = reader if isinstance(reader, Voice) else Voice(reader)
        texts = self._entries[key]
        text = texts.get(voice.locale) or texts["vi"]
        if _PRONOUN.search(text):
            return text.format(**{**voice.pronouns(), **values})
        return text.format(**values) if values else text

    def keys(self) -> list[str]:
        return list(self._entries)
