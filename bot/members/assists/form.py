"""/log (/ghi): one line read into a draft, confirmed with one tap; drafts kept, never silently replaced.

``/ghi cài vneid cho bà Lan, hộ ông Ba`` shows what was read with Save as 1 and Cancel last. A draft is kept
in storage until saved or cancelled: another /ghi while one is open waits for it, a press on an old draft's
button says so, and the reminder worker (reminders.py) nudges once and later lets it expire with a message.
``/log vneid-level2 2 bà Lan`` (an exact guide id) is saved at once, for members who know the ids.
"""

from __future__ import annotations

from bot.core.access import T as ROLES
from bot.core.engine import Feature, Turn
from bot.core.messages import Reply
from bot.members.assists import answers, draft, saving
from bot.members.assists import edit as assist_edit
from bot.members.assists.questions import ask_screen, show, wait_for
from bot.members.assists.text import T
from storage import drafts, teams


async def start_log(turn: Turn, args: str) -> list[Reply]:
    """/log [line]: the first question, the open draft, or the line read into a draft."""
    team = await teams.active_team(turn.db, turn.person.id)
    if team is None:
        return [Reply(ROLES(turn.locale, "not_member"))]
    pending = await draft.load(turn)
    open_draft = pending is not None and bool(pending.items)
    if not args.strip():
        if pending is not None and open_draft:
            pending.ask, pending.view = None, None
            await draft.store(turn, pending)
            return [await show(turn, team, pending, T(turn.locale, "still_open"))]
        fresh = draft.new_pending([], "")
        fresh.ask = {"field": "line"}
        await draft.store(turn, fresh)
        return [await ask_screen(turn, team, fresh)]
    if pending is not None and open_draft:
        return [await wait_for(turn, team, pending, args)]
    return await saving.begin(turn, team, args)


async def _saved_records(turn: Turn, op: str, nonce: str, value: str) -> list[Reply]:
    """lg:bm:<nonce>:<f|s> (who did it) and lg:bu:<nonce> (undo) on the records a draft became."""
    ids = await drafts.saved_from(turn.db, turn.person.id, nonce, draft.MAX_ITEMS)
    if not ids:
        return [Reply(T(turn.locale, "stale_form"))]
    texts: list[str] = []
    for record_id in ids:
        command = f"undo:{record_id}" if op == "bu" else f"ev:{record_id}:mode:{value}"
        texts += [r.text for r in await assist_edit.on_action(turn, command)]
    return [Reply("\n".join(texts))]


async def on_action(turn: Turn, arg: str) -> list[Reply]:
    """lg:<op>:<nonce>[:<value>] — a press on a draft; lg:new starts another entry."""
    op, _, rest = arg.partition(":")
    if op == "new":
        return await start_log(turn, "")
    nonce, _, value = rest.partition(":")
    if op in ("bm", "bu"):
        return await _saved_records(turn, op, nonce, value)
    team = await teams.active_team(turn.db, turn.person.id)
    if team is None:
        return [Reply(ROLES(turn.locale, "not_member"))]
    pending = await draft.load(turn)
    if pending is None or pending.nonce != nonce:
        ids = await drafts.saved_from(turn.db, turn.person.id, nonce, draft.MAX_ITEMS) if op == "s" else []
        if ids:
            return [Reply(T(turn.locale, "already_saved", ids=", ".join(f"#{i}" for i in ids)))]
        return [Reply(T(turn.locale, "stale_form"))]
    return await answers.press(turn, team, pending, op, value)


async def on_text(turn: Turn, text: str) -> list[Reply]:
    """Typed text while a draft is open: an answer when it fits the question, else handled as usual."""
    return await answers.typed(turn, text)


FEATURE = Feature(
    commands={"log": start_log, "ghi": start_log},
    actions={"lg": on_action},
    flows={draft.FLOW: on_text},
)
