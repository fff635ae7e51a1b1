"""The administrative header and signature block an area's reports carry (set by its coordinators)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storage.db import Database

FIELDS = ("superior", "issuer", "number_pattern", "place", "signer_title", "signer_name", "preparer", "recipients")


@dataclass(frozen=True)
class LetterheadRow:
    """What was entered for one area; None keeps the value derived from the area's name."""

    area_code: str
    superior: str | None
    issuer: str | None
    number_pattern: str | None
    place: str | None
    signer_title: str | None
    signer_name: str | None
    preparer: str | None
    recipients: str | None


async def get_letterheads(db: Database, codes: Sequence[str]) -> dict[str, LetterheadRow]:
    if not codes:
        return {}
    rows = await db.fetchall(
        f"SELECT area_code, {', '.join(FIELDS)} FROM report_letterheads"
        f" WHERE area_code IN ({','.join('?' * len(codes))})", list(codes),
    )
    return {r["area_code"]: LetterheadRow(*tuple(r)) for r in rows}


async def save_letterhead(db: Database, area_code: str, values: Mapping[str, str | None], updated_by: str) -> None:
    """Set the given fields ('' clears one back to its default); the others keep their value."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown letterhead fields: {sorted(unknown)}")
    names = list(values)
    updates = ", ".join(f"{n} = excluded.{n}" for n in names)
    await db.execute(
        f"INSERT INTO report_letterheads (area_code, {', '.join(names)}, updated_by)"
        f" VALUES (?, {', '.join('nullif(?, ' + repr('') + ')' for _ in names)}, ?)"
        f" ON CONFLICT (area_code) DO UPDATE SET {updates + ', ' if updates else ''}updated_by = excluded.updated_by,"
        " updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
        [area_code, *(values[n] for n in names), updated_by],
    )
