"""Reading for reports: the area filter, the covering index of live assists, and read-only handles."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractAsyncContextManager

from storage.db import Database, Row
from storage.dialect import indexed_by

# Areas inside AREA (itself, its communes and villages); assists may name a commune for commune-level teams.
IN_AREA = "IN (SELECT code FROM areas WHERE code = :area OR commune_code = :area OR province_code = :area)"


def live_assists(db: Database) -> str:
    """The assists table for report scans: on SQLite the covering index from 0006 is named so the planner
    never falls back to the narrower (village, time) one; PostgreSQL's planner takes no such hint."""
    return indexed_by(db, "assists", "assists_report")


def readers(db: Database, count: int = 2) -> AbstractAsyncContextManager[list[Database]]:
    """COUNT handles on which reports and exports read beside each other (and beside the bot's own work):
    extra read-only connections to a SQLite file, or the PostgreSQL pool itself."""
    return db.readers(count)


async def read_rows(db: Database, sql: str, params: Mapping[str, object]) -> list[Row]:
    """Run a read with named parameters."""
    return await db.fetchall(sql, params)
