"""Conversation state, numbered menus and update de-duplication, keyed by person."""

from __future__ import annotations

import json
from typing import Any

from storage.db import Database

NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
SAVE_STATE = (
    "INSERT INTO conversation_state (person_id, data) VALUES (?, ?)"
    f" ON CONFLICT (person_id) DO UPDATE SET data = excluded.data, updated_at = {NOW}"
)
SAVE_MENU = (
    "INSERT INTO choice_menus (person_id, actions) VALUES (?, ?)"
    f" ON CONFLICT (person_id) DO UPDATE SET actions = excluded.actions, created_at = {NOW}"
)


def state_from(data: str | None) -> dict[str, Any]:
    """A stored state as a dict (empty when there is none)."""
    if data is None:
        return {}
    loaded = json.loads(data)
    return loaded if isinstance(loaded, dict) else {}


def menu_from(actions: str | None) -> list[str]:
    """A stored numbered menu as its list of actions."""
    if actions is None:
        return []
    loaded = json.loads(actions)
    return [str(a) for a in loaded] if isinstance(loaded, list) else []


async def load_state(db: Database, person_id: int) -> dict[str, Any]:
    """The person's flow state; an empty dict when they have none."""
    row = await db.fetchone("SELECT data FROM conversation_state WHERE person_id = ?", (person_id,))
    return state_from(row["data"] if row else None)


async def save_state(db: Database, person_id: int, data: dict[str, Any]) -> None:
    """Saved at once, or with the turn's closing transaction inside a turn."""
    encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    await db.write_later(SAVE_STATE, (person_id, encoded), key=("state", person_id))


async def save_menu(db: Database, person_id: int, actions: list[str]) -> None:
    """Replace the person's numbered menu: older numbers stop meaning anything."""
    await db.write_later(SAVE_MENU, (person_id, json.dumps(actions)), key=("menu", person_id))


async def load_menu(db: Database, person_id: int) -> list[str]:
    row = await db.fetchone("SELECT actions FROM choice_menus WHERE person_id = ?", (person_id,))
    return menu_from(row["actions"] if row else None)


async def first_delivery(db: Database, channel: str, message_id: str) -> bool:
    """Record the message id; False when it was seen before (a redelivery)."""
    rows = await db.returning(
        "INSERT INTO processed_messages (channel, message_id) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING 1",
        (channel, message_id),
    )
    return bool(rows)
