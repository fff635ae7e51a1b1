"""A log line as members write it, read into assists: task, people, household, place and who did it.

"sáng nay ở nhà văn hoá: bà Nụ cài vneid, ông Khải quên passcode" is two assists. Lines, ";" and bullets
separate assists; within a line, clauses (",", "và") that name a task start a new assist, and clauses that
only name people, a household or a place add to the assist next to them. Words before a ":" that name no
task ("sáng nay ở xóm Chùa:", "hộ ông Ba:", "làm hộ:") apply to every assist after them. The task is
looked up in the guides by the library's own search; a task no guide fits is kept in the member's words.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.core.normalize import tokens
from bot.members.assists.chunk import Piece, read_clause
from bot.members.assists.words import tokenise
from bot.residents.guides import GuideSet
from bot.residents.library import GuideLibrary
from bot.residents.search import CLOSE_MARGIN, MATCH_THRESHOLD

_LINES = re.compile(r"\s*(?:\n|;)\s*")
_BULLET = re.compile(r"^\s*(?:[-–•*+]|\d{1,2}[.)])\s+")
_CLAUSES = re.compile(r"\s*,\s*|\s+(?:và|va)\s+|\.\s+|\s+-\s+|[()]", re.IGNORECASE)
# A phone number and its label ("sđt 0987 654 321") is never a task or a count; it is masked, not read.
_PHONE = re.compile(r"(?:\b(?:s[đd]t|số điện thoại|so dien thoai|[đd]t)\s*:?\s*)?\d[\d .]{6,}\d", re.IGNORECASE)
# Per library: the guide set the words were taken from, and the words (taken again after a reload).
TYPO_CUTOFF = 75  # looser than the resident search: a member's task words are few and checked on screen
_VOCABULARY: dict[int, tuple[GuideSet, frozenset[str]]] = {}


@dataclass(frozen=True)
class Entry:
    """One assist as read from a line. ``village`` None means the member's own village."""

    guide_id: str | None
    other: str | None  # the task in the member's words when no guide fits
    sure: bool  # False when the guide was a close call: the summary asks to check it
    count: int
    names: str
    household: str
    village: str | None
    mode: str | None
    note: str
    task_text: str


def vocabulary(library: GuideLibrary) -> frozenset[str]:
    """Words the guides use (titles, aliases, keywords): after "bà" or "ông" they are not names."""
    current = library.current
    cached = _VOCABULARY.get(id(library))
    if cached is not None and cached[0] is current:
        return cached[1]
    words: set[str] = set()
    for guide in current.guides.values():
        for text in (guide.title.vi, *guide.aliases, *guide.keywords):
            words.update(tokens(text, expand=False))
    _VOCABULARY[id(library)] = (current, frozenset(words))
    return frozenset(words)


def _clauses(line: str) -> list[str]:
    return [c for c in _CLAUSES.split(_BULLET.sub("", line)) if c and c.strip()]


class _Reader:
    def __init__(self, library: GuideLibrary, villages: Sequence[tuple[str, str]]) -> None:
        self.library, self.villages = library, villages
        self.ids = frozenset(library.current.guides)
        self.vocabulary = vocabulary(library)

    def piece(self, text: str) -> Piece:
        return read_clause(tokenise(text, self.ids), self.ids, self.villages, self.vocabulary)

    def read(self, text: str) -> list[Entry]:
        context = Piece()
        pieces: list[Piece] = []
        for line in _LINES.split(_PHONE.sub(" ", text).strip()):
            head, colon, rest = line.partition(":")
            if colon and rest.strip():
                found = [self.piece(c) for c in _clauses(head)]
                if not any(p.has_task for p in found):
                    line = rest
                    for p in found:
                        _fill(context, p)
            line_pieces = self.line(line)
            if line_pieces:
                pieces += line_pieces
            else:  # a line that only says where or when, for the lines after it
                for clause in _clauses(line):
                    _fill(context, self.piece(clause))
        for piece in pieces:
            _fill(piece, context)
        return [self.entry(p) for p in pieces]

    def line(self, line: str) -> list[Piece]:
        items: list[Piece] = []
        waiting: list[Piece] = []  # people named before their task ("bà Lan, ông Tư cài vneid")
        shared = Piece()
        for clause in _clauses(line):
            piece = self.piece(clause)
            if piece.has_task and not piece.same_task:
                for earlier in waiting:
                    _add_people(piece, earlier)
                waiting = []
                items.append(piece)
            elif piece.has_people and items:
                last = items[-1]
                if piece.household and last.household and piece.household != last.household:
                    twin = copy.deepcopy(last)
                    twin.persons, twin.count, twin.extra, twin.household = [], None, 0, ""
                    _add_people(twin, piece)
                    items.append(twin)
                else:
                    _add_people(last, piece)
            elif piece.has_people:
                waiting.append(piece)
            _fill(shared, piece, people=False)
        for item in items:
            _fill(item, shared, people=False)
        for index, item in enumerate(items):
            if not item.has_people:
                donor = next((o for o in items[index + 1:] + items[:index][::-1] if o.persons or o.count), None)
                if donor is not None:
                    item.persons, item.count, item.extra = list(donor.persons), donor.count, donor.extra
        if not items and waiting:
            items = [waiting.pop(0)]
            for more in waiting:
                _add_people(items[0], more)
        return items

    def respelt(self, piece: Piece) -> str:
        """The task with words the guides do not know replaced by the closest they do ("vnied" → "vneid");
        '' when nothing changed."""
        out, changed = [], False
        for tok in piece.task:
            word = tok.raw
            if len(tok.f) >= 5 and tok.f not in self.vocabulary:
                found = process.extractOne(tok.f, self.vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
                if found:
                    word, changed = found[0], True
            out.append(word)
        return " ".join(out) if changed else ""

    def entry(self, piece: Piece) -> Entry:
        task_text = " ".join(t.raw for t in piece.task)
        guide_id, sure = piece.guide_id, True
        if guide_id is None and task_text:
            hits = self.library.search(task_text, limit=2)
            if (not hits or hits[0].score < MATCH_THRESHOLD) and (respelt := self.respelt(piece)):
                hits = self.library.search(respelt, limit=2) or hits
            if hits and hits[0].score >= MATCH_THRESHOLD:
                guide_id = hits[0].guide_id
                sure = len(hits) == 1 or hits[0].score - hits[1].score > CLOSE_MARGIN
        named = sum(p.size for p in piece.persons)
        count = piece.count if piece.count is not None else named
        count = max(count + piece.extra, 1)
        household, notes = piece.household, list(piece.notes)
        if piece.id_first and task_text:  # the task was the guide id: the words left are a note
            notes.append(task_text)
        if piece.place_text:  # a place that is not one of the team's villages: keeps households apart
            if household:
                household = f"{household} {piece.place_text}"
            else:
                notes.append(piece.place_text)
        return Entry(
            guide_id=guide_id, other=None if guide_id else (task_text or None), sure=sure and guide_id is not None,
            count=count, names=", ".join(p.text for p in piece.persons), household=household,
            village=piece.village, mode=piece.mode, note=", ".join(notes), task_text=task_text,
        )


def _add_people(target: Piece, source: Piece) -> None:
    target.persons += source.persons
    if source.count is not None:
        target.count = (target.count or 0) + source.count
    target.extra += source.extra
    target.household = target.household or source.household
    target.mode = target.mode or source.mode
    target.village = target.village or source.village
    target.place_text = target.place_text or source.place_text
    target.notes += [n for n in source.notes if n not in target.notes]


def _fill(target: Piece, source: Piece, people: bool = True) -> None:
    """Give TARGET what SOURCE says and TARGET does not: place, who did it, notes, and the household."""
    if people and not target.household:
        target.household = source.household
    target.mode = target.mode or source.mode
    if not target.village and not target.place_text:
        target.village, target.place_text = source.village, source.place_text
    target.notes += [n for n in source.notes if n not in target.notes]


def read_line(text: str, library: GuideLibrary, villages: Sequence[tuple[str, str]]) -> list[Entry]:
    """The assists TEXT describes, in order; VILLAGES are the team's (code, name) for places."""
    return _Reader(library, villages).read(text)
