"""Spot secrets residents should never send: OTPs, ID-card numbers, passwords."""

from __future__ import annotations

import re
from enum import StrEnum

from bot.core.normalize import fold


class Secret(StrEnum):
    OTP = "otp"
    ID_NUMBER = "id_number"
    PASSWORD = "password"


_DIGIT_RUN = re.compile(r"\d[\d .\-]{6,}\d")
_SIX_DIGITS_ALONE = re.compile(r"^\D{0,12}\b\d{6}\b\D{0,12}$")
_OTP_WORDS = re.compile(r"\b(otp|ma xac (thuc|nhan)|ma so|ma kich hoat|passcode|ma pin|pin)\b")
_SHORT_CODE = re.compile(r"\b\d{4,8}\b")
_PASSWORD = re.compile(r"\b(mat khau|mk|pass|password|matkhau)\b\s*(cua (toi|minh|em|tui)\s*)?(la|:|=)\s*\S+")
_PHONE = re.compile(r"^(0|84)\d{9}$")


def find_secret(text: str) -> Secret | None:
    """The kind of secret TEXT seems to contain, or None."""
    folded = fold(text)
    for run in _DIGIT_RUN.findall(folded):
        digits = re.sub(r"\D", "", run)
        if len(digits) in (9, 12) and not _PHONE.match(digits):
            return Secret.ID_NUMBER
    if _PASSWORD.search(folded):
        return Secret.PASSWORD
    if _SIX_DIGITS_ALONE.match(folded.strip()) or (_OTP_WORDS.search(folded) and _SHORT_CODE.search(folded)):
        return Secret.OTP
    return None


def mask_digits(text: str) -> str:
    """Keep only the last three digits of any long number (phone numbers in notes)."""
    return re.sub(r"\d[\d .]{6,}\d", lambda m: "•" * 6 + re.sub(r"\D", "", m.group())[-3:], text)
