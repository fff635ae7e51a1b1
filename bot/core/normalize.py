"""Vietnamese text normalisation: what residents type with or without tones compares equal."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[0-9a-z]+")

# Texting abbreviations residents use (WRITING.md); expanded before matching.
ABBREVIATIONS = {
    "ko": "khong", "k": "khong", "kg": "khong", "hok": "khong", "dc": "duoc", "ntn": "nhu the nao",
    "lm": "lam", "mk": "mat khau", "tk": "tai khoan", "dt": "dien thoai", "dth": "dien thoai",
    "ck": "chuyen khoan", "sdt": "so dien thoai", "ng": "nguoi", "j": "gi", "ib": "nhan tin",
    "cccd": "can cuoc", "cmnd": "can cuoc", "cmt": "can cuoc", "dvc": "dich vu cong", "bhyt": "bao hiem y te",
    "bhxh": "bao hiem xa hoi", "gplx": "bang lai xe", "app": "ung dung", "otp": "ma otp", "vs": "voi",
    "bn": "bao nhieu", "pass": "mat khau", "pw": "mat khau",
    "r": "roi", "z": "vay", "kb": "khong biet", "hk": "khong", "kh": "khong", "k0": "khong", "dk": "dang ky",
    "dky": "dang ky", "stk": "so tai khoan", "tn": "tin nhan", "zl": "zalo", "fb": "facebook", "trc": "truoc",
    "dthoai": "dien thoai", "tkhoan": "tai khoan", "wf": "wifi", "wifi": "wifi", "vneid": "vneid", "chplay": "ch play", "qr": "qr",
}


def storable(text: str) -> str:
    """TEXT without lone surrogates (half an emoji from a broken client), which no database can store."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


def fold(text: str) -> str:
    """NFC, lower case, tones and marks stripped, đ→d: ``Đăng ký`` → ``dang ky``."""
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return text.replace("đ", "d")


_TONED_WORD = re.compile(r"\w+")


def toned_tokens(text: str) -> list[tuple[str, str | None]]:
    """(folded word, the word as typed with its tones or None when typed without) per word, expanded."""
    out: list[tuple[str, str | None]] = []
    for raw in _TONED_WORD.findall(unicodedata.normalize("NFC", text.lower())):
        folded = fold(raw)
        for word in _WORD.findall(folded):
            expansion = ABBREVIATIONS.get(word, word).split()
            typed = raw if raw != folded and len(expansion) == 1 and word == folded else None
            out.extend((w, typed) for w in expansion)
    return out


def tokens(text: str, expand: bool = True) -> list[str]:
    """Folded words; texting abbreviations expanded when ``expand``."""
    words = _WORD.findall(fold(text))
    if not expand:
        return words
    out: list[str] = []
    for word in words:
        out.extend(ABBREVIATIONS.get(word, word).split())
    return out


def normal(text: str) -> str:
    """Folded, abbreviation-expanded words joined by single spaces."""
    return " ".join(tokens(text))
