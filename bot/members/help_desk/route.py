"""Who hears about a help request: the village's team, else the commune's team, else its coordinators."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.engine import Services
from bot.core.messages import Address, Choice, Reply
from bot.members.help_desk.text import T
from storage import areas, people, teams
from storage.help_requests import Ticket
from storage.people import Person

STEP_PREVIEW = 160  # characters of the step text shown in an alert
_SURNAMES = {"nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ", "hồ",
             "ngô", "dương", "lý", "đinh", "trương", "lâm", "mai", "đào", "trịnh", "hà", "cao", "lương"}


@dataclass(frozen=True)
class Route:
    level: str  # 'village' | 'commune' | 'coordinators' | 'admins' | 'nobody' | 'no_village'
    people: tuple[Person, ...]


def address(person: Person) -> Address:
    return Address(person.channel, person.user_id, person.chat_id)


def short_name(display_name: str) -> str:
    """What a resident sees of a member: the given name ("Nguyễn Văn An" → "An"), never more than 30 chars."""
    words = display_name.split()
    if not words:
        return "—"
    given = words[-1] if len(words) > 1 and words[0].lower() in _SURNAMES else words[0]
    return given[:30]


async def commune_coordinators(services: Services, village_code: str | None) -> list[Person]:
    """The commune's coordinators; the province's when the commune has none."""
    area = await areas.get_area(services.db, village_code) if village_code else None
    if area is None:
        return []
    for code in (area.commune_code, area.province_code):
        if code:
            found = await teams.coordinators_of(services.db, code)
            if found:
                return found
    return []


async def route(services: Services, village_code: str | None, resident_id: int) -> Route:
    """The people a request from VILLAGE_CODE should reach, nearest first."""
    if village_code is None:
        return Route("no_village", ())
    area = await areas.get_area(services.db, village_code)
    if area is None:
        return await _admins(services, resident_id)
    for code, level in ((area.code, "village"), (area.commune_code, "commune")):
        if code is None or (level == "commune" and code == area.code):
            continue
        people = [m for team in await teams.teams_in_area(services.db, code)
                  for m in await teams.team_members(services.db, team.id) if m.id != resident_id]
        if people:
            return Route(level, tuple(_unique(people)))
    coordinators = [p for p in await commune_coordinators(services, village_code) if p.id != resident_id]
    if coordinators:
        return Route("coordinators", tuple(_unique(coordinators)))
    return await _admins(services, resident_id)


async def _admins(services: Services, resident_id: int) -> Route:
    """The last resort, so a request is never held silently: the admins listed in config who ever wrote."""
    found = []
    for identity in services.config.admins:
        channel, _, user_id = identity.partition(":")
        person = await people.find_person(services.db, channel, user_id)
        if person is not None and person.id != resident_id:
            found.append(person)
    return Route("admins", tuple(found)) if found else Route("nobody", ())


def _unique(people: list[Person]) -> list[Person]:
    by_id: dict[int, Person] = {}
    for person in people:
        by_id.setdefault(person.id, person)
    return list(by_id.values())


async def alert(services: Services, ticket: Ticket, resident: Person | None, reader: Person,
                lead: str | None = None) -> Reply:
    """The message a member or coordinator gets about a request, with the Take-it button."""
    loc = reader.locale
    guide = services.library.get(ticket.guide_id) if ticket.guide_id else None
    stuck = ""
    if guide is not None and ticket.step and 1 <= ticket.step <= len(guide.steps):
        text = guide.steps[ticket.step - 1].text.get(loc)
        text = text if len(text) <= STEP_PREVIEW else text[:STEP_PREVIEW].rsplit(" ", 1)[0] + "…"
        stuck = T(loc, "alert_stuck", n=ticket.step, total=len(guide.steps), text=text)
    place = await areas.get_area(services.db, ticket.village_code) if ticket.village_code else None
    body = T(loc, "alert", id=ticket.id, resident=resident.display_name if resident and resident.display_name
             else T(loc, "someone"), village=place.name if place else T(loc, "unknown_village"),
             guide=guide.title.get(loc) if guide else T(loc, "no_guide"), stuck=stuck)
    text = f"{lead}\n\n{body}" if lead else body
    return Reply(text, (Choice(T(loc, "btn_claim"), f"rq:claim:{ticket.id}"),), to=address(reader))
