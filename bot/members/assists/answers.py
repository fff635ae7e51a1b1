"""Presses on a draft and typed answers: a message fills the draft only when it fits the question asked.

"con" is no name, "làm sao đăng nhập" is no household: such a message is answered as usual, the member is
told it did not go into the entry, and the draft waits. A new log line while a draft is open waits for it.
A digit typed on a channel with buttons picks the same choice as on a numbered list.
"""

from __future__ import annotations

import re
from datetime import datetime

from bot.core.engine import Turn
from bot.core.messages import Reply
from bot.core.normalize import normal
from bot.members.assists import draft, fields, saving
from bot.members.assists.draft import Pending
from bot.members.assists.flow import IDLE
from bot.members.assists.questions import ask, ask_screen, read_items, show, wait_for
from bot.members.assists.scope import default_village, find_village, may_log_in
from bot.members.assists.text import T
from bot.members.assists.words import PLACE_WORDS, is_question
from bot.residents.search import MATCH_THRESHOLD
from storage import assists, conversations, drafts, teams
from storage.teams import Team

_SAVE = {"luu", "luu lai", "ok", "oke", "dung", "dung roi", "co", "xong", "save", "yes"}
_CANCEL = {"huy", "huy bo", "cancel", "thoi", "khong ghi nua"}
_CLEAR = {"khong", "bo qua", "skip", "khong co", "xoa", "de trong"}
_MODES = {"lam ho": "for_them", "minh lam ho": "for_them", "lam giup": "for_them", "tu lam": "self",
          "nguoi dan tu lam": "self"}
_FIELDS = {"t": "task", "p": "people", "h": "household", "v": "village"}


async def press(turn: Turn, team: Team, pending: Pending, op: str, value: str) -> list[Reply]:
    """A button of PENDING (its nonce already checked)."""
    if op == "s":
        return await saving.save(turn, team, pending)
    if op == "x":
        return await saving.cancel(turn, team, pending)
    if op == "e" and value in _FIELDS and pending.items:
        return [await ask(turn, team, pending, _FIELDS[value], pending.target)]
    if op == "g" and turn.library.get(value):
        if not pending.items:  # the first question: the task was picked, now who was helped
            item: draft.Item = {"guide": value, "other": None, "unsure": False, "count": 1, "names": "",
                                "household": "", "village": await default_village(turn, team), "mode": "self",
                                "note": ""}
            pending.items.append(item)
            return [await ask(turn, team, pending, "people", 0)]
        pending.items[pending.target].update(guide=value, other=None, unsure=False)
    elif op == "m" and value in ("f", "s"):
        mode = "for_them" if value == "f" else "self"
        for n in _targets(pending):
            pending.items[n]["mode"] = mode
    elif op == "i" and value.isdigit() and int(value) < len(pending.items):
        pending.view = int(value)
    elif op == "b" and pending.ask is None:
        pending.view = None
    elif op == "d" and pending.view is not None and pending.view < len(pending.items):
        del pending.items[pending.view]
        pending.view = None
        if not pending.items:
            return await saving.cancel(turn, team, pending)
    elif op == "v":
        return await _village(turn, team, pending, value)
    elif op == "hh" and value.isdigit() and pending.items:
        recent = await assists.recent_households(turn.db, turn.person.id)
        if int(value) < len(recent):
            pending.items[pending.target]["household"] = recent[int(value)]
    if not pending.items:
        return [await ask_screen(turn, team, pending)]
    pending.ask = None
    await draft.store(turn, pending)
    return [await show(turn, team, pending)]


def _targets(pending: Pending) -> list[int]:
    """The items a change applies to: the one shown on its own, else all."""
    if pending.view is not None and pending.view < len(pending.items):
        return [pending.view]
    return list(range(len(pending.items)))


async def _village(turn: Turn, team: Team, pending: Pending, code: str) -> list[Reply]:
    if not await may_log_in(turn, team, code):
        return [Reply(T(turn.locale, "not_own_village")), await show(turn, team, pending)]
    then = (pending.ask or {}).get("then")
    pending.items[pending.target]["village"] = code
    for item in pending.items:
        item["village"] = item.get("village") or code
    pending.ask = None
    if then == "save":
        return await saving.save(turn, team, pending)
    await draft.store(turn, pending)
    return [await show(turn, team, pending)]


async def typed(turn: Turn, text: str) -> list[Reply]:
    """Text while a draft is open: an answer that fits, a line that waits, or not for the draft at all."""
    team = await teams.active_team(turn.db, turn.person.id)
    pending = await draft.load(turn)
    if team is None or pending is None:
        draft.release(turn)
        return await turn.as_question(text)
    words = normal(text)
    if words in _CANCEL:
        return await saving.cancel(turn, team, pending)
    field = str((pending.ask or {}).get("field") or "confirm")
    result: list[Reply] | None = None
    away = False
    if words in _SAVE and field == "confirm":
        result = await saving.save(turn, team, pending)
    elif _idle(turn, pending) or await _moved_on(turn, pending):
        away = True  # a question asked long ago, or another menu since: this message is about something else
    elif field == "line":
        if await _is_line(turn, team, text):
            await drafts.drop_draft(turn.db, turn.person.id, pending.nonce)
            result = await saving.begin(turn, team, text)
    elif field == "confirm":
        result = await _confirm(turn, team, pending, text)
    else:
        result = await _answer(turn, team, pending, field, text)
    if result is not None:
        return result
    draft.release(turn)
    if not pending.items:
        await drafts.drop_draft(turn.db, turn.person.id, pending.nonce)
        return [Reply(T(turn.locale, "not_a_line", text=text[:60])), *await turn.as_question(text)]
    note = T(turn.locale, "draft_kept") if away else T(turn.locale, "not_an_answer", text=text[:60],
                                                               what=T(turn.locale, f"what_{field}"))
    return [Reply(note), *await turn.as_question(text)]


def _idle(turn: Turn, pending: Pending) -> bool:
    return bool(pending.updated_at) and turn.services.clock() - datetime.fromisoformat(pending.updated_at) > IDLE


async def _moved_on(turn: Turn, pending: Pending) -> bool:
    """On numbered channels: the last list shown is not this draft's (the member went to the menu)."""
    if not turn.incoming.numbered_choices:
        return False
    menu = await conversations.load_menu(turn.db, turn.person.id)
    return bool(menu) and not any(pending.nonce in action for action in menu)


async def _is_line(turn: Turn, team: Team, text: str) -> bool:
    if is_question(text):
        return False
    items, _ = await read_items(turn, team, text)
    return any(i.get("guide") or i.get("names") or i.get("household") for i in items)


async def _new_line(turn: Turn, team: Team, pending: Pending, text: str) -> list[Reply] | None:
    """A whole log line typed while the draft is open: it waits for the draft."""
    if is_question(text):
        return None
    items, _ = await read_items(turn, team, text)
    if not any(i.get("guide") for i in items):
        return None
    return [await wait_for(turn, team, pending, text)]


async def _confirm(turn: Turn, team: Team, pending: Pending, text: str) -> list[Reply] | None:
    words = normal(text)
    if words in _MODES:
        return await press(turn, team, pending, "m", "f" if _MODES[words] == "for_them" else "s")
    if words.isdigit() and not turn.incoming.numbered_choices:
        screen = await show(turn, team, pending)
        index = int(words) - 1
        if 0 <= index < len(screen.choices):  # the same number as on a numbered list
            _, op, _, value = [*screen.choices[index].action.split(":", 3), ""][:4]
            return await press(turn, team, pending, op, value)
    return await _new_line(turn, team, pending, text)


def _bare_names(text: str) -> list[str]:
    """Names typed on their own, capitalised ("Lan", "Nguyễn Văn Tư, Hoa"); empty when TEXT is not that."""
    parts = [p.strip() for p in re.split(r",|\s+(?:và|va)\s+", text) if p.strip()]
    words = [w for p in parts for w in p.split()]
    return parts if parts and len(words) <= 8 and all(w[:1].isupper() for w in words) else []


async def _answer(turn: Turn, team: Team, pending: Pending, field: str, text: str) -> list[Reply] | None:
    item = pending.items[pending.target]
    words = normal(text)
    if field == "village":
        found = await find_village(turn, team, text)
        if len(found) == 1:
            return await _village(turn, team, pending, found[0].code)
        if len(words.split()) > 3 and words.split()[0] not in PLACE_WORDS:
            return None  # not a village's name at all
        return [await ask_screen(turn, team, pending, T(turn.locale, "no_village_match", text=text[:40]))]
    if field == "task":
        hits = turn.library.search(text, limit=3)
        if hits and hits[0].score >= MATCH_THRESHOLD:
            item.update(guide=hits[0].guide_id, other=None, unsure=False)
        elif hits and hits[0].score >= MATCH_THRESHOLD / 2 and (other := fields.clean(text, fields.MAX_OTHER).text):
            item["other"] = other  # close calls: the guesses are offered as choices
            return [await ask_screen(turn, team, pending)]
        elif len(words.split()) <= 6 and "?" not in text and (other := fields.clean(text, fields.MAX_OTHER).text):
            item.update(guide=None, other=other, unsure=False)
        else:
            return None
    elif field == "household" and words in _CLEAR:
        item["household"] = ""
    elif field == "people" and (count := fields.parse_count(text)) is not None:
        item["count"] = count
    elif (names := _bare_names(text)) and (cleaned := fields.clean(", ".join(names), fields.MAX_NAMES).text):
        item["household" if field == "household" else "names"] = cleaned
        if field == "people":
            item["count"] = max(len(names), 1)
    else:
        read, _ = await read_items(turn, team, text)
        if any(r.get("guide") and r["guide"] != item.get("guide") for r in read):
            return await _new_line(turn, team, pending, text)
        named = [r for r in read if r.get("names") or r.get("household")]
        if not named:
            return None  # "con", "alo", a question: it names no one
        if field == "household":
            item["household"] = named[0].get("household") or named[0].get("names")
        else:
            item["names"] = ", ".join(str(r["names"]) for r in named if r.get("names"))
            item["count"] = sum(int(r.get("count") or 1) for r in named)
            item["household"] = next((r["household"] for r in named if r.get("household")), item.get("household"))
    pending.ask = None
    await draft.store(turn, pending)
    return [await show(turn, team, pending)]
