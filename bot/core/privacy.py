"""Spot secrets residents should never send — OTPs, ID-card numbers, passwords — and keep them out of storage.

Tested against tests/data/secrets.tsv (realistic secrets and harmless look-alikes: phone numbers, amounts,
dates, "mức 2", step numbers); bench/bench_faults.py prints precision and recall.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from bot.core.messages import Incoming
from bot.core.normalize import fold, storable
from bot.core.privacy_words import (
    ALONE_FILLERS,
    CODE_QUALIFIERS,
    COMMON_WORDS,
    CURRENCY,
    ID_WORDS,
    NOT_ID_CONTEXT,
    PASSWORD_FILLERS,
    PASSWORD_SEPARATORS,
    PASSWORD_WORDS,
    matches_at,
)


class Secret(StrEnum):
    OTP = "otp"
    ID_NUMBER = "id_number"
    PASSWORD = "password"


_MARK = re.compile(r"⟦(otp|id_number|password)⟧")
_RUN = re.compile(r"(?<!\w)\d+(?:[ .\-]\d+)*")
_PHONE = re.compile(r"^(0[1-9]\d{8,9}|84[1-9]\d{8,9}|1[89]00\d{4,6})$")
_STRONG_OTP = re.compile(r"\b(otp|ma xac (thuc|nhan|minh)|ma kich hoat|ma bao mat|passcode|ma pin|code|verification)\b")
_SEND_WORDS = re.compile(r"\b(gui|nhan|doc|nhap)\b")
_ID_WORDS = re.compile(rf"\b({'|'.join(ID_WORDS)})\b")
_NOT_ID = re.compile(rf"\b({'|'.join(NOT_ID_CONTEXT)})\b")
_WORD = re.compile(r"\w+")
_AFTER = re.compile(r" ?([^\W\d_]+|\$)")
_TOKEN = re.compile(r"[:=]|[^\s:=]+")
_SYMBOL = re.compile(r"[@#$%^&*!_+~?]")
# Keys of a platform update that carry what people typed (and their names), for redact().
TEXT_KEYS = frozenset({"text", "caption", "first_name", "last_name", "display_name", "name"})


@dataclass(frozen=True)
class _Run:
    """Digits typed as one number, perhaps in groups: ``0010 9901 2345``, ``123.456.789``, ``48 29 13``."""

    groups: tuple[str, ...]
    before: list[str]  # the folded words just before it, nearest last
    after: str  # the folded word right after it (or the letters stuck to it: "150.000đ")

    @property
    def digits(self) -> str:
        return "".join(self.groups)

    def stretches(self) -> Iterator[str]:
        """The number as a whole and each stretch of equally long groups ("0912345678 001099012345")."""
        yield self.digits
        start = 0
        for index in range(1, len(self.groups) + 1):
            if index == len(self.groups) or len(self.groups[index]) != len(self.groups[start]):
                if index - start < len(self.groups):
                    yield "".join(self.groups[start:index])
                start = index

    @property
    def is_phone(self) -> bool:
        return bool(_PHONE.match(self.digits))

    @property
    def is_date(self) -> bool:
        sizes = [len(g) for g in self.groups]
        if len(sizes) != 3 or sizes[0] > 2 or sizes[1] > 2 or sizes[2] not in (2, 4):
            return False
        day, month = int(self.groups[0]), int(self.groups[1])
        return 1 <= day <= 31 and 1 <= month <= 12

    @property
    def is_money(self) -> bool:
        if self.after in CURRENCY:
            return True
        thousands = len(self.groups) > 1 and all(len(g) == 3 for g in self.groups[1:])
        return thousands and len(self.groups[0]) <= 3 and self.groups[-1] == "000"


def _runs(folded: str) -> list[_Run]:
    runs = []
    for match in _RUN.finditer(folded):
        before = _WORD.findall(folded[max(0, match.start() - 40):match.start()])[-3:]
        after = _AFTER.match(folded, match.end())
        runs.append(_Run(tuple(re.split(r"[ .\-]", match.group())), before, after.group(1) if after else ""))
    return runs


def _cccd_shaped(digits: str) -> bool:
    """A 12-digit citizen number: a province code 001–096, then a century-and-sex digit 0–3."""
    return digits[0] == "0" and 1 <= int(digits[:3]) <= 96 and digits[3] in "0123"


def _has_id_number(folded: str, runs: list[_Run]) -> bool:
    named = bool(_ID_WORDS.search(folded))
    for run in runs:
        if run.is_phone or run.is_money:
            continue
        if not named and _NOT_ID.search(" ".join(run.before)):
            continue
        for digits in run.stretches():
            if _PHONE.match(digits):
                continue
            if len(digits) == 12 and (named or _cccd_shaped(digits)):
                return True
            if len(digits) == 9 and (named or digits[0] in "0123"):
                return True
    return False


def _looks_like_password(raw: str, separated: bool, keyword: str) -> bool:
    word = raw.rstrip(".,;)")
    digits, letters = any(c.isdigit() for c in word), any(c.isalpha() for c in word)
    mixed_case = any(c.isupper() for c in word[1:]) and any(c.islower() for c in word)
    if (_SYMBOL.search(word) and (digits or letters)) or (digits and letters) or (mixed_case and len(word) >= 4):
        return len(word) >= 4
    if keyword == "mk" and not separated:  # "mk" is also texting for "mình" (I): "mk 70 tuổi"
        return False
    if digits:
        return len(word) >= 6 or (separated and len(word) >= 4)
    return separated and len(word) >= 4


def _has_password(text: str) -> bool:
    raw_tokens = _TOKEN.findall(text)
    folded = [fold(token).strip(".,;!?()") for token in raw_tokens]
    for index in range(len(folded)):
        keyword = matches_at(folded, index, PASSWORD_WORDS)
        if keyword is None:
            continue
        position, separated = index + len(keyword.split()), False
        while position < len(folded):
            separator = matches_at(folded, position, PASSWORD_SEPARATORS)
            filler = separator or matches_at(folded, position, PASSWORD_FILLERS)
            if filler is None:
                break
            separated = separated or separator is not None
            position += len(filler.split())
        if position >= len(folded) or folded[position] in COMMON_WORDS or not folded[position]:
            continue
        if _looks_like_password(raw_tokens[position], separated, keyword):
            return True
    return False


def _names_a_code(text: str) -> bool:
    """The word "mã" (code) used for a code someone received, not "mã hồ sơ", "mã bưu chính", "mà"…"""
    words = _WORD.findall(text.lower())
    folded = [fold(word) for word in words]
    for index, word in enumerate(words):
        if word in ("mã", "ma") and matches_at(folded, index + 1, CODE_QUALIFIERS) is None:
            return True
    return False


def _has_otp(text: str, folded: str, runs: list[_Run]) -> bool:
    codes = [(run, digits) for run in runs if not (run.is_phone or run.is_date or run.is_money)
             for digits in run.stretches() if 4 <= len(digits) <= 8]
    if not codes:
        return False
    strong = bool(_STRONG_OTP.search(folded))
    named = strong or _names_a_code(text)
    others = [w for w in _WORD.findall(_RUN.sub(" ", folded)) if not w.isdigit()]
    alone = len(others) <= 2 and all(word in ALONE_FILLERS for word in others)
    sent = bool(_SEND_WORDS.search(folded))
    for _, digits in codes:
        if digits.endswith("000") and not strong:
            continue  # a round amount, a postal code
        if named or (len(digits) == 6 and (alone or sent)):
            return True
    return False


def find_secret(text: str) -> Secret | None:
    """The kind of secret TEXT seems to contain, or None."""
    if "⟦" in text and (mark := _MARK.search(text)):
        return Secret(mark.group(1))
    folded = fold(text)
    runs = _runs(folded)
    if _has_id_number(folded, runs):
        return Secret.ID_NUMBER
    if _has_password(text):
        return Secret.PASSWORD
    if _has_otp(text, folded, runs):
        return Secret.OTP
    return None


def redacted(kind: Secret) -> str:
    """What replaces a secret before anything is stored; find_secret() recognises it again."""
    return f"⟦{kind.value}⟧"


def redact(payload: Any, keys: frozenset[str] = TEXT_KEYS, depth: int = 8) -> tuple[Any, bool]:
    """PAYLOAD (an update as JSON) with every text under KEYS that looks secret replaced; True if any was."""
    if depth <= 0:
        return payload, False
    if isinstance(payload, dict):
        changed, out = False, {}
        for key, value in payload.items():
            if key in keys and isinstance(value, str) and (kind := find_secret(value)) is not None:
                out[key], changed = redacted(kind), True
            else:
                out[key], inner = redact(value, keys, depth - 1)
                changed = changed or inner
        return (out, True) if changed else (payload, False)
    if isinstance(payload, list):
        items = [redact(item, keys, depth - 1) for item in payload]
        if any(inner for _, inner in items):
            return [item for item, _ in items], True
    return payload, False


def cleaned(incoming: Incoming) -> Incoming:
    """INCOMING with text every database can store (no lone surrogates), and no display name that looks like
    a secret (a name is stored and shown to volunteers)."""
    name = storable(incoming.display_name)
    if name and find_secret(name) is not None:
        name = ""
    text = storable(incoming.text) if incoming.text else incoming.text
    media = incoming.media
    if media is not None and media.caption:
        media = replace(media, caption=storable(media.caption))
    if name == incoming.display_name and text == incoming.text and media == incoming.media:
        return incoming
    return replace(incoming, display_name=name, text=text, media=media)


def mask_digits(text: str) -> str:
    """Keep only the last three digits of any long number (phone numbers in notes)."""
    return re.sub(r"\d[\d .]{6,}\d", lambda m: "•" * 6 + re.sub(r"\D", "", m.group())[-3:], text)
