"""While a member has taken a resident's request, everything either sends reaches the other.

The resident needs no button: text, a photo, a voice note or a sticker goes to the member until the request
is closed or the resident says they are done. The member's free text goes back to the resident for a while
after they took the request or last wrote. Media is passed on as media (each channel sends it its own
way); what a channel cannot show arrives as a line of text saying what was sent.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.engine import Turn
from bot.core.flows import iso
from bot.core.messages import Choice, Kind, Media, Reply
from bot.members.help_desk.route import address, short_name
from bot.members.help_desk.text import T
from storage import help_requests, media, people
from storage.help_requests import Ticket
from storage.people import Person

TALK = "rq_talk"  # in a member's state: the request they are talking about, and since when
TALK_WINDOW = timedelta(hours=2)
_KINDS = {Kind.PHOTO: "kind_photo", Kind.VOICE: "kind_voice", Kind.STICKER: "kind_sticker"}


def remember_talk(turn: Turn, ticket_id: int) -> None:
    turn.state[TALK] = {"id": ticket_id, "at": iso(turn.services.clock())}


def forget_talk(turn: Turn) -> None:
    turn.state.pop(TALK, None)


def _passed_on(turn: Turn, reader: Person, header: str) -> Reply:
    """The message for READER: the typed text, or the media with a line saying what it is."""
    incoming = turn.incoming
    if incoming.kind == Kind.TEXT:
        return Reply(f"{header}\n{incoming.text or ''}", to=address(reader))
    what = T(reader.locale, _KINDS.get(incoming.kind, "kind_other"))
    media = incoming.media
    caption = media.caption if media and media.caption else ""
    # Across channels only a public URL travels (Zalo → Telegram); a Telegram file_id means nothing to
    # Zalo, so the member or resident there reads what was sent and can ask for it again in words.
    if media is not None and reader.channel != incoming.channel and not media.ref.startswith("https://"):
        media, what = None, what + " " + T(reader.locale, "kind_elsewhere")
    text = f"{header}\n{what}" + (f"\n{caption}" if caption else "")
    return Reply(text, media=media, to=address(reader))


async def attached_for(turn: Turn, ticket_id: int, resident: Person) -> list[Reply]:
    """What the resident attached to the request (a photo of the error, a voice note), for the member taking it."""
    replies = []
    for item in await media.attachments(turn.db, ticket_id):
        kind = Kind(item.kind)
        what = T(turn.locale, "attached_head") + " " + T(turn.locale, _KINDS.get(kind, "kind_other"))
        found: Media | None = Media(kind, item.ref)
        if resident.channel != turn.incoming.channel and not item.ref.startswith("https://"):
            found, what = None, what + " " + T(turn.locale, "kind_elsewhere")
        replies.append(Reply(what, media=found))
    return replies


async def resident_claim(turn: Turn) -> list[Reply] | None:
    """Anything a resident sends while a member has their request goes to that member."""
    if not turn.incoming.is_private or (turn.threads is not None and not turn.threads.talking):
        return None
    ticket = await help_requests.talking_with(turn.db, turn.person.id)
    member = await people.get_person(turn.db, ticket.claimed_by) if ticket and ticket.claimed_by else None
    if ticket is None or member is None:
        return None
    name = turn.person.display_name or T(member.locale, "someone")
    header = T(member.locale, "relay_to_member_head", resident=name, id=ticket.id)
    out = _passed_on(turn, member, header)
    out = Reply(out.text, (Choice(T(member.locale, "btn_message"), f"rq:msg:{ticket.id}"),
                           Choice(T(member.locale, "btn_close"), f"rq:close:{ticket.id}")), media=out.media, to=out.to)
    voice = turn.voice
    told = Reply(T(voice, "relayed", member=short_name(member.display_name)),
                 (Choice(T(voice, "btn_done_talking"), f"rq:end:{ticket.id}"), Choice(T(voice, "btn_menu"), "m")))
    return [out, told]


async def member_claim(turn: Turn) -> list[Reply] | None:
    """A member's free text (or photo) goes to the resident whose request they took, for a while."""
    talk = turn.state.get(TALK)
    if not isinstance(talk, dict) or not isinstance(talk.get("at"), str) or not turn.incoming.is_private:
        return None
    if turn.services.clock() - datetime.fromisoformat(talk["at"]) > TALK_WINDOW:
        forget_talk(turn)
        return None
    ticket = await help_requests.get_ticket(turn.db, int(talk.get("id", 0)))
    if ticket is None or ticket.status != "claimed" or ticket.claimed_by != turn.person.id:
        forget_talk(turn)
        return None
    resident = await people.get_person(turn.db, ticket.person_id)
    if resident is None:
        return None
    remember_talk(turn, ticket.id)
    header = T(resident.locale, "relay_to_resident_head", member=short_name(turn.person.display_name))
    out = _passed_on(turn, resident, header)
    name = resident.display_name or T(turn.locale, "someone")
    return [out, Reply(T(turn.locale, "relay_sent", name=name), (
        Choice(T(turn.locale, "btn_close"), f"rq:close:{ticket.id}"), Choice(T(turn.locale, "btn_pause"), "rq:stop")))]


async def end_for_resident(turn: Turn, ticket: Ticket) -> list[Reply]:
    """rq:end:<id>: the resident is done; the member is told and still closes the request."""
    if ticket.person_id != turn.person.id:
        return [Reply(T(turn.voice, "outside", id=ticket.id))]
    if not await help_requests.end_for_resident(turn.db, ticket.id, turn.services.clock()):
        return [Reply(T(turn.voice, "talk_over"), (Choice(T(turn.voice, "btn_menu"), "m"),))]
    member = await people.get_person(turn.db, ticket.claimed_by) if ticket.claimed_by else None
    replies = [Reply(T(turn.voice, "talk_over"), (Choice(T(turn.voice, "btn_menu"), "m"),))]
    if member is not None:
        name = turn.person.display_name or T(member.locale, "someone")
        replies.append(Reply(T(member.locale, "resident_done", resident=name, id=ticket.id),
                             (Choice(T(member.locale, "btn_close"), f"rq:close:{ticket.id}"),), to=address(member)))
    return replies


CLAIMS = (resident_claim, member_claim)
