"""Drafts left unsaved: one reminder after a while, then they expire — and the member is told, with what
was in them, so nothing disappears without a word."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core import jobs
from bot.core.engine import Engine, Services
from bot.core.messages import Address, Reply
from bot.members.assists import draft
from bot.members.assists.screens import draft_screen, item_line
from bot.members.assists.text import T
from storage import drafts, people

REMIND_AFTER = timedelta(hours=1)
EXPIRE_AFTER = timedelta(hours=24)
INTERVAL_SECONDS = 60.0


@dataclass(frozen=True)
class TickResult:
    reminded: int
    expired: int


def _local(services: Services, iso_time: str) -> str:
    return datetime.fromisoformat(iso_time).astimezone(services.config.tz).strftime("%H:%M %d/%m")


async def tick(services: Services, engine: Engine) -> TickResult:
    """One pass at services.clock(): expire what was left a day, remind (once) what was left an hour."""
    now, db = services.clock(), services.db
    expired = reminded = 0
    for stored in await drafts.idle_drafts(db, now - EXPIRE_AFTER, reminded=True):
        if not await drafts.drop_draft(db, stored.person_id, stored.nonce):
            continue  # saved or changed meanwhile
        pending = draft.from_stored(stored)
        person = await people.get_person(db, stored.person_id)
        if pending is None or not pending.items or person is None:
            continue
        loc = person.locale
        lines = [await item_line(services, loc, item, n + 1) for n, item in enumerate(pending.items)]
        text = T(loc, "expired", time=_local(services, pending.created_at), lines="\n".join(lines))
        for line in [pending.line, *pending.queued]:
            if line:
                text += "\n\n" + T(loc, "expired_again", line=line)
        await engine.deliver(Address(person.channel, person.user_id, person.chat_id), Reply(text))
        expired += 1
    for stored in await drafts.idle_drafts(db, now - REMIND_AFTER, reminded=False):
        pending = draft.from_stored(stored)
        if pending is None or not pending.items:  # only the first question was asked: nothing to lose
            await drafts.drop_draft(db, stored.person_id, stored.nonce)
            continue
        person = await people.get_person(db, stored.person_id)
        # Marked before sending: a crash may lose one reminder but never repeats it.
        if person is None or not await drafts.mark_reminded(db, stored.person_id, stored.nonce, now):
            continue
        pending.ask, pending.view = None, None
        lead = T(person.locale, "reminder", time=_local(services, pending.created_at),
                 hours=int(EXPIRE_AFTER.total_seconds() // 3600))
        reply = await draft_screen(services, person.locale, pending, lead)
        await engine.deliver(Address(person.channel, person.user_id, person.chat_id), reply)
        reminded += 1
    return TickResult(reminded, expired)


async def worker(services: Services, engine: Engine) -> None:
    """Runs beside the channels (bot/runner.py WORKERS) until cancelled."""

    async def round_() -> str | None:
        result = await tick(services, engine)
        return f"{result.reminded} reminded, {result.expired} expired" if result.reminded or result.expired else None

    await jobs.every(services, INTERVAL_SECONDS, "assist draft reminders", round_)
