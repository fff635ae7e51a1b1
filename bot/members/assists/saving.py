"""Saving a draft (and the one-line form with an exact guide id, saved at once), cancelling it, and then
reading the next line that waited for it."""

from __future__ import annotations

from bot.core.engine import Turn
from bot.core.messages import Reply
from bot.members.assists import draft
from bot.members.assists.draft import Pending
from bot.members.assists.questions import ask, read_items, show
from bot.members.assists.scope import may_log_in
from bot.members.assists.screens import saved_screen
from bot.members.assists.text import T
from storage import assists, drafts
from storage.teams import Team


async def begin(turn: Turn, team: Team, line: str, lead: str | None = None) -> list[Reply]:
    """Read LINE into a new draft (or save it at once when it starts with an exact guide id)."""
    items, notes = await read_items(turn, team, line)
    if not items:
        return [Reply("\n\n".join([*([lead] if lead else []), *notes, T(turn.locale, "nothing_read",
                                                                          text=line.strip()[:60])]))]
    lead = "\n\n".join([*([lead] if lead else []), *notes]) or None
    quick = line.split()[0].lower() in turn.library.current.guides
    if quick and len(items) == 1 and items[0].get("village"):
        return [await _save_quick(turn, team, items[0], lead)]
    pending = draft.new_pending(items, line)
    missing = next((n for n, item in enumerate(items) if not item.get("guide") and not item.get("other")), None)
    if missing is not None:
        return [await ask(turn, team, pending, "task", missing, lead)]
    nowhere = next((n for n, item in enumerate(items) if not item.get("village")), None)
    if nowhere is not None:  # a commune-level team and no village said: that comes first
        return [await ask(turn, team, pending, "village", nowhere, lead, then="save" if quick else None)]
    await draft.store(turn, pending)
    return [await show(turn, team, pending, lead)]


async def _save_quick(turn: Turn, team: Team, item: draft.Item, lead: str | None) -> Reply:
    incoming = turn.incoming
    source = f"msg:{incoming.channel}:{incoming.message_id}" if incoming.message_id else None
    pending = draft.new_pending([item], "")
    if not await may_log_in(turn, team, str(item["village"])):
        return Reply(T(turn.locale, "not_own_village"))
    record = draft.record(item, turn.person.id, team, turn.library)
    saved, _ = await assists.save_assist(turn.db, record, source or f"form:{turn.person.id}:{pending.nonce}",
                                         turn.services.clock())
    return await saved_screen(turn, [item], [saved.id], pending.nonce, lead)


async def save(turn: Turn, team: Team, pending: Pending) -> list[Reply]:
    """Write every assist of the draft (committed) and only then say so; then read any line that waited."""
    missing = next((n for n, item in enumerate(pending.items) if not item.get("village")), None)
    if missing is not None:
        return [await ask(turn, team, pending, "village", missing, then="save")]
    for item in pending.items:
        if not await may_log_in(turn, team, str(item["village"])):
            return [Reply(T(turn.locale, "not_own_village"))]
    records = [draft.record(item, turn.person.id, team, turn.library) for item in pending.items]
    saved = await drafts.save_draft(turn.db, turn.person.id, pending.nonce, records,
                                    draft.when(pending) or turn.services.clock())
    draft.release(turn)
    ids = [record_id for record_id, _ in saved]
    if not any(created for _, created in saved):
        return [Reply(T(turn.locale, "already_saved", ids=", ".join(f"#{i}" for i in ids)))]
    return [await saved_screen(turn, pending.items, ids, pending.nonce), *await next_line(turn, team, pending)]


async def cancel(turn: Turn, team: Team, pending: Pending) -> list[Reply]:
    await drafts.drop_draft(turn.db, turn.person.id, pending.nonce)
    draft.release(turn)
    return [Reply(T(turn.locale, "cancelled")), *await next_line(turn, team, pending)]


async def next_line(turn: Turn, team: Team, pending: Pending) -> list[Reply]:
    """The first line that waited for PENDING, read now; the others wait on the new draft."""
    if not pending.queued:
        return []
    first, rest = pending.queued[0], pending.queued[1:]
    replies = await begin(turn, team, first)
    if rest:
        fresh = await draft.load(turn)
        if fresh is not None:
            fresh.queued = rest + fresh.queued
            await draft.store(turn, fresh)
    return replies
