"""Sums of live assists over any time window, read from the roll-ups the triggers keep (migration 0010).

A window [start, end) is cut into signed pieces: whole UTC months from the month tables, whole UTC days
from the day table, and raw rows for what is left at the edges. Pieces may be subtracted: a local month
(UTC+7) is the UTC month, plus seven hours of raw rows before it, minus seven hours at its end — a
province's month is a thousand roll-up rows and a few hundred raw ones instead of 80,000 raw rows.
The SQL is plain (sum, CASE, GROUP BY); only ``live_assists`` names an SQLite index hint.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from storage.db import Database
from storage.report_reading import IN_AREA, live_assists, read_rows

NAMED_GROUPS = ("identity", "public_services", "online_shopping", "online_payment", "online_safety",
                "other_platform")
GROUPS = (*NAMED_GROUPS, "other")  # every assist falls in exactly one of these columns
_SELF = "CASE WHEN mode = 'self' THEN 1 ELSE 0 END"
_OTHER = f"CASE WHEN skill_group IN ({', '.join(repr(g) for g in NAMED_GROUPS)}) THEN 0 ELSE 1 END"
DAY_COST, RAW_DAY_COST, MONTH_COST = 1, 3, 1  # rows read per village, roughly, for one bucket of each kind


@dataclass(frozen=True)
class Rollup:
    """What to sum, per key: columns of the roll-up tables and the same figures from raw rows."""

    keys: tuple[str, ...]
    raw_keys: tuple[str, ...]
    sums: tuple[str, ...]
    raw_sums: tuple[str, ...]
    month_table: str
    day_table: str | None = None


VILLAGES = Rollup(
    keys=("village_code",), raw_keys=("village_code",),
    sums=("assists", "self_done", "people", *(f"g_{g}" for g in GROUPS)),
    raw_sums=("1", _SELF, "people_count", *(f"CASE WHEN skill_group = '{g}' THEN 1 ELSE 0 END" for g in NAMED_GROUPS),
              _OTHER),
    month_table="assist_village_months", day_table="assist_village_days",
)
GUIDES = Rollup(
    keys=("guide_key", "skill_group"), raw_keys=("coalesce(guide_id, '')", "skill_group"),
    sums=("assists", "self_done", "people"), raw_sums=("1", _SELF, "people_count"),
    month_table="assist_guide_months",
)
MEMBERS = Rollup(
    keys=("member_id",), raw_keys=("member_id",), sums=("assists", "self_done"), raw_sums=("1", _SELF),
    month_table="assist_member_months",
)


@dataclass(frozen=True)
class Piece:
    sign: int  # +1 add, -1 subtract
    kind: str  # 'month' | 'day' | 'raw'
    first: datetime
    last: datetime  # excluded


def _parse(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(UTC)


def _day(t: datetime) -> datetime:
    """The UTC day boundary nearest to T."""
    floor = t.replace(hour=0, minute=0, second=0, microsecond=0)
    return floor if t - floor <= timedelta(hours=12) else floor + timedelta(days=1)


def _month(t: datetime) -> datetime:
    """The UTC month boundary nearest to T."""
    floor = t.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    following = (floor + timedelta(days=32)).replace(day=1)
    return floor if t - floor <= following - t else following


def _between(a: datetime, b: datetime, sign: int, days: bool) -> list[Piece]:
    """Pieces covering [A, B) with SIGN: whole days (when there is a day table) and raw edges."""
    if a >= b:
        return []
    da, db = _day(a), _day(b)
    if not days or da >= db:
        return [Piece(sign, "raw", a, b)]
    out = [Piece(sign, "day", da, db)]
    out += [Piece(sign, "raw", a, da)] if da > a else [Piece(-sign, "raw", da, a)] if da < a else []
    out += [Piece(sign, "raw", db, b)] if db < b else [Piece(-sign, "raw", b, db)] if db > b else []
    return out


def _cost(parts: list[Piece]) -> float:
    total = 0.0
    for p in parts:
        span = (p.last - p.first).total_seconds() / 86400
        total += {"month": MONTH_COST * span / 30, "day": DAY_COST * span, "raw": RAW_DAY_COST * span}[p.kind]
    return total


def pieces(start: str, end: str, days: bool = True) -> list[Piece]:
    """The cheapest signed cover of [START, END) (ISO UTC) by months, days and raw rows."""
    s, e = _parse(start), _parse(end)
    plain = _between(s, e, 1, days)
    ms, me = _month(s), _month(e)
    if ms >= me:
        return plain
    monthly = [Piece(1, "month", ms, me)]
    monthly += _between(ms, s, -1, days) if s > ms else _between(s, ms, 1, days)
    monthly += _between(e, me, -1, days) if e < me else _between(me, e, 1, days)
    return monthly if _cost(monthly) < _cost(plain) else plain


def _bounds(piece: Piece) -> tuple[str, str, str]:
    """The column compared and the two bounds, in the form that column holds."""
    if piece.kind == "month":
        return "month", f"{piece.first:%Y-%m}", f"{piece.last:%Y-%m}"
    if piece.kind == "day":
        return "day", f"{piece.first:%Y-%m-%d}", f"{piece.last:%Y-%m-%d}"
    return "created_at", f"{piece.first:%Y-%m-%dT%H:%M:%S}.000Z", f"{piece.last:%Y-%m-%dT%H:%M:%S}.000Z"


def _piece_sql(db: Database, spec: Rollup, piece: Piece, n: int) -> str:
    """One piece's sums, signed, with its bounds as :first_N and :last_N."""
    column = _bounds(piece)[0]
    sign = "" if piece.sign > 0 else "-"
    if piece.kind == "raw":
        keys = ", ".join(f"{expr} AS {name}" for expr, name in zip(spec.raw_keys, spec.keys, strict=True))
        sums = ", ".join(f"{sign}sum({expr}) AS {name}" for expr, name in zip(spec.raw_sums, spec.sums, strict=True))
        source = f"{live_assists(db)} WHERE undone_at IS NULL AND"
        group = ", ".join(spec.raw_keys)
    else:
        keys = ", ".join(spec.keys)
        sums = ", ".join(f"{sign}sum({name}) AS {name}" for name in spec.sums)
        source = f"{spec.month_table if piece.kind == 'month' else spec.day_table} WHERE"
        group = keys
    return (f"SELECT {keys}, {sums} FROM {source} {column} >= :first_{n} AND {column} < :last_{n}"
            f" AND village_code {IN_AREA} GROUP BY {group}")


async def window_sums(
    db: Database, spec: Rollup, area_code: str, start: str, end: str
) -> dict[tuple[object, ...], list[int]]:
    """Per key of SPEC, its sums over live assists created in [START, END) inside the area: every piece in
    one statement, added up by the database."""
    parts = pieces(start, end, days=spec.day_table is not None)
    params: dict[str, object] = {"area": area_code}
    selects = []
    for n, piece in enumerate(parts):
        _, params[f"first_{n}"], params[f"last_{n}"] = _bounds(piece)
        selects.append(_piece_sql(db, spec, piece, n))
    keys = ", ".join(spec.keys)
    sums = ", ".join(f"sum({name}) AS {name}" for name in spec.sums)
    sql = f"SELECT {keys}, {sums} FROM ({' UNION ALL '.join(selects)}) AS parts GROUP BY {keys}"
    out: dict[tuple[object, ...], list[int]] = {}
    for row in await read_rows(db, sql, params):
        values = [int(row[name] or 0) for name in spec.sums]
        if any(values):
            out[tuple(row[k] for k in spec.keys)] = values
    return out

