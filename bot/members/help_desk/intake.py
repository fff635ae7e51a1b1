"""A resident's request finds its people: the village is asked in the same conversation when unknown,
the request goes to the village team, else the commune's team, its coordinators or the admins, and the
resident is told who got it. Nothing waits silently: a request made before the village was known is sent
as soon as it is (typed here, or set later with /thon)."""

from __future__ import annotations

from bot.areas.lookup import area_choices, describe, lookup
from bot.core.engine import Turn
from bot.core.flows import answer, ask, data
from bot.core.messages import Choice, Reply
from bot.members.help_desk.route import alert, route, short_name
from bot.members.help_desk.text import T
from storage import areas, help_requests, people
from storage.areas import Area
from storage.help_requests import Ticket
from storage.progress import HelpRequest

VILLAGE_FLOW = "rq_village"


async def route_request(turn: Turn, request: HelpRequest) -> list[Reply]:
    """services.help_router: place the request, or ask where the resident lives first."""
    ticket = await help_requests.get_ticket(turn.db, request.id)
    if ticket is None:
        return []
    if ticket.village_code is None and turn.person.village_code:
        await help_requests.set_village(turn.db, ticket.id, turn.person.village_code)
        ticket = await help_requests.get_ticket(turn.db, ticket.id) or ticket
    if ticket.status == "claimed" and ticket.claimed_by is not None:
        member = await people.get_person(turn.db, ticket.claimed_by)
        name = short_name(member.display_name) if member else "—"
        return [Reply(T(turn.voice, "already_taken_by", member=name, id=ticket.id))]
    if ticket.village_code is None and await areas.list_level(turn.db, "province"):
        ask(turn, VILLAGE_FLOW, ticket=ticket.id, tries=0)
        return [Reply(T(turn.voice, "ask_village"))]
    return [*await announce(turn, ticket), *await _ask_village_within(turn, ticket)]


async def _ask_village_within(turn: Turn, ticket: Ticket) -> list[Reply]:
    """Someone known only by the commune (or province) of the account they wrote to (a commune's Zalo OA):
    the request went to that commune already; the village is asked within it, for next time."""
    home = turn.incoming.area
    area = await areas.get_area(turn.db, home) if home and ticket.village_code == home else None
    if area is None or area.level == "village":
        return []
    action = f"ar:cm:{area.code}:0" if area.level == "commune" else f"ar:pv:{area.code}:0"
    return [Reply(T(turn.voice, "which_village"), (Choice(T(turn.voice, "btn_pick_village"), action),))]


async def announce(turn: Turn, ticket: Ticket) -> list[Reply]:
    """Alert the nearest people once and say who they are; a second ask only says it is waiting."""
    found = await route(turn.services, ticket.village_code, turn.person.id)
    if not found.people:
        return [Reply(T(turn.voice, "nobody_yet", id=ticket.id))]
    if not await help_requests.mark(turn.db, ticket.id, "announced_at", turn.services.clock()):
        return [Reply(T(turn.voice, "still_waiting", id=ticket.id))]
    area = await areas.get_area(turn.db, ticket.village_code) if ticket.village_code else None
    place = area.name if area else ""
    commune = await areas.get_area(turn.db, area.commune_code) if area and area.commune_code else None
    told = T(turn.voice, f"sent_{found.level}", place=place, commune=commune.name if commune else place,
             n=len(found.people))
    alerts = [await alert(turn.services, ticket, turn.person, reader) for reader in found.people]
    return [Reply(told), *alerts]


async def typed_village(turn: Turn, text: str) -> list[Reply]:
    """The answer to "which village?": one place sends the request; several are offered; a question moves on."""
    ticket_id = data(turn).get("ticket")
    ticket = await help_requests.get_ticket(turn.db, ticket_id) if isinstance(ticket_id, int) else None
    if ticket is None or ticket.status != "open":
        return await turn.as_question(text)
    found = await lookup(turn.db, text, levels=("village", "commune"))
    tries = data(turn).get("tries")
    if not found.matches:
        if tries or len(text.split()) > 4 or turn.library.answers(text):
            # Not a place: they moved on. The request is kept and goes out once the village is known.
            return [Reply(T(turn.voice, "village_later", id=ticket.id)), *await turn.as_question(text)]
        ask(turn, VILLAGE_FLOW, ticket=ticket.id, tries=1)
        return [Reply(T(turn.voice, "village_not_found", text=text.strip()[:60]))]
    if found.one:
        return await place(turn, ticket, found.one)
    ask(turn, VILLAGE_FLOW, ticket=ticket.id)
    choices = await area_choices(turn.db, found.matches, lambda a: f"rq:vil:{ticket.id}:{a.code}")
    return [Reply(T(turn.voice, "village_which", text=text.strip()[:60]), tuple(choices))]


async def place(turn: Turn, ticket: Ticket, area: Area) -> list[Reply]:
    """Save where the resident lives, give the request that place, and send it."""
    await people.set_village(turn.db, turn.person.id, area.code)
    turn.person = await people.get_person(turn.db, turn.person.id) or turn.person
    await help_requests.set_village(turn.db, ticket.id, area.code)
    ticket = await help_requests.get_ticket(turn.db, ticket.id) or ticket
    saved = T(turn.voice, "village_noted", place=await describe(turn.db, area))
    return [Reply(saved), *await announce(turn, ticket)]


async def picked(turn: Turn, ticket: Ticket, code: str) -> list[Reply]:
    """rq:vil:<id>:<code>: the resident chose one of the places offered."""
    area = await areas.get_area(turn.db, code)
    if area is None or ticket.person_id != turn.person.id or ticket.status != "open":
        return [Reply(T(turn.voice, "no_request", id=ticket.id))]
    turn.state.pop("flow", None)
    return await place(turn, ticket, area)


async def forward_pending(turn: Turn) -> list[Reply]:
    """services.after_village: requests made before the village was known go out now."""
    replies: list[Reply] = []
    for ticket in await help_requests.unannounced_of(turn.db, turn.person.id):
        if ticket.village_code is None and turn.person.village_code:
            await help_requests.set_village(turn.db, ticket.id, turn.person.village_code)
            ticket = await help_requests.get_ticket(turn.db, ticket.id) or ticket
        replies += await announce(turn, ticket)
    if turn.state.get("flow") == VILLAGE_FLOW:
        turn.state.pop("flow", None)
    return replies


FLOWS = {VILLAGE_FLOW: answer(typed_village)}
