"""Plumbing shared by the member forms (/log, /session): state copies, idle forms, typed numbers."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
from typing import Any

from bot.core.engine import Turn
from storage import conversations
from storage.assists import iso

Form = dict[str, Any]
IDLE = timedelta(minutes=30)  # a form left this long no longer captures what the person types


def current(turn: Turn, flow: str, key: str) -> Form | None:
    """The open form as a fresh copy put back in the state (the engine saves state it sees changed)."""
    form = turn.state.get(key)
    if turn.state.get("flow") != flow or not isinstance(form, dict):
        return None
    fresh: Form = copy.deepcopy(form)
    turn.state[key] = fresh
    return fresh


def touch(turn: Turn, form: Form) -> Form:
    """Note when the form was last used (see ``abandoned``)."""
    form["at"] = iso(turn.services.clock())
    return form


def stop(turn: Turn, flow: str, key: str) -> None:
    turn.state.pop(key, None)
    if turn.state.get("flow") == flow:
        turn.state.pop("flow", None)


async def abandoned(turn: Turn, form: Form) -> bool:
    """True when typed text should not go into FORM: it sat idle, or the person moved to another menu."""
    before = form.get("at")
    if isinstance(before, str) and turn.services.clock() - datetime.fromisoformat(before) > IDLE:
        return True
    if not turn.incoming.numbered_choices:
        return False
    menu = await conversations.load_menu(turn.db, turn.person.id)
    return bool(menu) and not any(f":{form.get('n')}" in action for action in menu)


async def expect_number(turn: Turn) -> bool:
    """On channels without buttons, clear the numbered menu so a typed "12" reaches the form.

    Returns True when that was done, so the screen is sent without choices (they would renumber it).
    """
    if not turn.incoming.numbered_choices:
        return False
    await conversations.save_menu(turn.db, turn.person.id, [])
    return True
