"""The last good source text of each guide file, kept in the database so it outlives a broken file."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from storage.db import Database


async def load_all(db: Database) -> dict[str, str]:
    """File name → the source text last saved for it."""
    rows = await db.fetchall("SELECT name, source FROM guide_sources")
    return {row["name"]: row["source"] for row in rows}


async def save(db: Database, sources: Mapping[str, str], keep_only: Iterable[str] | None = None) -> None:
    """Remember SOURCES (only the changed ones are written); with KEEP_ONLY, forget every other file."""
    current = await load_all(db)
    changed = {name: text for name, text in sources.items() if current.get(name) != text}
    gone = [] if keep_only is None else sorted(set(current) - set(keep_only) - set(sources))
    if not changed and not gone:
        return
    async with db.transaction() as conn:
        for name, text in changed.items():
            await conn.execute(
                "INSERT INTO guide_sources (name, source) VALUES (?, ?) ON CONFLICT (name) DO UPDATE"
                " SET source = excluded.source, saved_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
                (name, text),
            )
        for name in gone:
            await conn.execute("DELETE FROM guide_sources WHERE name = ?", (name,))
