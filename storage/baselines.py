"""What coordinators set: village base numbers (households, adults) and targets per period, a province's
report columns, and the weekly digest switch (with the weeks already sent)."""

from __future__ import annotations

from dataclasses import dataclass

from storage.db import Database, Row
from storage.reports import IN_AREA

INDICATORS = ("households", "assists", "sessions", "attendees")


@dataclass(frozen=True)
class Baseline:
    village_code: str
    period: str
    starts_on: str
    ends_on: str
    households: int | None
    adults: int | None


@dataclass(frozen=True)
class Target:
    village_code: str
    period: str
    starts_on: str
    ends_on: str
    indicator: str
    value: int


@dataclass(frozen=True)
class ColumnSetting:
    column_key: str
    label: str | None
    hidden: bool


def _baseline(row: Row) -> Baseline:
    return Baseline(row["village_code"], row["period"], row["starts_on"], row["ends_on"], row["households"],
                    row["adults"])


def _target(row: Row) -> Target:
    return Target(row["village_code"], row["period"], row["starts_on"], row["ends_on"], row["indicator"],
                  row["value"])


async def save_numbers(
    db: Database, village_code: str, period: str, starts_on: str, ends_on: str,
    households: int | None, adults: int | None, targets: dict[str, int], entered_by: str,
) -> None:
    """Store base numbers (a number left out keeps its earlier value) and targets, in one transaction."""
    unknown = set(targets) - set(INDICATORS)
    if unknown:
        raise ValueError(f"unknown indicators: {sorted(unknown)}")
    async with db.transaction() as tx:
        if households is not None or adults is not None:
            await tx.execute(
                "INSERT INTO village_baselines (village_code, period, starts_on, ends_on, households, adults,"
                " entered_by) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (village_code, period) DO UPDATE SET"
                " households = coalesce(excluded.households, village_baselines.households),"
                " adults = coalesce(excluded.adults, village_baselines.adults), entered_by = excluded.entered_by, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
                (village_code, period, starts_on, ends_on, households, adults, entered_by),
            )
        for indicator, value in targets.items():
            await tx.execute(
                "INSERT INTO village_targets (village_code, period, starts_on, ends_on, indicator, value,"
                " entered_by) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (village_code, period, indicator)"
                " DO UPDATE SET value = excluded.value, entered_by = excluded.entered_by,"
                " updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
                (village_code, period, starts_on, ends_on, indicator, value, entered_by),
            )


async def baselines_in(db: Database, area_code: str, before: str) -> dict[str, Baseline]:
    """Per village, the base numbers in force on the local day BEFORE: the latest period that started by
    then, each number taken from the latest period that has it."""
    rows = await db.fetchall(
        "SELECT village_code, period, starts_on, ends_on, households, adults FROM village_baselines"
        f" WHERE village_code {IN_AREA} AND starts_on <= :day ORDER BY village_code, starts_on, id",
        {"area": area_code, "day": before},
    )
    out: dict[str, Baseline] = {}
    for row in rows:
        new = _baseline(row)
        old = out.get(new.village_code)
        if old is not None:
            new = Baseline(new.village_code, new.period, new.starts_on, new.ends_on,
                           new.households if new.households is not None else old.households,
                           new.adults if new.adults is not None else old.adults)
        out[new.village_code] = new
    return out


async def targets_on(db: Database, area_code: str, day: str) -> list[Target]:
    """Targets inside the area whose period contains the local day DAY."""
    rows = await db.fetchall(
        "SELECT village_code, period, starts_on, ends_on, indicator, value FROM village_targets"
        f" WHERE village_code {IN_AREA} AND starts_on <= :day AND ends_on > :day ORDER BY village_code, id",
        {"area": area_code, "day": day},
    )
    return [_target(r) for r in rows]


async def village_numbers(db: Database, village_code: str) -> tuple[list[Baseline], list[Target]]:
    """Everything entered for one village, latest period first."""
    baselines = await db.fetchall(
        "SELECT village_code, period, starts_on, ends_on, households, adults FROM village_baselines"
        " WHERE village_code = ? ORDER BY starts_on DESC, id DESC", (village_code,),
    )
    targets = await db.fetchall(
        "SELECT village_code, period, starts_on, ends_on, indicator, value FROM village_targets"
        " WHERE village_code = ? ORDER BY starts_on DESC, id", (village_code,),
    )
    return [_baseline(r) for r in baselines], [_target(r) for r in targets]


async def column_settings(db: Database, province_code: str) -> dict[str, ColumnSetting]:
    rows = await db.fetchall(
        "SELECT column_key, label, hidden FROM report_columns WHERE province_code = ?", (province_code,)
    )
    return {r["column_key"]: ColumnSetting(r["column_key"], r["label"], bool(r["hidden"])) for r in rows}


async def save_column(
    db: Database, province_code: str, column_key: str, label: str | None, hidden: bool | None, updated_by: str
) -> None:
    """Rename (LABEL; '' restores the default) and/or hide or show one summary column for a province."""
    await db.execute(
        "INSERT INTO report_columns (province_code, column_key, label, hidden, updated_by)"
        " VALUES (?, ?, nullif(?, ''), coalesce(?, 0), ?) ON CONFLICT (province_code, column_key) DO UPDATE SET"
        " label = CASE WHEN CAST(? AS TEXT) IS NULL THEN report_columns.label ELSE nullif(?, '') END,"
        " hidden = coalesce(?, report_columns.hidden),"
        " updated_by = excluded.updated_by, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
        (province_code, column_key, label, None if hidden is None else int(hidden), updated_by,
         label, label, None if hidden is None else int(hidden)),
    )


# Weekly digest: an off switch per coordinator and one row per week sent.

@dataclass(frozen=True)
class DigestRecipient:
    person_id: int
    channel: str
    user_id: str
    chat_id: str
    locale: str
    area_codes: tuple[str, ...]


async def set_digest(db: Database, person_id: int, enabled: bool) -> None:
    await db.execute(
        "INSERT INTO digest_settings (person_id, enabled) VALUES (?, ?) ON CONFLICT (person_id) DO UPDATE SET"
        " enabled = excluded.enabled, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
        (person_id, int(enabled)),
    )


async def digest_enabled(db: Database, person_id: int) -> bool:
    row = await db.fetchone("SELECT enabled FROM digest_settings WHERE person_id = ?", (person_id,))
    return row is None or bool(row["enabled"])


async def digest_recipients(db: Database, week_start: str) -> list[DigestRecipient]:
    """Coordinators with an active area who have not turned the digest off nor had WEEK_START's yet."""
    rows = await db.fetchall(
        "SELECT p.id, p.channel, p.user_id, p.chat_id, p.locale, group_concat(c.area_code, ' ') AS codes"
        " FROM coordinator_areas c JOIN people p ON p.id = c.person_id WHERE c.revoked_at IS NULL"
        " AND NOT EXISTS (SELECT 1 FROM digest_settings s WHERE s.person_id = p.id AND s.enabled = 0)"
        " AND NOT EXISTS (SELECT 1 FROM digest_sent d WHERE d.person_id = p.id AND d.week_start = ?)"
        " GROUP BY p.id ORDER BY p.id",
        (week_start,),
    )
    return [
        DigestRecipient(r["id"], r["channel"], r["user_id"], r["chat_id"], r["locale"],
                        tuple(sorted(r["codes"].split())))
        for r in rows
    ]


async def claim_digest(db: Database, person_id: int, week_start: str) -> bool:
    """Record that this week's digest goes to PERSON; False when it already went (or is going)."""
    async with db.transaction() as tx:
        changed = await tx.execute(
            "INSERT INTO digest_sent (person_id, week_start) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (person_id, week_start),
        )
        return changed == 1
