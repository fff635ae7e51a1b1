"""The corpus of log lines (tests/data/assist-lines.yaml) and field-level scoring of the line reader.

Shared by the reader's tests and bench/bench_logs.py. A field is exact when it equals the expected value
after the same normalisation the storage uses: names without tones or case, households by their key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.core.normalize import fold
from bot.members.assists.fields import household_key
from bot.members.assists.reader import Entry, read_line
from bot.residents.library import GuideLibrary

CORPUS = Path(__file__).resolve().parent.parent / "data" / "assist-lines.yaml"
FIELDS = ("task", "people", "names", "household", "place", "mode")


@dataclass(frozen=True)
class Line:
    text: str
    want: list[tuple[str, int, str, str, str, str]]
    held: bool  # written before the reader was tuned
    fresh: bool = False  # written after it was finished, scored once, never tuned on


@dataclass
class Score:
    fields: int = 0
    exact: int = 0
    by_field: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0] for f in FIELDS})
    misses: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.exact / self.fields if self.fields else 0.0


@dataclass(frozen=True)
class Corpus:
    villages: list[tuple[str, str]]  # (code, name): the member's team's villages
    home: str  # code of the member's own village
    lines: list[Line]


def load(path: Path = CORPUS) -> Corpus:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    villages = [(f"99001-{n + 1:03d}", name) for n, name in enumerate(data["villages"])]
    home = next(code for code, name in villages if name == data["home"])
    lines = [Line(str(entry["text"]), [tuple(w) for w in entry["want"]], bool(entry.get("held")),
                  bool(entry.get("fresh"))) for entry in data["lines"]]
    return Corpus(villages, home, lines)


def _names(text: str) -> list[str]:
    return sorted(fold(part).strip() for part in str(text).replace(";", ",").split(",") if part.strip())


def actual(entry: Entry | None, home: str) -> list[object]:
    if entry is None:
        return [None] * len(FIELDS)
    return [entry.guide_id or "other", entry.count, _names(entry.names), household_key(entry.household),
            entry.village or home, entry.mode or "self"]


def expected(want: Sequence[object], corpus: Corpus) -> list[object]:
    task, people, names, household, place, mode = want
    codes = {name: code for code, name in corpus.villages}
    return [task, int(str(people)), _names(str(names)), household_key(str(household)),
            codes[str(place)] if place else corpus.home, mode]


def score(corpus: Corpus, library: GuideLibrary, held: bool | None = None, fresh: bool | None = None) -> Score:
    """Field-level exactness over the lines: all of them, or only those (not) held out / (not) fresh."""
    result = Score()
    for line in corpus.lines:
        if (held is not None and line.held != held) or (fresh is not None and line.fresh != fresh):
            continue
        got = read_line(line.text, library, corpus.villages)
        for n in range(max(len(line.want), len(got))):
            want = expected(line.want[n], corpus) if n < len(line.want) else [None] * len(FIELDS)
            have = actual(got[n] if n < len(got) else None, corpus.home)
            for name, w, h in zip(FIELDS, want, have, strict=True):
                result.fields += 1
                result.by_field[name][1] += 1
                if w == h:
                    result.exact += 1
                    result.by_field[name][0] += 1
                else:
                    result.misses.append(f"{line.text!r} #{n + 1} {name}: want {w!r}, got {h!r}")
    return result
