"""The signed cover of a time window by roll-up months, days and raw rows counts every instant exactly once."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from storage.rollups import pieces

BASE = datetime(2026, 1, 1, tzinfo=UTC)


def _iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def test_every_hour_of_the_window_is_counted_once() -> None:
    rnd = random.Random(13)
    for _ in range(300):
        start = BASE + timedelta(hours=rnd.randrange(0, 24 * 400))
        end = start + timedelta(hours=rnd.randrange(1, 24 * 120))
        for days in (True, False):
            cover = pieces(_iso(start), _iso(end), days)
            lo = min(p.first for p in cover)
            hi = max(p.last for p in cover)
            t = lo
            while t < hi:
                weight = sum(p.sign for p in cover if p.first <= t < p.last)
                assert weight == (1 if start <= t < end else 0), (start, end, days, t)
                t += timedelta(hours=1)
            if not days:
                assert all(p.kind != "day" for p in cover)


def test_a_local_month_is_one_month_and_two_short_edges() -> None:
    cover = pieces("2026-09-30T17:00:00.000Z", "2026-10-31T17:00:00.000Z")
    assert [(p.sign, p.kind) for p in cover] == [(1, "month"), (1, "raw"), (-1, "raw")]
    assert sum((p.last - p.first).total_seconds() for p in cover if p.kind == "raw") == 14 * 3600

