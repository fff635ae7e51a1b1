"""Unclaimed help requests: remind the team once, then escalate to the commune's coordinators."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.core import jobs
from bot.core.engine import Engine, Services
from bot.members.help_desk.route import alert, commune_coordinators, route
from bot.members.help_desk.text import T
from storage import help_requests, people

INTERVAL_SECONDS = 60.0


@dataclass(frozen=True)
class TickResult:
    reminded: int
    escalated: int


async def tick(services: Services, engine: Engine) -> TickResult:
    """One pass at services.clock(): each request is reminded at most once and escalated at most once."""
    now = services.clock()
    settings = services.config.help_requests
    reminded = escalated = 0
    due = await help_requests.unclaimed_since(
        services.db, now - timedelta(minutes=settings.remind_after_minutes), "reminded_at"
    )
    for ticket in due:
        # Marked before sending: a crash may lose one reminder but never repeats it.
        if not await help_requests.mark(services.db, ticket.id, "reminded_at", now):
            continue
        resident = await people.get_person(services.db, ticket.person_id)
        found = await route(services, ticket.village_code, ticket.person_id)
        for reader in found.people:
            lead = T(reader.locale, "reminder", id=ticket.id, minutes=settings.remind_after_minutes)
            reply = await alert(services, ticket, resident, reader, lead)
            if reply.to is not None:
                await engine.deliver(reply.to, reply)
        reminded += 1
    due = await help_requests.unclaimed_since(
        services.db, now - timedelta(minutes=settings.escalate_after_minutes), "escalated_at"
    )
    for ticket in due:
        if not await help_requests.mark(services.db, ticket.id, "escalated_at", now):
            continue
        resident = await people.get_person(services.db, ticket.person_id)
        for reader in await commune_coordinators(services, ticket.village_code):
            if reader.id == ticket.person_id:
                continue
            lead = T(reader.locale, "escalation", id=ticket.id, minutes=settings.escalate_after_minutes)
            reply = await alert(services, ticket, resident, reader, lead)
            if reply.to is not None:
                await engine.deliver(reply.to, reply)
        escalated += 1
    return TickResult(reminded, escalated)


async def worker(services: Services, engine: Engine) -> None:
    """Runs beside the channels (bot/runner.py WORKERS) until cancelled."""

    async def round_() -> str | None:
        result = await tick(services, engine)
        if result.reminded or result.escalated:
            return f"{result.reminded} reminded, {result.escalated} escalated"
        return None

    await jobs.every(services, INTERVAL_SECONDS, "help-request reminders", round_)
