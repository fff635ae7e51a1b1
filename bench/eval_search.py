"""Search accuracy and latency per questions file; prints one line of figures per set.

A question counts as right when the top answer is its guide (a referral or no answer for '-' lines).
Questions whose guide is not in this library are counted apart ("skipped"), so a set written for more
guides than are shipped can still be measured.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.residents.library import GuideLibrary  # noqa: E402
from bot.residents.search import MATCH_THRESHOLD, Hit, near_ties  # noqa: E402

DATA = ROOT / "tests" / "data"
SETS = {  # file → what it measures
    "questions-dev.tsv": "short typed (dev, tuned on)",
    "questions-dev2.tsv": "short typed, second set (dev, tuned on)",
    "questions-dev3.tsv": "short typed, third set (dev; held out until read three times)",
    "questions-dev4.tsv": "short typed, fourth set, all 28 guides (dev, tuned on)",
    "questions-dev5.tsv": "short typed, fifth set, harder: situations, screens, voice typing (dev, tuned on)",
    "questions-dev6.tsv": "short typed, sixth set, regional words (dev, tuned on)",
    "questions-dev7.tsv": "short typed, seventh set, elders, relatives, teens (dev, tuned on)",
    "questions-dev8.tsv": "short typed, eighth set (dev; held out until read three times)",
    "questions-real-dev.tsv": "real questions (dev, tuned on)",
    "questions-real-dev2.tsv": "real questions, second set (dev, tuned on)",
    "questions-real-dev3.tsv": "real questions, third set: mostly out of scope next to a guide (dev, tuned on)",
    "questions-real-dev4.tsv": "real questions, fourth set (dev; held out until read three times)",
    "questions-real-dev5.tsv": "real questions, fifth set (dev, tuned on)",
    "questions-real-dev6.tsv": "real questions, sixth set (dev; held out until read three times)",
    "questions-real-dev7.tsv": "citizens' letters to public Q&A portals, all out of scope (dev; held out until read three times)",
    "questions-real-dev8.tsv": "questions to public Q&A portals, second set, all out of scope (dev, tuned on)",
    "questions-new-guides.tsv": "public questions for the 2026 guides",
    "questions-next-to-referrals.tsv": "guide questions next to a referral's topic (written here)",
    "questions-heldout4.tsv": "short typed, fourth set (held out)",
}


def read_questions(path: Path) -> list[tuple[str | None, str]]:
    """(expected guide id or None, question) pairs from a TSV file."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        expected, question = line.split("\t", 1)
        pairs.append((None if expected == "-" else expected, question.strip()))
    return pairs


def _opened(hits: list[Hit]) -> str | None:
    """The guide the bot opens for HITS, or None (no guide, or a referral)."""
    if not hits or hits[0].score < MATCH_THRESHOLD or hits[0].referral:
        return None
    return hits[0].guide_id


def _shown(hits: list[Hit]) -> list[str]:
    """The guides the resident sees first: the one opened, or the near ties offered as a choice."""
    return [h.guide_id for h in near_ties([h for h in hits if h.score >= MATCH_THRESHOLD])]


def evaluate(library: GuideLibrary, pairs: list[tuple[str | None, str]], verbose: bool,
             per_guide: dict[str, list[int]] | None = None) -> dict[str, float]:
    """Top-1 and rejection rates; PER_GUIDE, when given, collects [right, asked] per expected guide."""
    known = [p for p in pairs if p[0] is None or library.get(p[0]) is not None]
    in_scope = [p for p in known if p[0]]
    out_scope = [p for p in known if not p[0]]
    right = rejected = offered = 0
    latencies = []
    for expected, question in known:
        start = time.perf_counter()
        hits = library.find(question)
        got = _opened(hits)
        latencies.append((time.perf_counter() - start) * 1000)
        if expected and per_guide is not None:
            tally = per_guide.setdefault(expected, [0, 0])
            tally[0] += got == expected
            tally[1] += 1
        offered += bool(expected) and expected in _shown(hits)
        if expected and got == expected:
            right += 1
        elif expected is None and got is None:
            rejected += 1
        elif verbose:
            print(f"  MISS expected={expected} got={got} {[(h.guide_id, h.score) for h in hits]}  {question}")
    latencies.sort()
    return {
        "top1": right / len(in_scope) if in_scope else float("nan"),
        "shown": offered / len(in_scope) if in_scope else float("nan"),
        "no_guide": rejected / len(out_scope) if out_scope else float("nan"),
        "p50_ms": statistics.median(latencies) if latencies else 0.0,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else 0.0,
        "n_in": len(in_scope), "n_out": len(out_scope), "skipped": len(pairs) - len(known),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", type=Path, help="TSV files (default: every set in tests/data)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every miss")
    parser.add_argument("--by-guide", action="store_true", help="also print top-1 per expected guide")
    args = parser.parse_args()
    library = GuideLibrary(ROOT / "guides")
    for path in args.files or [DATA / name for name in SETS if (DATA / name).is_file()]:
        per_guide: dict[str, list[int]] = {}
        r = evaluate(library, read_questions(path), args.verbose, per_guide)
        print(f"{path.name} [{SETS.get(path.name, 'other')}]: top-1 {r['top1']:.1%} of {r['n_in']:.0f} guide "
              f"questions (on the first screen, alone or among near ties: {r['shown']:.1%}); "
              f"out-of-scope rejected {r['no_guide']:.1%} of {r['n_out']:.0f}; "
              f"p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms"
              + (f"; {r['skipped']:.0f} skipped (guide not shipped)" if r["skipped"] else ""))
        if args.by_guide:
            for guide_id, (right, asked) in sorted(per_guide.items()):
                print(f"  {guide_id:24} {right}/{asked}")


if __name__ == "__main__":
    main()
