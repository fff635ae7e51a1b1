"""Conversation state, numbered menus and update de-duplication, keyed by person."""

from __future__ import annotations

import json
from typing import Any

from storage.db import Database


async def load_state(db: Database, person_id: int) -> dict[str, Any]:
    """The person's flow state; an empty dict when they have none."""
    row = await db.fetchone("SELECT data FROM conversation_state WHERE person_id = ?", (person_id,))
    if row is None:
        return {}
    data = json.loads(row["data"])
    return data if isinstance(data, dict) else {}


async def save_state(db: Database, person_id: int, data: dict[str, Any]) -> None:
    await db.execute(
        "INSERT INTO conversation_state (person_id, data) VALUES (?, ?)"
        " ON CONFLICT (person_id) DO UPDATE SET data = excluded.data,"
        " updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
        (person_id, json.dumps(data, ensure_ascii=False, separators=(",", ":"))),
    )


async def save_menu(db: Database, person_id: int, actions: list[str]) -> None:
    """Replace the person's numbered menu: older numbers stop meaning anything."""
    await db.execute(
        "INSERT INTO choice_menus (person_id, actions) VALUES (?, ?)"
        " ON CONFLICT (person_id) DO UPDATE SET actions = excluded.actions,"
        " created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
        (person_id, json.dumps(actions)),
    )


async def load_menu(db: Database, person_id: int) -> list[str]:
    row = await db.fetchone("SELECT actions FROM choice_menus WHERE person_id = ?", (person_id,))
    if row is None:
        return []
    actions = json.loads(row["actions"])
    return [str(a) for a in actions] if isinstance(actions, list) else []


async def first_delivery(db: Database, channel: str, message_id: str) -> bool:
    """Record the message id; False when it was seen before (a redelivery)."""
    rows = await db.execute_returning(
        "INSERT INTO processed_messages (channel, message_id) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING 1",
        (channel, message_id),
    )
    return bool(rows)
