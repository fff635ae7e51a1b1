"""Vietnamese text normalisation: what residents type with or without tones compares equal."""

from __future__ import annotations

import functools
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
    "dthoai": "dien thoai", "tkhoan": "tai khoan", "wf": "wifi", "wifi": "wifi", "vneid": "vneid", "chplay": "ch play",
    "qr": "qr", "dzo": "vao", "coi": "xem", "qa": "qua", "cc": "can cuoc", "dn": "dang nhap", "ud": "ung dung",
    "bt": "biet", "hs": "ho so", "kq": "ket qua", "bs": "bac si", "sk": "suc khoe", "smartphone": "dien thoai",
    # a bank's name stands for "the bank" in every guide about banking apps
    "agribank": "ngan hang", "vietcombank": "ngan hang", "vcb": "ngan hang", "bidv": "ngan hang",
    "vietinbank": "ngan hang", "techcombank": "ngan hang", "mbbank": "ngan hang", "sacombank": "ngan hang",
    "vpbank": "ngan hang", "tpbank": "ngan hang", "acb": "ngan hang", "lpbank": "ngan hang",
}
# Many names for one thing (WRITING.md): phrases folded to the name the guides use, after abbreviations.
SYNONYMS = (
    ("ung dung cua cong an", "vneid"), ("ung dung cong an", "vneid"), ("phan mem", "ung dung"),
    ("chung minh thu", "can cuoc"), ("chung minh nhan dan", "can cuoc"), ("muc mot", "muc 1"), ("muc hai", "muc 2"),
    ("go nham", "nhap sai"), ("go sai", "nhap sai"), ("bam sai", "nhap sai"), ("zalo pay", "zalopay"),
    # spoken names, as voice typing writes them
    ("ve en ai di", "vneid"), ("ve et et ai di", "vssid"), ("ai phon", "iphone"), ("cho play", "ch play"),
    ("mo mo", "momo"),  # not "da lo" for Zalo: it is also "đã lỡ"
)
# Southern and central words, recognised by their tones (without tones "hong" is "hỏng", broken, and "vo" "vỡ").
REGIONAL = {"hông": "khong", "hổng": "khong", "dô": "vao", "vô": "vao", "dzô": "vao", "xài": "dung",
            "lãnh": "nhan", "má": "me"}


def storable(text: str) -> str:
    """TEXT without lone surrogates (half an emoji from a broken client), which no database can store."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


def _strip_marks(text: str) -> str:
    text = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn").replace("đ", "d")


# Every precomposed Latin letter (Vietnamese uses those in U+00C0–U+024F and U+1E00–U+1EFF) to its bare letter, so
# most texts fold in one C-level pass; anything else (letters typed as base + combining mark) takes the long way.
_BARE = str.maketrans({chr(c): _strip_marks(chr(c)) for c in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00))
                       if _strip_marks(chr(c)) != chr(c)})


def fold(text: str) -> str:
    """NFC, lower case, tones and marks stripped, đ→d: ``Đăng ký`` → ``dang ky``."""
    text = text.lower()
    bare = text.translate(_BARE)
    return bare if bare.isascii() else _strip_marks(text)


_TONED_WORD = re.compile(r"\w+")


def toned_tokens(text: str) -> list[tuple[str, str | None]]:
    """(folded word, the word as typed with its tones or None when typed without) per word, expanded."""
    out: list[tuple[str, str | None]] = []
    for raw in _TONED_WORD.findall(unicodedata.normalize("NFC", text.lower())):
        out.extend(_raw_tokens(raw))
    return _synonyms(out)


@functools.lru_cache(maxsize=20_000)  # residents reuse a few thousand words: each is folded and expanded once
def _raw_tokens(raw: str) -> tuple[tuple[str, str | None], ...]:
    if raw in REGIONAL:
        return ((REGIONAL[raw], None),)
    folded = fold(raw)
    out: list[tuple[str, str | None]] = []
    for word in _WORD.findall(folded):
        expansion = ABBREVIATIONS.get(word, word).split()
        typed = raw if raw != folded and len(expansion) == 1 and word == folded else None
        out.extend((w, typed) for w in expansion)
    return tuple(out)


_SYNONYM_WORDS = tuple((tuple(phrase.split()), tuple(name.split())) for phrase, name in SYNONYMS)
_SYNONYM_STARTS = frozenset(phrase[0] for phrase, _ in _SYNONYM_WORDS)


def _synonyms(pairs: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """PAIRS with every phrase of SYNONYMS replaced by the name the guides use (typed without tones)."""
    words = [w for w, _ in pairs]
    out: list[tuple[str, str | None]] = []
    i = 0
    while i < len(pairs):
        found = words[i] in _SYNONYM_STARTS and next(
            ((p, n) for p, n in _SYNONYM_WORDS if tuple(words[i:i + len(p)]) == p), None)
        if found:
            out.extend((w, None) for w in found[1])
            i += len(found[0])
        else:
            out.append(pairs[i])
            i += 1
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
