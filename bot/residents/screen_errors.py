"""Match the text read from a photo of a phone screen to the guides' troubleshooting entries.

Troubleshooting entries quote the error texts residents see («Kết nối tới hệ thống thất bại»). OCR of a
blurred photo drops or confuses letters, so quoted texts are matched by fuzzy partial ratio on folded text
(no tones, lower case); an entry without quotes can still match on its whole problem sentence, less readily.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.core.normalize import fold
from bot.residents.guides import Guide, Trouble

QUOTED = re.compile(r"[«“\"]([^»”\"]{6,120})[»”\"]")
QUOTE_MATCH = 82  # partial ratio a quoted error text needs on the folded OCR text
SENTENCE_MATCH = 90  # a bare problem sentence needs more: it was not written to be seen on screen
SHORT_TEXT, SHORT_MATCH = 10, 95  # a short quoted text ("Cỡ chữ") must be read almost exactly
MIN_LETTERS = 6  # fewer readable letters than this: nothing was read


@dataclass(frozen=True)
class ScreenMatch:
    guide: Guide
    trouble: Trouble
    quoted: str  # the error text as the guide quotes it, or the problem sentence
    score: float


def _clean(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", fold(text)).split())


def quoted_texts(trouble: Trouble) -> list[str]:
    return [q.strip() for q in QUOTED.findall(trouble.problem.vi)]


def shown_errors(trouble: Trouble) -> list[str]:
    """Quoted texts the guide says a screen shows ('Ứng dụng báo "…"'), as opposed to quoted menu names."""
    problem = fold(trouble.problem.vi)
    return quoted_texts(trouble) if re.search(r"\b(bao|hien|hien ra|thong bao|man hinh)\b", problem) else []


def match_screen(guides: dict[str, Guide], screen_text: str, prefer: str | None = None) -> ScreenMatch | None:
    """The troubleshooting entry whose error text is on the screen; PREFER breaks ties (the open guide)."""
    screen = _clean(screen_text)
    if sum(ch.isalpha() for ch in screen) < MIN_LETTERS:
        return None
    best: ScreenMatch | None = None
    for guide in guides.values():
        for trouble in guide.troubleshooting:
            for quoted in quoted_texts(trouble):
                needle = _clean(quoted)
                score = fuzz.partial_ratio(needle, screen) if len(needle) <= len(screen) else fuzz.ratio(needle, screen)
                best = _better(best, ScreenMatch(guide, trouble, quoted, score), QUOTE_MATCH, prefer)
            sentence = _clean(trouble.problem.vi)
            score = fuzz.token_set_ratio(sentence, screen)
            best = _better(best, ScreenMatch(guide, trouble, trouble.problem.vi, score), SENTENCE_MATCH, prefer)
    return best


def _better(best: ScreenMatch | None, candidate: ScreenMatch, needed: float, prefer: str | None) -> ScreenMatch | None:
    """Higher score wins; on a tie the longer (more specific) text, then the guide the resident is in."""
    if len(candidate.quoted) < SHORT_TEXT:
        needed = max(needed, SHORT_MATCH)
    if candidate.score < needed:
        return best
    if best is None or candidate.score > best.score:
        return candidate
    if candidate.score == best.score:
        if len(candidate.quoted) != len(best.quoted):
            return candidate if len(candidate.quoted) > len(best.quoted) else best
        if candidate.guide.id == prefer and best.guide.id != prefer:
            return candidate
    return best
