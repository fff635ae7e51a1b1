"""Assist logs: one row per time a member helped someone, with their edit history."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from storage.db import Database, Executor, Row

OTHER_GROUP = "other"  # skill_group of an assist whose skill matches no reporting group
EDITABLE = frozenset({
    "guide_id", "other_skill", "skill_group", "people_count", "names", "household", "household_norm", "mode",
    "note", "village_code",
})


def iso(moment: datetime) -> str:
    """The database's time format: ISO-8601 UTC with milliseconds, so strings compare like times."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


@dataclass(frozen=True)
class NewAssist:
    """What a member logged, before it has a number."""

    member_id: int
    team_id: int | None
    village_code: str | None
    guide_id: str | None
    other_skill: str | None
    skill_group: str
    people_count: int = 1
    names: str = ""
    household: str = ""
    household_norm: str = ""
    mode: str = "self"  # 'self' (resident did it with guidance) | 'for_them' (done for them)
    note: str = ""
    help_request_id: int | None = None


@dataclass(frozen=True)
class Assist(NewAssist):
    id: int = 0
    source: str | None = None
    created_at: str = ""
    updated_at: str | None = None
    undone_at: str | None = None


@dataclass(frozen=True)
class Change:
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class TallyRow:
    """Counts for one (member, group, skill, mode) since each of the requested moments."""

    member_id: int
    skill_group: str
    guide_id: str | None
    other_skill: str | None
    mode: str
    records: tuple[int, ...]
    people: tuple[int, ...]


_FIELDS = (
    "member_id, team_id, village_code, guide_id, other_skill, skill_group, people_count, names, household,"
    " household_norm, mode, note, help_request_id"
)
_COLUMNS = f"{_FIELDS}, id, source, created_at, updated_at, undone_at"


def _assist(row: Row) -> Assist:
    return Assist(**{key: row[key] for key in row.keys()})  # noqa: SIM118 - a row, not a dict


async def insert_in(tx: Executor, new: NewAssist, source: str, at: str) -> tuple[int, bool]:
    """Insert inside an open transaction; a known SOURCE returns the existing id and False."""
    inserted = await tx.fetchone(
        f"INSERT INTO assists ({_FIELDS}, source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (source) DO NOTHING RETURNING id",
        (new.member_id, new.team_id, new.village_code, new.guide_id, new.other_skill, new.skill_group,
         new.people_count, new.names, new.household, new.household_norm, new.mode, new.note, new.help_request_id,
         source, at),
    )
    if inserted is not None:
        return int(inserted["id"]), True
    row = await tx.fetchone("SELECT id FROM assists WHERE source = ?", (source,))
    assert row is not None
    return int(row["id"]), False


async def save_assist(db: Database, new: NewAssist, source: str, at: datetime) -> tuple[Assist, bool]:
    """Store the assist once per SOURCE (committed before returning); returns (record, newly created)."""
    async with db.transaction() as tx:
        assist_id, created = await insert_in(tx, new, source, iso(at))
    found = await get_assist(db, assist_id)
    assert found is not None
    return found, created


async def get_assist(db: Database, assist_id: int) -> Assist | None:
    row = await db.fetchone(f"SELECT {_COLUMNS} FROM assists WHERE id = ?", (assist_id,))
    return _assist(row) if row else None


async def find_by_source(db: Database, source: str) -> Assist | None:
    row = await db.fetchone(f"SELECT {_COLUMNS} FROM assists WHERE source = ?", (source,))
    return _assist(row) if row else None


async def last_assist(db: Database, member_id: int) -> Assist | None:
    """The member's most recent record that is not undone."""
    row = await db.fetchone(
        f"SELECT {_COLUMNS} FROM assists WHERE member_id = ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1",
        (member_id,),
    )
    return _assist(row) if row else None


async def undo_assist(db: Database, assist_id: int, editor_id: int, at: datetime) -> bool:
    """Mark the record undone (kept for history); False when it already was."""
    async with db.transaction() as tx:
        changed = await tx.execute(
            "UPDATE assists SET undone_at = ? WHERE id = ? AND undone_at IS NULL", (iso(at), assist_id)
        )
        if changed != 1:
            return False
        await tx.execute(
            "INSERT INTO assist_edits (assist_id, editor_id, field, old_value, new_value, at)"
            " VALUES (?, ?, 'undone_at', NULL, ?, ?)", (assist_id, editor_id, iso(at), iso(at)),
        )
        return True


async def edit_assist(
    db: Database, assist_id: int, editor_id: int, changes: Mapping[str, str | int | None], at: datetime
) -> list[Change]:
    """Apply CHANGES to a live record and keep one history row per field that really changed."""
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    done: list[Change] = []
    async with db.transaction() as tx:
        row = await tx.fetchone(f"SELECT {_COLUMNS} FROM assists WHERE id = ? AND undone_at IS NULL", (assist_id,))
        if row is None:
            return done
        for field, value in changes.items():
            old = row[field]
            if old == value:
                continue
            await tx.execute(f"UPDATE assists SET {field} = ?, updated_at = ? WHERE id = ?",
                             (value, iso(at), assist_id))
            await tx.execute(
                "INSERT INTO assist_edits (assist_id, editor_id, field, old_value, new_value, at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (assist_id, editor_id, field, None if old is None else str(old),
                 None if value is None else str(value), iso(at)),
            )
            done.append(Change(field, None if old is None else str(old), None if value is None else str(value)))
    return done


async def edit_history(db: Database, assist_id: int) -> list[tuple[int, str, Change]]:
    """(editor id, time, change) for every edit of the record, oldest first."""
    rows = await db.fetchall(
        "SELECT editor_id, at, field, old_value, new_value FROM assist_edits WHERE assist_id = ? ORDER BY id",
        (assist_id,),
    )
    return [(r["editor_id"], r["at"], Change(r["field"], r["old_value"], r["new_value"])) for r in rows]


async def recent_households(db: Database, member_id: int, limit: int = 3) -> list[str]:
    """The member's latest distinct household labels, for one-tap reuse."""
    rows = await db.fetchall(
        "SELECT household FROM assists WHERE id IN (SELECT max(id) FROM assists WHERE member_id = ?"
        " AND household_norm != '' AND undone_at IS NULL GROUP BY household_norm) ORDER BY id DESC LIMIT ?",
        (member_id, limit),
    )
    return [r["household"] for r in rows]


async def top_guides(db: Database, member_id: int, team_id: int | None, limit: int = 4) -> list[str]:
    """Guides the member (then their team) logged most often."""
    rows = await db.fetchall(
        "SELECT guide_id, sum(CASE WHEN member_id = ? THEN 1000 ELSE 1 END) AS weight FROM assists"
        " WHERE guide_id IS NOT NULL AND undone_at IS NULL AND (member_id = ? OR team_id IS NOT DISTINCT FROM ?)"
        " GROUP BY guide_id ORDER BY weight DESC, guide_id LIMIT ?", (member_id, member_id, team_id, limit),
    )
    return [r["guide_id"] for r in rows]


def _who(member_id: int | None, team_id: int | None) -> tuple[str, list[object]]:
    if member_id is not None:
        return "member_id = ?", [member_id]
    if team_id is not None:
        return "team_id = ?", [team_id]
    raise ValueError("a member or a team is required")


async def tally(
    db: Database, since: Sequence[str], member_id: int | None = None, team_id: int | None = None
) -> list[TallyRow]:
    """Live records and people helped since each moment in SINCE (ISO UTC; '' means all time)."""
    where, params = _who(member_id, team_id)
    sums = ", ".join(
        f"sum(CASE WHEN created_at >= ? THEN 1 ELSE 0 END) AS r{i}, sum(CASE WHEN created_at >= ? THEN people_count ELSE 0 END) AS p{i}"
        for i in range(len(since))
    )
    values: list[object] = [moment for moment in since for _ in range(2)]
    rows = await db.fetchall(
        f"SELECT member_id, skill_group, guide_id, other_skill, mode, {sums} FROM assists"
        f" WHERE {where} AND undone_at IS NULL GROUP BY member_id, skill_group, guide_id, other_skill, mode",
        values + params,
    )
    return [
        TallyRow(r["member_id"], r["skill_group"], r["guide_id"], r["other_skill"], r["mode"],
                 tuple(int(r[f"r{i}"] or 0) for i in range(len(since))),
                 tuple(int(r[f"p{i}"] or 0) for i in range(len(since))))
        for r in rows
    ]


async def household_counts(
    db: Database, since: Sequence[str], member_id: int | None = None, team_id: int | None = None
) -> tuple[int, ...]:
    """Distinct households (per village) reached since each moment."""
    where, params = _who(member_id, team_id)
    counts = ", ".join(
        f"count(DISTINCT CASE WHEN created_at >= ? THEN coalesce(village_code, '') || '|' || household_norm END)"
        f" AS h{i}" for i in range(len(since))
    )
    row = await db.fetchone(
        f"SELECT {counts} FROM assists WHERE {where} AND undone_at IS NULL AND household_norm != ''",
        [*since, *params],
    )
    return tuple(int(row[f"h{i}"] or 0) for i in range(len(since))) if row else tuple(0 for _ in since)


async def latest_assists(db: Database, member_id: int, limit: int = 10) -> list[Assist]:
    """The member's most recent records, undone ones included (shown as such), newest first."""
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM assists WHERE member_id = ? ORDER BY created_at DESC, id DESC LIMIT ?",
        (member_id, limit),
    )
    return [_assist(r) for r in rows]
