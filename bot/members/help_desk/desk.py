"""Help requests from the team's side: routing, claiming, messaging through the bot, closing, /requests."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.access import T as ROLES
from bot.core.access import scope_of
from bot.core.engine import Feature, Turn
from bot.core.i18n import Voice
from bot.core.messages import Choice, Reply
from bot.members.assists.fields import MAX_NAMES, clean
from bot.members.help_desk import intake
from bot.members.help_desk import relay as talk
from bot.members.help_desk.intake import route_request
from bot.members.help_desk.route import address, short_name
from bot.members.help_desk.text import T
from bot.residents.ask import question
from storage import areas, help_requests, people
from storage.assists import OTHER_GROUP, NewAssist, iso
from storage.help_requests import Ticket
from storage.people import Person

RELAY_FLOW, ANSWER_FLOW, KEY = "rq_relay", "rq_answer", "rq"
RELAY_TIMEOUT = timedelta(minutes=30)  # a forgotten "type your message" must not swallow later questions
LIST_LIMIT = 15


async def _may_handle(turn: Turn, ticket: Ticket) -> bool:
    """Members of the village's or commune's team, and coordinators covering the village."""
    scope = await scope_of(turn)
    if scope.is_admin:
        return True
    area = await areas.get_area(turn.db, ticket.village_code) if ticket.village_code else None
    if area is None:
        return False
    if scope.team is not None and scope.team.area_code in (area.code, area.commune_code):
        return True
    return scope.covers(area)


def _controls(turn: Turn, ticket_id: int) -> tuple[Choice, ...]:
    return (Choice(T(turn.locale, "btn_message"), f"rq:msg:{ticket_id}"),
            Choice(T(turn.locale, "btn_close"), f"rq:close:{ticket_id}"))


async def _claim(turn: Turn, ticket: Ticket) -> list[Reply]:
    loc = turn.locale
    if ticket.status == "closed":
        return [Reply(T(loc, "closed_already", id=ticket.id))]
    if not await _may_handle(turn, ticket):
        return [Reply(T(loc, "outside", id=ticket.id))]
    won = ticket.status == "open" and await help_requests.claim(turn.db, ticket.id, turn.person.id,
                                                                turn.services.clock())
    resident = await people.get_person(turn.db, ticket.person_id)
    name = resident.display_name if resident and resident.display_name else T(loc, "someone")
    if not won:
        latest = await help_requests.get_ticket(turn.db, ticket.id)
        if latest is not None and latest.claimed_by == turn.person.id and latest.status == "claimed":
            return [Reply(T(loc, "claimed", id=ticket.id, resident=name), _controls(turn, ticket.id))]
        return [Reply(T(loc, "taken", id=ticket.id))]
    talk.remember_talk(turn, ticket.id)  # what they type next goes to the resident
    replies = [Reply(T(loc, "claimed", id=ticket.id, resident=name), _controls(turn, ticket.id))]
    if resident is not None:
        replies[:0] = await talk.attached_for(turn, ticket.id, resident)
    if resident is not None:
        member = short_name(turn.person.display_name)
        reader = Voice.of(resident.locale, resident.address_as)
        replies.append(Reply(T(reader, "claimed_resident", member=member, id=ticket.id),
                             (Choice(T(reader, "btn_done_talking"), f"rq:end:{ticket.id}"),),
                             to=address(resident)))
    return replies


async def _start_relay(turn: Turn, ticket: Ticket, flow: str) -> list[Reply]:
    loc = turn.locale
    if ticket.status != "claimed" or ticket.claimed_by is None:
        return [Reply(T(loc, "not_open_for_messages", id=ticket.id))]
    if flow == RELAY_FLOW and ticket.claimed_by != turn.person.id:
        return [Reply(T(loc, "not_claimer", id=ticket.id))]
    if flow == ANSWER_FLOW and ticket.person_id != turn.person.id:
        return [Reply(T(loc, "outside", id=ticket.id))]
    other = await people.get_person(turn.db, ticket.person_id if flow == RELAY_FLOW else ticket.claimed_by)
    turn.state["flow"] = flow
    turn.state[KEY] = {"id": ticket.id, "at": iso(turn.services.clock())}
    cancel = (Choice(T(loc, "btn_cancel"), "rq:stop"),)
    if flow == RELAY_FLOW:
        resident = other.display_name if other and other.display_name else T(loc, "someone")
        return [Reply(T(loc, "ask_message", resident=resident, member=short_name(turn.person.display_name)), cancel)]
    return [Reply(T(loc, "ask_answer", member=short_name(other.display_name) if other else "—"), cancel)]


def _stop(turn: Turn) -> None:
    turn.state.pop(KEY, None)
    if turn.state.get("flow") in (RELAY_FLOW, ANSWER_FLOW):
        turn.state.pop("flow", None)


async def relay(turn: Turn, text: str) -> list[Reply]:
    """The typed message goes to the other side of the request, never their phone number."""
    pending = turn.state.get(KEY)
    flow = turn.state.get("flow")
    _stop(turn)
    started = pending.get("at") if isinstance(pending, dict) else None
    ticket = await help_requests.get_ticket(turn.db, int(pending["id"])) if isinstance(pending, dict) else None
    if (ticket is None or not isinstance(started, str)
            or turn.services.clock() - datetime.fromisoformat(started) > RELAY_TIMEOUT):
        return await question(turn, text)
    loc = turn.locale
    if ticket.status != "claimed" or ticket.claimed_by is None:
        return [Reply(T(loc, "not_open_for_messages", id=ticket.id))]
    if flow == RELAY_FLOW and ticket.claimed_by == turn.person.id:
        resident = await people.get_person(turn.db, ticket.person_id)
        if resident is None:
            return [Reply(T(loc, "not_open_for_messages", id=ticket.id))]
        talk.remember_talk(turn, ticket.id)
        reader = Voice.of(resident.locale, resident.address_as)
        out = Reply(T(reader, "relay_to_resident", member=short_name(turn.person.display_name), text=text),
                    (Choice(T(reader, "btn_answer"), f"rq:ans:{ticket.id}"),), to=address(resident))
        name = resident.display_name or T(loc, "someone")
        return [out, Reply(T(loc, "relay_sent", name=name), _controls(turn, ticket.id))]
    if flow == ANSWER_FLOW and ticket.person_id == turn.person.id:
        member = await people.get_person(turn.db, ticket.claimed_by)
        if member is None:
            return [Reply(T(loc, "not_open_for_messages", id=ticket.id))]
        resident_name = turn.person.display_name or T(member.locale, "someone")
        out = Reply(T(member.locale, "relay_to_member", resident=resident_name, id=ticket.id, text=text),
                    (Choice(T(member.locale, "btn_message"), f"rq:msg:{ticket.id}"),
                     Choice(T(member.locale, "btn_close"), f"rq:close:{ticket.id}")), to=address(member))
        return [out, Reply(T(loc, "relay_sent", name=short_name(member.display_name)),
                           (Choice(T(loc, "btn_menu"), "m"),))]
    return [Reply(T(loc, "not_claimer", id=ticket.id))]


async def _close(turn: Turn, ticket: Ticket, mode: str | None) -> list[Reply]:
    loc = turn.locale
    if ticket.status == "open":
        return [Reply(T(loc, "not_claimed", id=ticket.id))]
    if ticket.status != "claimed" and ticket.claimed_by != turn.person.id:
        return [Reply(T(loc, "closed_already", id=ticket.id))]
    if ticket.status == "claimed" and ticket.claimed_by != turn.person.id:
        scope = await scope_of(turn)
        area = await areas.get_area(turn.db, ticket.village_code) if ticket.village_code else None
        if not (scope.is_admin or (area is not None and scope.covers(area))):
            return [Reply(T(loc, "not_claimer", id=ticket.id))]
    if mode is None and ticket.status == "claimed":
        return [Reply(T(loc, "ask_close", id=ticket.id), (
            Choice(T(loc, "btn_self"), f"rq:done:{ticket.id}:s"),
            Choice(T(loc, "btn_for_them"), f"rq:done:{ticket.id}:f")))]
    return await _close_with_assist(turn, ticket, mode or "self")


async def _close_with_assist(turn: Turn, ticket: Ticket, mode: str) -> list[Reply]:
    loc = turn.locale
    scope = await scope_of(turn)
    guide = turn.library.get(ticket.guide_id) if ticket.guide_id else None
    resident = await people.get_person(turn.db, ticket.person_id)
    names = (clean(resident.display_name, MAX_NAMES).text or "") if resident else ""
    new = NewAssist(
        member_id=turn.person.id, team_id=scope.team.id if scope.team else None,
        village_code=ticket.village_code or (scope.team.area_code if scope.team else None),
        guide_id=guide.id if guide else None, other_skill=None if guide else T("vi", "no_guide"),
        skill_group=guide.skill_group if guide else OTHER_GROUP, names=names, mode=mode,
        note=f"#{ticket.id}", help_request_id=ticket.id,
    )
    done = await help_requests.close_with_assist(turn.db, ticket.id, new, turn.services.clock())
    if done is None:
        return [Reply(T(loc, "not_claimed", id=ticket.id))]
    assist_id, newly = done
    replies = [Reply(T(loc, "closed", id=ticket.id, assist=assist_id))]
    if newly and resident is not None:
        replies.append(Reply(T(Voice.of(resident.locale, resident.address_as), "closed_resident", id=ticket.id),
                             (Choice(T(resident.locale, "btn_menu"), "m"),), to=address(resident)))
    return replies


async def on_action(turn: Turn, arg: str) -> list[Reply]:
    """rq:claim|msg|ans|close:<id>, rq:done:<id>:<s|f>, rq:stop."""
    op, _, rest = arg.partition(":")
    if op == "stop":
        _stop(turn)
        talk.forget_talk(turn)
        return [Reply(T(turn.locale, "relay_cancelled"))]
    number, _, value = rest.partition(":")
    ticket = await help_requests.get_ticket(turn.db, int(number)) if number.isdigit() and len(number) < 10 else None
    if ticket is None:
        return [Reply(T(turn.locale, "no_request", id=number[:10] or "?"))]
    if op == "claim":
        return await _claim(turn, ticket)
    if op == "end":
        return await talk.end_for_resident(turn, ticket)
    if op == "vil":
        return await intake.picked(turn, ticket, value)
    if op == "msg":
        return await _start_relay(turn, ticket, RELAY_FLOW)
    if op == "ans":
        return await _start_relay(turn, ticket, ANSWER_FLOW)
    if op == "close":
        return await _close(turn, ticket, None)
    if op == "done" and value in ("s", "f"):
        return await _close(turn, ticket, "self" if value == "s" else "for_them")
    return [Reply(T(turn.locale, "no_request", id=ticket.id))]


def _age(turn: Turn, created_at: str) -> str:
    minutes = max(0, int((turn.services.clock() - datetime.fromisoformat(created_at)).total_seconds() // 60))
    if minutes < 120:
        return T(turn.locale, "minutes_ago", n=minutes)
    return T(turn.locale, "hours_ago", n=minutes // 60) if minutes < 2880 else T(turn.locale, "days_ago",
                                                                                  n=minutes // 1440)


async def list_requests(turn: Turn, arg: str) -> list[Reply]:
    """/requests: open and taken requests in my team's area (coordinators: their area)."""
    scope = await scope_of(turn)
    loc = turn.locale
    if scope.team is None and not scope.is_coordinator:
        return [Reply(ROLES(loc, "not_member"))]
    villages: list[str] = []
    within: list[str] = list(scope.area_codes)
    if scope.team is not None:
        team_area = await areas.get_area(turn.db, scope.team.area_code)
        (villages if team_area is None or team_area.level == "village" else within).append(scope.team.area_code)
    found = await help_requests.open_tickets(turn.db, villages, within, everything=scope.is_admin, limit=LIST_LIMIT)
    if not found:
        return [Reply(T(loc, "list_empty"))]
    lines, choices = [T(loc, "list_title")], []
    names: dict[int, Person | None] = {}
    for ticket in found:
        for pid in (ticket.person_id, ticket.claimed_by):
            if pid is not None and pid not in names:
                names[pid] = await people.get_person(turn.db, pid)
        guide = turn.library.get(ticket.guide_id) if ticket.guide_id else None
        place = await areas.get_area(turn.db, ticket.village_code) if ticket.village_code else None
        claimer = names.get(ticket.claimed_by) if ticket.claimed_by else None
        status = (T(loc, "list_claimed", member=short_name(claimer.display_name)) if claimer
                  else T(loc, "list_open"))
        resident = names.get(ticket.person_id)
        lines.append(f"#{ticket.id} · {guide.title.get(loc) if guide else T(loc, 'no_guide')} · "
                     f"{resident.display_name if resident and resident.display_name else T(loc, 'someone')} · "
                     f"{place.name if place else T(loc, 'unknown_village')} · {status} · {_age(turn, ticket.created_at)}")
        if ticket.status == "open":
            choices.append(Choice(T(loc, "btn_claim_n", id=ticket.id), f"rq:claim:{ticket.id}"))
        elif ticket.claimed_by == turn.person.id:
            choices += [Choice(T(loc, "btn_message_n", id=ticket.id), f"rq:msg:{ticket.id}"),
                        Choice(T(loc, "btn_close_n", id=ticket.id), f"rq:close:{ticket.id}")]
    return [Reply("\n".join(lines), tuple(choices[:12]))]


FEATURE = Feature(
    commands={"requests": list_requests, "yeucau": list_requests},
    actions={"rq": on_action},
    flows={RELAY_FLOW: relay, ANSWER_FLOW: relay, **intake.FLOWS},
    claims=talk.CLAIMS,
)
__all__ = ["FEATURE", "route_request"]
