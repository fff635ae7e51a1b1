"""Areas and invites: seeding time, lookup latency (exact, ambiguous, typo), joins per second.

Run: .venv/bin/python bench/areas.py [--lookups N] [--joins N]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.areas.lookup import area_norm, lookup
from bot.areas.seed import seed
from bot.members.teams import invites as teams_invites
from storage import areas, people, teams
from storage.db import connect

QUERIES = {"exact": "hoan kiem", "ambiguous": "tan tien", "with tones": "Định Hóa", "prefix": "hoan",
           "typo": "hoan kiim", "village": "thon 7"}


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000


async def main(lookups: int, joins: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = await connect(Path(tmp) / "bench.db")
        start = time.perf_counter()
        await seed(db)
        first = time.perf_counter() - start
        start = time.perf_counter()
        await seed(db)
        again = time.perf_counter() - start
        print(f"seed 34 provinces + 3,321 communes: {first * 1000:.0f} ms fresh, {again * 1000:.0f} ms again")
        communes = await areas.list_level(db, "commune")
        start = time.perf_counter()
        for commune in communes[:300]:  # ~10 villages each in 300 communes
            await areas.save_villages(db, [(commune, f"Thôn {n}", area_norm(f"Thôn {n}")) for n in range(1, 11)],
                                      [], "bench")
        print(f"villages: 3,000 added in 300 transactions: {(time.perf_counter() - start) * 1000:.0f} ms")
        for label, text in QUERIES.items():
            times = []
            for _ in range(lookups):
                t0 = time.perf_counter()
                found = await lookup(db, text)
                times.append(time.perf_counter() - t0)
            print(f"lookup {label:<10} {text!r:<12} → {len(found.matches)} shown of {found.total}: "
                  f"p50 {pct(times, 0.5):.2f} ms, p99 {pct(times, 0.99):.2f} ms")
        team = await teams.create_team(db, "Tổ bench", communes[0].code)
        code, _ = await teams_invites.create(db, team, "bench", datetime.now(UTC), uses=teams_invites.MAX_USES)
        codes = [code]
        for _ in range(joins // teams_invites.MAX_USES):
            codes.append((await teams_invites.create(db, team, "bench", datetime.now(UTC),
                                                     uses=teams_invites.MAX_USES))[0])
        times = []
        for n in range(joins):
            person, _ = await people.touch_person(db, "console", f"u{n}", f"u{n}", "", "vi")
            t0 = time.perf_counter()
            result = await teams_invites.join(db, person.id, codes[n // teams_invites.MAX_USES], datetime.now(UTC))
            times.append(time.perf_counter() - t0)
            assert result.outcome == "ok", result
        total = sum(times)
        print(f"joins: {joins} in {total:.2f} s = {joins / total:.0f}/s, p50 {pct(times, 0.5):.2f} ms, "
              f"p99 {pct(times, 0.99):.2f} ms")
        await db.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lookups", type=int, default=200)
    parser.add_argument("--joins", type=int, default=1000)
    args = parser.parse_args()
    asyncio.run(main(args.lookups, args.joins))
