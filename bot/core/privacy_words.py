"""Words the secret filter reads around numbers and after "mật khẩu", folded (no tones, đ → d)."""

from __future__ import annotations

from collections.abc import Sequence

# Naming an ID card anywhere in a message makes any 9- or 12-digit number in it an ID number.
ID_WORDS = ("cccd", "cmnd", "cmt", "can cuoc", "chung minh", "dinh danh")
# Numbers after these words are something else: an order, a bank account, a dossier, a tax code, a plate.
NOT_ID_CONTEXT = ("don hang", "van don", "tai khoan", "stk", "tk", "hoa don", "giao dich", "ho so", "mst",
                  "so thue", "so nha", "bien so", "phien ban", "buu chinh", "buu dien")
# Letters after an amount: "150.000đ", "500k", "2 triệu", "1.200.000 vnd".
CURRENCY = ("d", "dong", "vnd", "k", "nghin", "ngan", "trieu", "tr", "ty", "ti", "usd", "$")

# "mã" followed by these is not a code someone received: "mã hồ sơ", "mã bưu chính", "mã QR", "mã số thuế".
CODE_QUALIFIERS = frozenset({
    "ho so", "buu chinh", "buu dien", "so thue", "tinh", "xa", "huyen", "qr", "vach", "giam gia",
    "khuyen mai", "don hang", "van don", "giao dich", "lop", "bai", "mau", "vung", "nganh", "hang", "san pham",
    "dinh danh", "tuy",
})
# A lone code with at most two of these around it is still just a code: "112233 nè", "654321 ạ".
ALONE_FILLERS = frozenset({
    "ne", "a", "day", "nhe", "nha", "ma", "ok", "roi", "do", "la", "cua", "toi", "minh", "con", "chau", "oi",
    "ha", "em", "ba", "ong", "co", "chu", "bac", "me", "so",
})

PASSWORD_WORDS = frozenset({"mat khau", "matkhau", "mk", "pass", "password", "passwd", "pw", "mat ma"})
# Between the keyword and the password: whose, which account, "là", ":".
PASSWORD_SEPARATORS = frozenset({"la", ":", "=", "dat", "nhu sau", "la:"})
PASSWORD_FILLERS = frozenset({
    "cua", "toi", "minh", "em", "tui", "chau", "con", "ba", "ong", "co", "chu", "bac", "me", "bo", "anh", "chi",
    "moi", "cu", "vneid", "zalo", "wifi", "nha", "ngan hang", "dvc", "dich vu cong", "tai khoan", "dang nhap",
    "ung dung", "app", "facebook", "fb", "gmail", "email", "icloud", "id", "ne", "day", "cua ba", "cua toi",
    "vao", "the", "atm",
})
# A word after "mật khẩu" that says something about it rather than being it: "mật khẩu sai", "… là gì".
COMMON_WORDS = frozenset({
    "khong", "ko", "k", "sai", "dung", "bi", "quen", "doi", "nhap", "nhu", "nao", "sao", "gom", "co", "can",
    "phai", "may", "bao", "nhieu", "ky", "tu", "so", "chu", "manh", "yeu", "de", "roi", "thi", "duoc", "het",
    "han", "khoa", "gi", "dai", "ngan", "thuong", "va", "hay", "hoac", "cung", "lai", "nua", "xong", "trong",
    "ngoai", "ra", "o", "tren", "duoi", "cho", "voi", "den", "tai", "vi", "nen", "neu", "khi", "luc", "nay",
    "kia", "ay", "a", "ah", "nhe", "nhi", "vay", "ha", "oi", "giup", "lam", "hoi", "biet", "nho", "tao", "lay",
    "gui", "nhan", "xem", "thay", "tim", "chua", "da", "se", "dang", "vua", "van", "hien", "qua", "mat", "lo",
    "the", "ma", "phan", "luon", "moi", "hoa", "it", "nhat", "bang", "toi", "khac", "giong", "truoc", "sau",
})


def matches_at(words: Sequence[str], index: int, phrases: frozenset[str]) -> str | None:
    """The phrase of PHRASES (one to three words) that starts at WORDS[INDEX], longest first."""
    for size in (3, 2, 1):
        if index + size <= len(words):
            phrase = " ".join(words[index:index + size])
            if phrase in phrases:
                return phrase
    return None
