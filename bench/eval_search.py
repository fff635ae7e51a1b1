"""Search accuracy and latency on a questions file (dev set by default); prints figures."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.residents.library import GuideLibrary  # noqa: E402
from bot.residents.search import MATCH_THRESHOLD  # noqa: E402

DEV = ROOT.parent / "shared" / "eval" / "questions-dev.tsv"
HELDOUT = ROOT / "tests" / "data" / "questions-heldout.tsv"
NEW_GUIDES = ROOT / "tests" / "data" / "questions-new-guides.tsv"  # public questions for the 2026 guides


def read_questions(path: Path) -> list[tuple[str | None, str]]:
    """(expected guide id or None, question) pairs from a TSV file."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        expected, question = line.split("\t", 1)
        pairs.append((None if expected == "-" else expected, question.strip()))
    return pairs


def evaluate(library: GuideLibrary, pairs: list[tuple[str | None, str]], verbose: bool,
             per_guide: dict[str, list[int]] | None = None) -> dict[str, float]:
    """Top-1 and 'no guide' rates; PER_GUIDE, when given, collects [right, asked] per expected guide."""
    in_scope = [p for p in pairs if p[0]]
    out_scope = [p for p in pairs if not p[0]]
    right = rejected = 0
    latencies = []
    for expected, question in pairs:
        start = time.perf_counter()
        hits = library.search(question)
        latencies.append((time.perf_counter() - start) * 1000)
        got = hits[0].guide_id if hits and hits[0].score >= MATCH_THRESHOLD else None
        score = hits[0].score if hits else 0.0
        if expected and per_guide is not None:
            tally = per_guide.setdefault(expected, [0, 0])
            tally[0] += got == expected
            tally[1] += 1
        if expected and got == expected:
            right += 1
        elif expected is None and got is None:
            rejected += 1
        elif verbose:
            print(f"  MISS expected={expected} got={got} score={score:.2f}  {question}")
    latencies.sort()
    return {
        "top1": right / len(in_scope) if in_scope else float("nan"),
        "no_guide": rejected / len(out_scope) if out_scope else float("nan"),
        "p50_ms": statistics.median(latencies),
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "n_in": len(in_scope), "n_out": len(out_scope),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", type=Path, help="TSV files (default: dev and held-out sets)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every miss")
    parser.add_argument("--by-guide", action="store_true", help="also print top-1 per expected guide")
    args = parser.parse_args()
    library = GuideLibrary(ROOT / "guides")
    for path in args.files or [p for p in (DEV, HELDOUT, NEW_GUIDES) if p.is_file()]:
        per_guide: dict[str, list[int]] = {}
        r = evaluate(library, read_questions(path), args.verbose, per_guide)
        print(f"{path.name}: top-1 {r['top1']:.1%} of {r['n_in']:.0f} guide questions; "
              f"'no guide' {r['no_guide']:.1%} of {r['n_out']:.0f} out-of-scope; "
              f"latency p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms")
        if args.by_guide:
            for guide_id, (right, asked) in sorted(per_guide.items()):
                print(f"  {guide_id:24} {right}/{asked}")


if __name__ == "__main__":
    main()
