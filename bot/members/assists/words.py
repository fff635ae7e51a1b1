"""The words members use around an assist: people, households, places, times, and what is not a name.

Everything is compared without tones (``fold``); where a word without tones means something else with them
("chữ" and "chú", "có" and "cô", "ở" and the central "o"), the typed form is checked as well.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.core.normalize import fold


class Phrases:
    """Phrases of folded words, looked up by their first word (the reader tries them at every word)."""

    def __init__(self, *phrases: tuple[str, ...]) -> None:
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            self.by_first.setdefault(phrase[0], []).append(phrase)


# Kinship words Vietnamese put before a name: "bà Lan", "ông Tư", "chị Hoa". Value: the typed forms allowed
# (None: any), so "chữ to" (letters) is never "chú To" and "có 3 người" never "cô".
KIN: dict[str, frozenset[str] | None] = {
    "ba": None, "ong": None, "anh": None, "em": None, "bac": frozenset({"bác", "bac"}),
    "co": frozenset({"cô", "co"}), "chu": frozenset({"chú", "chu"}), "chi": frozenset({"chị", "chi"}),
    "chau": frozenset({"cháu", "chau"}), "cu": frozenset({"cụ", "cu"}), "di": frozenset({"dì", "di"}),
    "thim": None, "mo": frozenset({"mợ"}), "o": frozenset({"o"}), "duong": frozenset({"dượng"}),
    "be": frozenset({"bé", "be"}), "con": frozenset({"con"}),
}
# Words after a kinship word that make a person without a name: "bà cụ", "bác gái", "ông cụ".
UNNAMED = {"cu", "gai", "trai", "gia", "ba", "ong"}
# Two people at once: "ông bà Tư", "vợ chồng anh Lực", "anh chị Hải".
COUPLES = Phrases(("vo", "chong"), ("ong", "ba"), ("anh", "chi"), ("co", "chu"), ("chu", "thim"), ("bo", "me"))
# "con bà Lan", "cháu ông Tư": someone known through a relative.
RELATIONS = {"con", "chau", "vo", "chong", "me", "bo"}
# Household heads are often named in full: a family name opens the name.
SURNAMES = frozenset(fold(s) for s in (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Lò Lường Hà Đinh Mai Trịnh Đào Cao "
    "Lâm Vi Hứa Giàng Vàng Sùng Thào Mùa Lầu Triệu Tạ Chu Quách Lưu Tô Đoàn Kiều Lương Nông Cầm Tòng Quàng"
).split())
# Given names that are also ordinary words; they stay names after a kinship word.
COMMON_NAMES = frozenset(
    "lan hoa tu ba nam hai sau bay tam chin muoi mot hung nu khai thuy hanh mai an binh son tam thanh minh "
    "phuc tai duc loi ky hong huong tien dung ngoc thu nga yen linh vy khanh dat lam quang hieu kien sang "
    "hien phong trung bao tin xuan luc thao nhung lieu dinh quy sinh loc trang".split()
)
# Words that say where a village begins: "xóm Chùa", "thôn 3", "bản Phiêng", "ấp Tân Hòa".
PLACE_WORDS: dict[str, frozenset[str] | None] = {
    "xom": None, "thon": None, "to": frozenset({"tổ"}), "ap": frozenset({"ấp"}), "ban": frozenset({"bản"}),
    "buon": None, "lang": frozenset({"làng"}), "khu": None, "khom": None, "doi": frozenset({"đội"}),
    "tdp": None, "kp": None,
}
# Venues: where the help happened, kept as a note. The first set is unambiguous; the second needs "ở"/"tại".
VENUES = Phrases(("nha", "van", "hoa"), ("nha", "sinh", "hoat", "cong", "dong"), ("nha", "sinh", "hoat"),
          ("hoi", "truong"), ("ubnd",), ("uy", "ban"), ("tru", "so"), ("diem", "buu", "dien"), ("buu", "dien"),
          ("tram", "y", "te"), ("nha", "tho"))
NEAR_VENUES = Phrases(("cho",), ("nha",), ("truong",), ("chua",), ("dinh",), ("quan",), ("cua", "hang"))
VENUE_TAIL = {"xa", "thon", "xom", "ban", "ap"}
AT = {"ở": "o", "o": "o", "tại": "tai", "tai": "tai"}
# Times; those about today carry nothing (the record's time says it) and are dropped.
TODAY = Phrases(("sang", "nay"), ("chieu", "nay"), ("toi", "nay"), ("trua", "nay"), ("hom", "nay"), ("nay",))
EARLIER = Phrases(("hom", "qua"), ("sang", "qua"), ("chieu", "qua"), ("toi", "qua"), ("hom", "kia"))
DAY_PARTS = {"sang", "chieu", "toi", "trua"}
HOURS = {"h", "g", "gio"}
# Numbers that belong to the task, not to people: "mức 2", "bước 3", "mã 6 số".
TASK_NUMBER = {"muc", "buoc", "cap", "level", "lv", "lan", "ma", "phan", "trang", "ver", "phien"}
NUMBER_WORDS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8,
                "chin": 9, "muoi": 10}
PEOPLE = Phrases(("nguoi", "dan"), ("ba", "con"), ("hoc", "vien"), ("nguoi",), ("ng",), ("khach",), ("ho",), ("cu",))
PERSONS = Phrases(("nguoi", "dan"), ("ba", "con"), ("hoc", "vien"), ("nguoi",))  # after "ba" it is three people
MORE = {"nua", "khac"}
# Who did it: done for them, or the resident did it with guidance (the default).
FOR_THEM = Phrases(("lam", "ho"), ("lam", "giup"), ("lam", "gium"), ("lam", "dum"), ("lam", "thay"))
SELF = Phrases(("tu", "lam"), ("huong", "dan"), ("hd",))
SELF_TYPED = {"tự", "chỉ", "dạy"}
ON_BEHALF = {"ho", "gium", "dum"}
HO_NOUNS = {"chieu", "khau", "tich", "ngheo", "kinh", "so"}  # "làm hộ chiếu" is a passport, not "for them"  # "cài vneid hộ ông Ba": for him
# Household openers: "hộ ông Ba", "nhà bà Lan", "gia đình anh Tư", "cả nhà chị Hoa".
HOUSEHOLD = Phrases(("ho", "gia", "dinh"), ("ho", "gd"), ("hgd",), ("gia", "dinh"), ("gd",), ("ho",), ("nha",))
HOUSEHOLD_TYPED = {"ho": frozenset({"hộ", "ho"}), "nha": frozenset({"nhà", "nha"})}
WHOLE_FAMILY = ("ca", "nha")
# Before a person or household: "cho bà Lan", "giúp ông Tư". Before "hộ", they make it a household.
LINKS = {"cho", "giup", "gium", "voi", "cua", "o", "tai"}
# Words around a record that are not the task: "đã", "xong", "ok"; pronouns opening a line.
FILLERS = Phrases(("thanh", "cong"), ("lam", "lai"), ("ho", "tro"), ("da",), ("xong",), ("roi",), ("ok",), ("oke",),
           ("ht",), ("giup",), ("gium",), ("nhe",), ("luot",), ("viec",), ("nguoi", "dan"), ("ba", "con"),
           ("cho",), ("day",))
OPENERS = {"em", "minh", "toi", "tui", "chau", "con"}
SAME_TASK = Phrases(("cung", "vay"), ("cung", "the"), ("nhu", "tren"), ("tuong", "tu"))
# Words that are never a name after a kinship word (task words, connectors).
NOT_NAMES = frozenset(
    "cho cai tai dang kich quen doi chuyen nop mo lam huong xem goi nap tra dong quet thanh tich in tao lay "
    "vneid vssid zalo qr momo dvc app ung dung dien thoai may mat khau passcode muc buoc cach nhan biet hoc "
    "va voi o tai ve len xuong nha ho gia dinh ca nguoi con chau chu so wifi mang bang the hoa don tien "
    "chup sua ket noi bat phong chinh dinh danh tk mk sdt cccd nguoi".split()
) - {"hoa", "dinh"}

# A question, not a record: "làm sao đăng nhập…", "cài vneid ntn?", "… được không".
_QUESTION = re.compile(r"^(lam sao|lam the nao|cach nao|cach|tai sao|sao|vi sao|the nao|co ai)\b"
                       r"|\b(nhu the nao|the nao|ntn|o dau|bao gio|duoc khong|dc ko|duoc ko|khong a|la gi)\b")
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")
_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


@dataclass(frozen=True)
class Tok:
    """A word as typed (``raw``), lower-cased (``low``) and without tones (``f``)."""

    raw: str
    low: str
    f: str

    @property
    def cap(self) -> bool:
        return self.raw[:1].isupper()

    @property
    def number(self) -> int | None:
        return int(self.f) if self.f.isdigit() and len(self.f) <= 4 else None


def tokenise(text: str, ids: frozenset[str] = frozenset()) -> list[Tok]:
    """Words of TEXT; digits glued to letters are split ("muc2", "14h") unless the word is a guide id."""
    out: list[Tok] = []
    for word in _TOKEN.findall(text):
        parts = [word] if word.lower() in ids else _LETTER_DIGIT.sub(" ", word).split()
        out.extend(Tok(p, p.lower(), fold(p)) for p in parts)
    return out


def typed_as(tok: Tok, allowed: Mapping[str, frozenset[str] | None]) -> bool:
    """TOK is one of ALLOWED's words, in a typed form that means it."""
    if tok.f not in allowed:
        return False
    forms = allowed[tok.f]
    return forms is None or tok.low in forms


def is_question(text: str) -> bool:
    """Whether TEXT asks something rather than reports it (it goes to the guides, never into a record)."""
    return "?" in text or bool(_QUESTION.search(fold(text).strip()))


def village_key(name: str) -> str:
    """A village name compared loosely: no tones, no "thôn/xóm/…" in front, number words as digits."""
    words = fold(name).split()
    while len(words) > 1 and words[0] in PLACE_WORDS:
        del words[0]
    if len(words) == 1 and words[0] in NUMBER_WORDS:
        return str(NUMBER_WORDS[words[0]])
    return " ".join(words)


def match_village(text: str, villages: Sequence[tuple[str, str]]) -> str | None:
    """The code of the one village (code, name) whose name TEXT spells, ignoring tones and prefixes."""
    wanted = village_key(text)
    if not wanted:
        return None
    found = [code for code, name in villages if village_key(name) == wanted]
    return found[0] if len(found) == 1 else None
