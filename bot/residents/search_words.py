"""The words of a question or an alias as search sees them: stopwords, polite frames, pronouns, sentence ends and
the word pairs that carry a topic."""

from __future__ import annotations

import re
from itertools import pairwise

from bot.core.normalize import toned_tokens

# Words that carry no topic: question scaffolding, kinship terms and politeness ("bà hỏi cháu với ạ").
STOPWORDS = frozenset(
    "a ah ak ai anh ba bac bi bo cach can chau chi cho co con cua cac da de di dang day duoc em gi giup "
    "ha hay hoi huong dan khi khong kieu la lam lai len ma me minh muon nao nay neu nhe nhu nhung no o oi ong "
    "phai roi sao se thi the thu toi tren trong tu u va vao vay ve voi vs xin nua dau nhieu qua rat "
    "ca nha moi gium dum lieu hoac chao alo hello hi uh uhm vang oke "
    # linking and time words of a story ("vẫn chưa", "hôm qua", "bây giờ", "cũng"); pairs with them still count
    "van cung luc gio hom luon nen boi ra xong chua tui chung ta hoai ay kia nhanh".split()
)
# Typed with tones these call a person and name no topic; without tones they may be topic words: "ban" may be "bán"
# (to sell), "chu" "chữ" (text), "cu" "cũ" (old), "cau" "câu" (question).
PRONOUNS = frozenset({"bạn", "chú", "cụ", "cậu", "dì", "thím", "mợ"})
STOPWORDS |= PRONOUNS
# Politeness and filler that surround real questions; dropped as whole phrases (single words above).
FRAMES = tuple(tuple(f.split()) for f in (
    "mong duoc giai dap", "mong nhan duoc", "xin giai dap", "giai dap giup", "xin cam on", "cam on", "thank you",
    "xin hoi", "cho hoi", "vui long", "lam on", "hay khong", "duoc khong", "nhu the nao", "the nao",
    "bang cach nao", "thong qua", "xu ly", "ra sao", "o dau", "la gi", "tai sao", "vi sao", "lam sao",
    "phai lam gi", "can lam gi",
))
_FRAME_STARTS = frozenset(frame[0] for frame in FRAMES)


def strip_frames(words: list[str]) -> list[str]:
    """The words without polite frames and filler phrases."""
    out: list[str] = []
    i = 0
    while i < len(words):
        frame = words[i] in _FRAME_STARTS and next((f for f in FRAMES if tuple(words[i:i + len(f)]) == f), None)
        if frame:
            out.append("\x00")  # a word pair never spans a dropped frame
            i += len(frame)
        else:
            out.append(words[i])
            i += 1
    return out


# A sentence's end; not a comma, which often lists ("khám, chữa bệnh").
_CLAUSE = re.compile(r"[.;:!?]+(?:\s|$)|[\n()\"“”]")


def clause_tokens(text: str) -> list[tuple[str, str | None]]:
    """toned_tokens with a break between sentences: "…chưa có vneid. Tải ở đâu" pairs no "vneid tải"."""
    out: list[tuple[str, str | None]] = []
    for clause in _CLAUSE.split(text):
        if out:
            out.append(("\x00", None))
        out.extend((typed if typed in PRONOUNS else word, typed) for word, typed in toned_tokens(clause))
    return out


def word_terms(words: list[str]) -> set[str]:
    """Content words plus adjacent pairs (a pair of two stopwords says nothing)."""
    terms = {w for w in words if w not in STOPWORDS and w != "\x00"}
    for a, b in pairwise(words):
        if "\x00" not in (a, b) and (a not in STOPWORDS or b not in STOPWORDS):
            terms.add(f"{min(a, b)}_{max(a, b)}")
    return terms
