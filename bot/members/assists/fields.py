"""Cleaning what members type into a log: secrets masked or refused, households keyed, counts read."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.normalize import fold, tokens
from bot.core.privacy import find_secret, mask_digits

MAX_NAMES = 120
MAX_HOUSEHOLD = 80
MAX_NOTE = 300
MAX_OTHER = 80
MAX_PEOPLE = 500

_SPACES = re.compile(r"\s+")
_CODE = re.compile(r"\d{4,}")
_LETTER_DIGIT = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")
# Words that open a household label and carry nothing: "hộ", "nhà", "gia đình".
_HOUSEHOLD_LEAD = {"ho", "nha", "cua"}


@dataclass(frozen=True)
class Cleaned:
    """Text fit to store, or None with the reason; ``masked`` means digits were hidden."""

    text: str | None
    masked: bool = False
    secret: bool = False
    too_long: bool = False


def clean(text: str, limit: int) -> Cleaned:
    """Collapse spaces, mask long numbers (phone, ID) and refuse what still looks like a secret."""
    text = _SPACES.sub(" ", text).strip()
    masked_text = mask_digits(text)
    if find_secret(masked_text) is not None:
        masked_text = _CODE.sub(lambda m: "•" * len(m.group()), masked_text)
    if find_secret(masked_text) is not None:
        return Cleaned(None, secret=True)
    if len(masked_text) > limit:
        return Cleaned(None, too_long=True)
    return Cleaned(masked_text, masked=masked_text != text)


def household_key(label: str) -> str:
    """A label normalised so one household is counted once: "Hộ ông Tư, xóm 3" = "nha ong tu - xom3"."""
    words = tokens(_LETTER_DIGIT.sub(" ", fold(label)), expand=False)
    while words:
        if words[:2] == ["gia", "dinh"]:
            del words[:2]
        elif words[0] in _HOUSEHOLD_LEAD:
            del words[0]
        else:
            break
    return " ".join(words)


def parse_count(text: str) -> int | None:
    """A number of people from 1 to 500, or None."""
    match = re.fullmatch(r"\s*(\d{1,4})\s*(nguoi|ng|người)?\s*", text.lower())
    if not match:
        return None
    value = int(match.group(1))
    return value if 1 <= value <= MAX_PEOPLE else None
