"""Zalo OA tokens: stored together, rotated under a lease so that two processes never burn one refresh token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.broadcast_queue import iso
from storage.db import Database


@dataclass(frozen=True)
class OaTokens:
    oa_id: str
    access_token: str
    refresh_token: str
    expires_at: str  # UTC ISO-8601
    refreshing_by: str | None
    refreshing_until: str | None

    def __repr__(self) -> str:  # never let a token reach a log line through a repr
        return f"OaTokens(oa_id={self.oa_id!r}, expires_at={self.expires_at!r})"


_COLUMNS = "oa_id, access_token, refresh_token, expires_at, refreshing_by, refreshing_until"


async def get_tokens(db: Database, oa_id: str) -> OaTokens | None:
    row = await db.fetchone(f"SELECT {_COLUMNS} FROM zalo_oa_tokens WHERE oa_id = ?", (oa_id,))
    return OaTokens(*(row[k] for k in row.keys())) if row else None  # noqa: SIM118 - a row, not a dict


async def save_tokens(
    db: Database, oa_id: str, access_token: str, refresh_token: str, expires_at: datetime, now: datetime
) -> None:
    """Store a fresh pair (from the authorisation code), replacing any old pair and any lease."""
    await db.execute(
        "INSERT INTO zalo_oa_tokens (oa_id, access_token, refresh_token, expires_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (oa_id) DO UPDATE SET access_token = excluded.access_token,"
        " refresh_token = excluded.refresh_token, expires_at = excluded.expires_at,"
        " updated_at = excluded.updated_at, refreshing_by = NULL, refreshing_until = NULL",
        (oa_id, access_token, refresh_token, iso(expires_at), iso(now)),
    )


async def claim_refresh(
    db: Database, oa_id: str, refresh_token: str, owner: str, until: datetime, now: datetime
) -> bool:
    """Take the lease to spend REFRESH_TOKEN; False when another process holds it or already rotated it.

    One UPDATE decides it: the row still holds REFRESH_TOKEN and nobody's lease is running. The database
    serialises concurrent UPDATEs of one row, so exactly one process wins, whatever the number of processes.
    """
    rows = await db.returning(
        "UPDATE zalo_oa_tokens SET refreshing_by = ?, refreshing_until = ?"
        " WHERE oa_id = ? AND refresh_token = ? AND (refreshing_until IS NULL OR refreshing_until < ?)"
        " RETURNING oa_id",
        (owner, iso(until), oa_id, refresh_token, iso(now)),
    )
    return bool(rows)


async def finish_refresh(
    db: Database, oa_id: str, owner: str, access_token: str, refresh_token: str, expires_at: datetime,
    now: datetime,
) -> bool:
    """Store the rotated pair and end the lease; False when the lease was no longer OWNER's."""
    rows = await db.returning(
        "UPDATE zalo_oa_tokens SET access_token = ?, refresh_token = ?, expires_at = ?, updated_at = ?,"
        " refreshing_by = NULL, refreshing_until = NULL WHERE oa_id = ? AND refreshing_by = ? RETURNING oa_id",
        (access_token, refresh_token, iso(expires_at), iso(now), oa_id, owner),
    )
    return bool(rows)


async def release_refresh(db: Database, oa_id: str, owner: str) -> None:
    """End OWNER's lease without new tokens (the refresh call failed before Zalo answered)."""
    await db.execute(
        "UPDATE zalo_oa_tokens SET refreshing_by = NULL, refreshing_until = NULL"
        " WHERE oa_id = ? AND refreshing_by = ?", (oa_id, owner),
    )
