"""Reading what members type into a log: counts, names, households, secrets masked, one-line forms."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.normalize import fold, tokens
from bot.core.privacy import find_secret, mask_digits
from bot.residents.library import GuideLibrary

MAX_NAMES = 120
MAX_HOUSEHOLD = 80
MAX_NOTE = 300
MAX_OTHER = 80
MAX_PEOPLE = 500

_SPACES = re.compile(r"\s+")
_CODE = re.compile(r"\d{4,}")
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\+|\bvà\b|\bva\b)\s*", re.IGNORECASE)
_LETTER_DIGIT = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")
# Words that open a household label and carry nothing: "hộ", "nhà", "gia đình".
_HOUSEHOLD_LEAD = {"ho", "nha", "cua"}
# Kinship words Vietnamese put before a name: "bà Lan", "ông Tư", "chị Hoa".
KIN = {"ba", "ong", "co", "chu", "bac", "anh", "chi", "em", "chau", "cu", "di", "thim", "mo", "o", "duong"}
_FOR_THEM = (("lam", "ho"), ("lamho",))
_SELF = (("tu", "lam"), ("tulam",))
_PEOPLE_WORDS = {"nguoi", "ng"}


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


def count_names(names: str) -> int:
    return len([part for part in _NAME_SPLIT.split(names) if part.strip()])


@dataclass(frozen=True)
class QuickLog:
    """What a one-line /log says: an exact guide id, or words to search, plus count, names and mode."""

    guide_id: str | None
    query: str
    count: int | None
    names: str
    mode: str | None


def _take_phrase(words: list[str], phrases: tuple[tuple[str, ...], ...]) -> bool:
    folded = [fold(w).strip(",.;:()") for w in words]
    for phrase in phrases:
        for start in range(len(words) - len(phrase) + 1):
            if tuple(folded[start:start + len(phrase)]) == phrase:
                del words[start:start + len(phrase)]
                return True
    return False


def _take_count(words: list[str]) -> int | None:
    for index, word in enumerate(words):
        if re.fullmatch(r"\d{1,4}", word):
            after = fold(words[index + 1]) if index + 1 < len(words) else ""
            value = int(word)
            if 1 <= value <= MAX_PEOPLE:
                del words[index:index + (2 if after in _PEOPLE_WORDS else 1)]
                return value
    return None


def _take_names(words: list[str]) -> str:
    """Names after "cho" ("… cho bà Lan, ông Tư"), else kinship word + capitalised name pairs."""
    folded = [fold(w) for w in words]
    if "cho" in folded[1:]:
        at = folded.index("cho", 1)
        names = " ".join(words[at + 1:])
        del words[at:]
        return names.strip(" ,")
    found: list[str] = []
    index = 0
    while index < len(words) - 1:
        if folded[index] in KIN and words[index + 1][:1].isupper():
            found.append(f"{words[index]} {words[index + 1].rstrip(',')}")
            del words[index:index + 2]
            del folded[index:index + 2]
        else:
            index += 1
    return ", ".join(found)


def parse_quick(args: str, library: GuideLibrary) -> QuickLog:
    """``vneid-level2 2 bà Lan, ông Tư`` (exact id) or ``cài vneid cho bà Lan`` (words for the search)."""
    words = args.split()
    mode = "for_them" if _take_phrase(words, _FOR_THEM) else ("self" if _take_phrase(words, _SELF) else None)
    if words and library.get(words[0].lower()) is not None:
        guide_id = words.pop(0).lower()
        count = None
        if words and re.fullmatch(r"\d{1,4}", words[0]):
            count = int(words.pop(0))
            if words and fold(words[0]) in _PEOPLE_WORDS:
                words.pop(0)
        return QuickLog(guide_id, "", count, " ".join(words).strip(" ,"), mode)
    count = _take_count(words)
    names = _take_names(words)
    if count is None and names:
        count = count_names(names)
    return QuickLog(None, " ".join(words), count, names, mode)
