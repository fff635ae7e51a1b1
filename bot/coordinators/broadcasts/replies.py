"""Residents' replies to an announcement: within 48 hours of receiving it, what they write (or a photo they
send) goes to its sender or to their village team as a conversation, and the answer comes back to them.

The claim is narrow: only people with an open reply window, never "Hủy nhận tin", never free text typed
while they are inside a guide (that is the guide's "tiếp", "quay lại"), and the resident can still have the
message searched as a question with one tap.
"""

from __future__ import annotations

from datetime import datetime

from bot.coordinators.broadcasts.text import T
from bot.core.access import scope_of
from bot.core.engine import Feature, Turn
from bot.core.i18n import Voice
from bot.core.messages import Choice, Kind, Reply
from bot.members.help_desk.route import address, route, short_name
from bot.residents.ask import question
from bot.residents.optout import is_stop_phrase
from storage import areas, broadcast_replies, broadcasts, people
from storage.assists import iso
from storage.broadcast_replies import ThreadMessage, Window
from storage.people import Person

FLOW, KEY = "br_answer", "br"
MAX_SNIPPET = 80
ANSWER_TIMEOUT_MINUTES = 30  # a forgotten "type your answer" must not swallow later messages


def _in_guide(turn: Turn) -> bool:
    return isinstance(turn.state.get("guide"), str) and isinstance(turn.state.get("step"), int)


async def claim(turn: Turn) -> list[Reply] | None:
    """Take a message from someone with an open reply window; anything else is left to the search."""
    incoming = turn.incoming
    text = (incoming.text or "").strip()
    if not incoming.is_private or (text and is_stop_phrase(text)) or (incoming.kind == Kind.TEXT and _in_guide(turn)):
        return None
    if turn.threads is not None and not turn.threads.answering:
        return None
    window = await broadcast_replies.open_window(turn.db, turn.person.id)
    if window is None:
        return None
    media = incoming.media
    kind = None if incoming.kind == Kind.TEXT else incoming.kind.value
    text = text or (media.caption or "" if media else "")
    message_id = await broadcast_replies.add_message(turn.db, window.broadcast_id, turn.person.id, turn.person.id,
                                                     text, kind, media.ref if media else None)
    readers = await _readers(turn, window)
    message = await broadcast_replies.get_message(turn.db, message_id)
    assert message is not None
    out = [await _to_reader(turn, window, message, reader) for reader in readers]
    loc = turn.locale
    ack = "ack_team" if window.replies_to == "team" and readers else "ack_author"
    choices = [Choice(T(loc, "btn_search_it"), f"br:s:{message_id}")] if text else []
    return [*out, Reply(T(turn.voice, ack), (*choices, Choice(T(loc, "btn_menu"), "m")))]


async def _readers(turn: Turn, window: Window) -> list[Person]:
    """The village team (nearest first, as for help requests) or the sender; the sender when no team."""
    if window.replies_to == "team":
        found = await route(turn.services, turn.person.village_code, turn.person.id)
        if found.people:
            return list(found.people)
    author = await people.get_person(turn.db, window.author_id)
    return [author] if author is not None else []


async def _to_reader(turn: Turn, window: Window, message: ThreadMessage, reader: Person) -> Reply:
    loc = reader.locale
    item = await broadcasts.get_broadcast(turn.db, window.broadcast_id)
    snippet = (item.text if item else "").replace("\n", " ")
    snippet = snippet if len(snippet) <= MAX_SNIPPET else snippet[:MAX_SNIPPET].rstrip() + "…"
    place = await areas.get_area(turn.db, turn.person.village_code) if turn.person.village_code else None
    body = f"«{message.text}»" if message.text else ""
    if message.media_kind:
        link = f" {message.media_ref}" if message.media_ref and message.media_ref.startswith("https://") else ""
        body = "\n".join(x for x in (body, T(loc, f"media_{message.media_kind}", link=link)) if x)
    text = T(loc, "reply_in", id=window.broadcast_id, snippet=snippet,
             resident=turn.person.display_name or T(loc, "someone"),
             village=place.name if place else T(loc, "no_village"), body=body)
    return Reply(text, (Choice(T(loc, "btn_answer"), f"br:a:{message.id}"),), to=address(reader))


async def _may_answer(turn: Turn, message: ThreadMessage) -> bool:
    item = await broadcasts.get_broadcast(turn.db, message.broadcast_id)
    if item is None:
        return False
    if item.author_id == turn.person.id:
        return True
    scope = await scope_of(turn)
    resident = await people.get_person(turn.db, message.resident_id)
    home = await areas.get_area(turn.db, resident.village_code) if resident and resident.village_code else None
    if home is None:
        return scope.is_admin
    in_team = scope.team is not None and scope.team.area_code in (home.code, home.commune_code)
    return scope.covers(home) or in_team


async def on_action(turn: Turn, arg: str) -> list[Reply]:
    """``br:a:<message>`` answer it, ``br:s:<message>`` search my own message as a question, ``br:x`` stop."""
    op, _, number = arg.partition(":")
    loc = turn.locale
    if op == "x":
        _stop(turn)
        return [Reply(T(loc, "answer_cancelled"))]
    message = await broadcast_replies.get_message(turn.db, int(number)) if number.isdigit() and len(number) < 10 \
        else None
    if message is None:
        return [Reply(T(loc, "no_reply"))]
    if op == "s" and message.resident_id == turn.person.id and message.text:
        return await question(turn, message.text)
    if op == "a":
        if not await _may_answer(turn, message):
            return [Reply(T(loc, "not_yours"))]
        resident = await people.get_person(turn.db, message.resident_id)
        turn.state["flow"], turn.state[KEY] = FLOW, {"id": message.id, "at": iso(turn.services.clock())}
        name = resident.display_name if resident and resident.display_name else T(loc, "someone")
        return [Reply(T(loc, "ask_answer", resident=name), (Choice(T(loc, "btn_cancel"), "br:x"),))]
    return [Reply(T(loc, "no_reply"))]


def _stop(turn: Turn) -> None:
    turn.state.pop(KEY, None)
    if turn.state.get("flow") == FLOW:
        turn.state.pop("flow", None)


async def answer(turn: Turn, text: str) -> list[Reply]:
    """The typed answer goes to the resident, who can reply again within the window."""
    pending = turn.state.get(KEY)
    _stop(turn)
    started = pending.get("at") if isinstance(pending, dict) else None
    message = await broadcast_replies.get_message(turn.db, int(pending["id"])) if isinstance(pending, dict) else None
    too_old = not isinstance(started, str) or (
        turn.services.clock() - datetime.fromisoformat(started.replace("Z", "+00:00"))
    ).total_seconds() > ANSWER_TIMEOUT_MINUTES * 60
    if message is None or too_old:
        return await turn.as_question(text)
    resident = await people.get_person(turn.db, message.resident_id)
    item = await broadcasts.get_broadcast(turn.db, message.broadcast_id)
    if resident is None or item is None or not await _may_answer(turn, message):
        return [Reply(T(turn.locale, "not_yours"))]
    await broadcast_replies.add_message(turn.db, item.id, resident.id, turn.person.id, text)
    area = await areas.get_area(turn.db, item.area_code)
    out = Reply(T(Voice.of(resident.locale, resident.address_as), "answer_to_resident", area=area.name if area else item.area_code,
                  name=short_name(turn.person.display_name), text=text), to=address(resident))
    return [out, Reply(T(turn.locale, "answer_sent", resident=resident.display_name or T(turn.locale, "someone")))]


FEATURE = Feature(actions={"br": on_action}, flows={FLOW: answer}, claims=(claim,))
