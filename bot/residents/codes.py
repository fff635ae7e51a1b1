"""Keyword codes ("VNEID2"): printed on posters and handouts, typed into any channel to open a guide.

A code is 3–12 capital letters and digits, starting with a letter and holding at least one digit, so it never
collides with a word residents type in a question ("zalo" stays a search, "ZALO1" opens the guide).
"""

from __future__ import annotations

import re

from bot.core.normalize import fold

_CODE = re.compile(r"^[A-Z][A-Z0-9]{2,11}$")
_TYPED = re.compile(r"[\s\-_.·:]+")
MAX_WORDS = 3  # "mã VNEID2", "nhan VNEID2": a code inside a longer sentence is a question, not a code


def check_code(value: str) -> str:
    """The schema's check: raises ValueError with the rule when VALUE is not a valid code."""
    if not _CODE.match(value) or not any(ch.isdigit() for ch in value):
        raise ValueError(
            "must be 3–12 capital letters and digits, start with a letter and hold a digit (e.g. VNEID2)"
        )
    return value


def code_key(text: str) -> str:
    """How typed text is compared with codes: no accents, case, spaces or dashes ("vneid-2" → "VNEID2")."""
    return _TYPED.sub("", fold(text)).upper()


def candidates(text: str) -> list[str]:
    """The keys a short message might be a code under: the whole message, then each of its words."""
    words = [w for w in _TYPED.split(fold(text).strip()) if w]
    if not words or len(words) > MAX_WORDS:
        return []
    whole = code_key(text)
    return [whole, *(w.upper() for w in words if w.upper() != whole)]


def suggest_code(guide_id: str, taken: set[str]) -> str:
    """A free code for a guide without one: the first part of its id and the smallest free number."""
    stem = re.sub(r"[^A-Z0-9]", "", guide_id.split("-")[0].upper())[:8]
    stem = stem if stem[:1].isalpha() else "G" + stem[:7]
    number = 1
    while f"{stem}{number}" in taken:
        number += 1
    return f"{stem}{number}"
