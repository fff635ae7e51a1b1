"""One clause of a log line ("cài vneid cho bà Lan xóm Đồng Tâm") split into task, people, household, place.

The clause is read in passes, each taking the words it recognises: an exact guide id, times, venues, the
place, who did it, the household, then people and counts. What no pass took is the task, in the member's
own words, for the guide search. Numbers right after "mức", "bước"… stay in the task.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.members.assists import words as W
from bot.members.assists.words import Tok


@dataclass
class Person:
    text: str
    size: int = 1  # 2 for a couple ("vợ chồng anh Lực"); 0 when unknown ("cả nhà")


@dataclass
class Piece:
    """What one clause says; empty fields were not mentioned."""

    guide_id: str | None = None
    task: list[Tok] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    count: int | None = None
    extra: int = 0
    household: str = ""
    village: str | None = None
    place_text: str = ""
    mode: str | None = None
    notes: list[str] = field(default_factory=list)
    same_task: bool = False
    id_first: bool = False  # the clause opened with an exact guide id (the quick form)

    @property
    def has_task(self) -> bool:
        return self.guide_id is not None or bool(self.task)

    @property
    def has_people(self) -> bool:
        return bool(self.persons or self.household or self.count or self.extra)


class _Clause:
    def __init__(self, toks: list[Tok], ids: frozenset[str], villages: Sequence[tuple[str, str]],
                 vocabulary: frozenset[str]) -> None:
        self.toks, self.ids, self.villages, self.vocabulary = toks, ids, villages, vocabulary
        self.used = [False] * len(toks)
        self.piece = Piece()

    # Helpers over the words not yet taken.
    def free(self, i: int) -> bool:
        return 0 <= i < len(self.toks) and not self.used[i]

    def at(self, i: int, phrase: tuple[str, ...]) -> bool:
        return all(self.free(i + k) and self.toks[i + k].f == w for k, w in enumerate(phrase))

    def phrase_at(self, i: int, phrases: W.Phrases) -> int:
        """Length of the first of PHRASES found at I, else 0."""
        if not self.free(i):
            return 0
        return next((len(p) for p in phrases.by_first.get(self.toks[i].f, ()) if self.at(i, p)), 0)

    def take(self, start: int, end: int) -> str:
        for k in range(start, end):
            self.used[k] = True
        return " ".join(t.raw for t in self.toks[start:end])

    def take_link(self, i: int) -> None:
        """The "cho", "giúp", "ở" just before a person, place or household goes with it."""
        if self.free(i - 1) and self.toks[i - 1].f in W.LINKS:
            self.used[i - 1] = True

    # Names and people.
    def name_end(self, j: int) -> int | None:
        """Where a name starting at J ends (exclusive), or None when J does not start a name."""
        if not self.free(j):
            return None
        tok = self.toks[j]
        if tok.cap and tok.f not in self.ids and not W.typed_as(tok, W.PLACE_WORDS):
            end = j + 1
            while end < j + 3 and self.free(end) and self.toks[end].cap:
                end += 1
            return end
        common = tok.f in W.COMMON_NAMES or tok.f in W.NUMBER_WORDS
        if common or (tok.f.isalpha() and tok.f not in W.NOT_NAMES and tok.f not in self.vocabulary):
            return j + 1
        return None

    def kin_at(self, i: int) -> bool:
        return self.free(i) and W.typed_as(self.toks[i], W.KIN)

    def person_at(self, i: int) -> tuple[int, Person] | None:
        """A person starting at I: "bà Lan", "ông bà Tư", "vợ chồng anh Lực", "con bà Lan", "bà cụ"."""
        couple = self.phrase_at(i, W.COUPLES)
        if couple:
            inner = self.person_at(i + couple) if self.kin_at(i + couple) else None
            end = inner[0] if inner else self.name_end(i + couple)
            if end is not None:
                return end, Person(" ".join(t.raw for t in self.toks[i:end]), 2)
        if self.free(i) and self.toks[i].f in W.RELATIONS and self.kin_at(i + 1):
            inner = self.person_at(i + 1)
            if inner is not None and inner[1].size == 1:
                return inner[0], Person(" ".join(t.raw for t in self.toks[i:inner[0]]))
        if self.kin_at(i):
            if self.free(i + 1) and self.toks[i + 1].f in W.UNNAMED and not self.name_end(i + 2):
                return i + 2, Person(" ".join(t.raw for t in self.toks[i:i + 2]))
            end = self.name_end(i + 1)
            if end is not None and self.toks[i].f != "con":
                return end, Person(" ".join(t.raw for t in self.toks[i:end]))
            return None
        tok = self.toks[i] if self.free(i) else None
        if tok is not None and tok.cap and tok.f in W.SURNAMES and self.free(i + 1) and self.toks[i + 1].cap:
            end = self.name_end(i + 1) or i + 2
            return end, Person(" ".join(t.raw for t in self.toks[i:end]))
        return None

    def run(self) -> Piece:
        for step in (self.guide_ids, self.times, self.venues, self.places, self.near_venues, self.modes,
                     self.households, self.people, self.leftovers):
            step()
        return self.piece

    def guide_ids(self) -> None:
        for i, tok in enumerate(self.toks):
            if tok.low in self.ids and self.piece.guide_id is None:
                self.piece.guide_id, self.piece.id_first = tok.low, i == 0
                self.used[i] = True

    def times(self) -> None:
        for i, tok in enumerate(self.toks):
            if not self.free(i):
                continue
            if (n := self.phrase_at(i, W.TODAY)) and (n > 1 or i == len(self.toks) - 1):
                self.take(i, i + n)
            elif n := self.phrase_at(i, W.EARLIER):
                self.piece.notes.append(self.take(i, i + n))
            elif tok.number is not None and self.free(i + 1) and self.toks[i + 1].f in W.HOURS:
                start, end = (i - 1 if self.free(i - 1) and self.toks[i - 1].f == "luc" else i), i + 2
                if self.free(end) and self.toks[end].f.isdigit():
                    end += 1
                if self.free(end) and self.toks[end].f in W.DAY_PARTS:
                    end += 1
                self.piece.notes.append(self.take(start, end))

    def venues(self) -> None:
        for i in range(len(self.toks)):
            n = self.phrase_at(i, W.VENUES)
            if not n:
                continue
            start = i - 1 if self.free(i - 1) and self.toks[i - 1].low in W.AT else i
            end = i + n
            if self.free(end) and self.toks[end].f in W.VENUE_TAIL and not self._names_place(end + 1):
                end += 1
            self.piece.notes.append(self.take(start, end))

    def _names_place(self, i: int) -> bool:
        """Whether the word at I can be a village's name: capitalised, a number or a number word."""
        return self.free(i) and (self.toks[i].cap or self.toks[i].f.isdigit() or self.toks[i].f in W.NUMBER_WORDS)

    def places(self) -> None:
        for i, tok in enumerate(self.toks):
            if not self.free(i) or self.piece.village or self.piece.place_text:
                continue
            prefixed = W.typed_as(tok, W.PLACE_WORDS) or (tok.f in W.PLACE_WORDS and self.free(i + 1)
                                                            and (self.toks[i + 1].cap or self.toks[i + 1].f.isdigit()))
            after_at = tok.low in W.AT
            if not (prefixed or after_at):
                continue
            for end in range(min(i + 4, len(self.toks)), i + 1, -1):
                if all(self.free(k) for k in range(i + 1, end)):
                    text = " ".join(t.raw for t in self.toks[i + (1 if after_at else 0):end])
                    code = W.match_village(text, self.villages)
                    if code is not None:
                        self.take_link(i)
                        self.take(i, end)
                        self.piece.village = code
                        break
            else:
                if prefixed and self.free(i + 1) and (self.toks[i + 1].cap or self.toks[i + 1].number):
                    end = i + 2
                    while end < i + 4 and self.free(end) and self.toks[end].cap:
                        end += 1
                    start = i - 1 if self.free(i - 1) and self.toks[i - 1].low in W.AT else i
                    self.piece.place_text = self.take(start, end)

    def near_venues(self) -> None:
        for i, tok in enumerate(self.toks):
            if not (self.free(i) and tok.low in W.AT):
                continue
            n = self.phrase_at(i + 1, W.NEAR_VENUES)
            if n and self.person_at(i + 1 + n) is None:
                self.piece.notes.append(self.take(i, i + 1 + n))

    def modes(self) -> None:
        for i, tok in enumerate(self.toks):
            n = self.phrase_at(i, W.FOR_THEM)
            if n and not (self.free(i + n) and self.toks[i + n - 1].f == "ho" and self.toks[i + n].f in W.HO_NOUNS):
                self.take(i, i + n)
                self.piece.mode = "for_them"
            elif (n := self.phrase_at(i, W.SELF)):
                self.take(i, i + n)
                self.piece.mode = self.piece.mode or "self"
            elif self.free(i) and tok.low in W.SELF_TYPED and self.free(i + 1):
                self.take(i, i + 1)
                self.piece.mode = self.piece.mode or "self"

    def households(self) -> None:
        for i in range(len(self.toks)):
            whole = self.at(i, W.WHOLE_FAMILY)
            n = 2 if whole else self.phrase_at(i, W.HOUSEHOLD)
            if not n or (n == 1 and not W.typed_as(self.toks[i], W.HOUSEHOLD_TYPED)):
                continue
            found = self.person_at(i + n)
            if whole:
                self.piece.persons.append(Person(self.take(i, i + n), 0))
                if found is not None:
                    self.piece.household = self.take(i + n, found[0])
                continue
            if found is None:
                continue
            end, person = found
            if self.toks[i].f in W.ON_BEHALF and n == 1 and not self._household_place(i):
                self.take(i, end)
                self.piece.mode = "for_them"
                self.piece.persons.append(person)
            else:
                self.take_link(i)
                self.piece.household = self.take(i, end)

    def _household_place(self, i: int) -> bool:
        """Whether "hộ" at I names a household rather than "for": after "cho", a name, a count, a guide id, or
        first ("cho bà Lan hộ ông Ba" is her household; "cài vneid hộ ông Ba" was done for him)."""
        if i == 0:
            return True
        before = self.toks[i - 1]
        if before.f in W.LINKS or before.low in self.ids or (before.cap and before.raw[1:].islower()):
            return True
        return before.number is not None and not (i >= 2 and self.toks[i - 2].f in W.TASK_NUMBER)

    def people(self) -> None:
        i = 0
        while i < len(self.toks):
            if not self.free(i):
                i += 1
                continue
            taken = self._count_at(i) or self._person_here(i)
            i = taken or i + 1

    def _count_at(self, i: int) -> int | None:
        tok = self.toks[i]
        value = tok.number if tok.number is not None else None
        if value is None and tok.f in W.NUMBER_WORDS and self.phrase_at(i + 1, W.PERSONS):
            value = W.NUMBER_WORDS[tok.f]
        if value is None or (i > 0 and self.toks[i - 1].f in W.TASK_NUMBER) or not 0 < value <= 500:
            return None
        people = self.phrase_at(i + 1, W.PEOPLE)
        before = self.toks[i - 1] if i > 0 else None
        bare = (before is None or before.f in ("cho", "giup") or before.low in self.ids
                or not any(self.free(k) for k in range(i + 1, len(self.toks))))
        if not people and not self.phrase_at(i + 1, W.COUPLES) and not bare:
            return None
        end = i + 1 + people
        if people and self.free(end) and self.toks[end].f in W.MORE:
            self.piece.extra += value
            end += 1
        elif self.piece.count is None:
            self.piece.count = value
        else:
            return None
        self.take_link(i)
        self.take(i, end)
        return end

    def _person_here(self, i: int) -> int | None:
        found = self.person_at(i)
        if found is None:
            return None
        end, person = found
        if self.free(i - 1) and self.toks[i - 1].f in W.ON_BEHALF and self.toks[i - 1].low != "hồ":
            self.used[i - 1] = True
            self.piece.mode = "for_them"
        self.take_link(i)
        self.take(i, end)
        self.piece.persons.append(person)
        return end

    def leftovers(self) -> None:
        free = [i for i in range(len(self.toks)) if self.free(i)]
        if free and self.toks[free[0]].f in W.OPENERS and len(free) > 1:
            self.used[free[0]] = True
        for i in range(len(self.toks)):
            if n := self.phrase_at(i, W.SAME_TASK):
                self.take(i, i + n)
                self.piece.same_task = True
            elif self.at(i, ("cho",)) and self.kin_at(i + 1) and self.person_at(i + 1) is None:
                self.take(i, i + 2)  # "chuyển tiền cho con": the task's beneficiary, not a person helped
        for i in range(len(self.toks)):
            if n := self.phrase_at(i, W.FILLERS):
                self.take(i, i + n)
        self.piece.task = [t for k, t in enumerate(self.toks) if not self.used[k]]


def read_clause(toks: list[Tok], ids: frozenset[str], villages: Sequence[tuple[str, str]],
                vocabulary: frozenset[str]) -> Piece:
    """What one clause says."""
    return _Clause(toks, ids, villages, vocabulary).run()
