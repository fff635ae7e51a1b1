"""Reading a line into draft items, showing the draft, and asking for one field of it."""

from __future__ import annotations

from bot.core.engine import Turn
from bot.core.messages import Choice, Reply
from bot.core.privacy import mask_digits
from bot.members.assists import draft
from bot.members.assists.draft import Item, Pending
from bot.members.assists.flow import expect_number
from bot.members.assists.reader import read_line
from bot.members.assists.scope import default_village, team_villages
from bot.members.assists.screens import act, back, draft_screen, guide_title, item_line, short
from bot.members.assists.text import T
from storage import assists
from storage.teams import Team

# Offered on the first question when the member has logged little so far: the most common tasks.
COMMON = ("vneid-install", "vneid-level2", "vneid-passcode", "qr-pay")
FAVOURITES = 4


async def villages_of(turn: Turn, team: Team) -> list[tuple[str, str]]:
    return [(v.code, v.name) for v in await team_villages(turn, team)]


async def read_items(turn: Turn, team: Team, line: str) -> tuple[list[Item], list[str]]:
    """The draft items LINE describes, and notes for the member (numbers masked, too many assists)."""
    entries = read_line(line, turn.library, await villages_of(turn, team))
    home = await default_village(turn, team)
    items: list[Item] = []
    masked = False
    for entry in entries:
        if entry.guide_id is None and entry.other is None and not entry.names and not entry.household:
            continue  # only a count, a place or a time: nothing to log on its own
        item, hidden = draft.item_from(entry, home)
        items.append(item)
        masked = masked or hidden
    if mask_digits(line) != line:  # a phone number left out of every field: say so rather than drop it quietly
        masked = True
    notes = [T(turn.locale, "masked")] if masked else []
    if len(items) > draft.MAX_ITEMS:
        notes.append(T(turn.locale, "too_many", n=draft.MAX_ITEMS))
    return items[:draft.MAX_ITEMS], notes


async def show(turn: Turn, team: Team, pending: Pending, lead: str | None = None) -> Reply:
    return await draft_screen(turn.services, turn.locale, pending, lead)


async def wait_for(turn: Turn, team: Team, pending: Pending, line: str) -> Reply:
    """A new line typed while PENDING is open waits for it; the member sees the open draft first."""
    pending.queued.append(draft.kept_line(line))
    pending.ask = None
    await draft.store(turn, pending)
    lead = f"{T(turn.locale, 'still_open')}\n{T(turn.locale, 'waiting_line', line=short(line))}"
    return await show(turn, team, pending, lead)


async def ask(turn: Turn, team: Team, pending: Pending, field: str, item: int, lead: str | None = None,
              then: str | None = None) -> Reply:
    """Ask for FIELD of item ITEM; the next typed message answers it if it fits."""
    pending.ask = {"field": field, "item": item, **({"then": then} if then else {})}
    await draft.store(turn, pending)
    return await ask_screen(turn, team, pending, lead)


async def favourites(turn: Turn, team: Team) -> list[str]:
    mine = await assists.top_guides(turn.db, turn.person.id, team.id, limit=FAVOURITES)
    chosen = [g for g in (*mine, *COMMON) if turn.library.get(g)]
    return list(dict.fromkeys(chosen))[:FAVOURITES]


async def ask_screen(turn: Turn, team: Team, pending: Pending, lead: str | None = None) -> Reply:
    """The pending question, with what it is about and the choices that answer it."""
    loc = turn.locale
    question = pending.ask or {"field": "line"}
    field = str(question.get("field"))
    choices: list[Choice] = []
    if field == "line":
        choices = [Choice(f"⭐ {guide_title(turn.services, loc, g, None)}", act(pending, "g", g))
                   for g in await favourites(turn, team)]
        reply = Reply(T(loc, "ask_line"), (*choices, Choice(T(loc, "btn_cancel"), act(pending, "x"))))
        return Reply(f"{lead}\n\n{reply.text}", reply.choices) if lead else reply
    item = pending.items[pending.target]
    about = await item_line(turn.services, loc, item, pending.target + 1)
    if field == "people":
        if await expect_number(turn):  # numbered channels: a typed "3" is a number of people, not a choice
            text = f"{T(loc, 'ask_people')}\n\n{about}"
            return Reply(f"{lead}\n\n{text}" if lead else text)
    elif field == "household":
        recent = await assists.recent_households(turn.db, turn.person.id)
        choices = [Choice(f"🏠 {label}", act(pending, "hh", str(n))) for n, label in enumerate(recent)]
    elif field == "task":
        text = str(item.get("other") or "")
        hits = turn.library.search(text, limit=3) if text else []
        guides = [h.guide_id for h in hits] or await favourites(turn, team)
        choices = [Choice(guide_title(turn.services, loc, g, None), act(pending, "g", g)) for g in guides]
    elif field == "village":
        choices = [Choice(name, act(pending, "v", code)) for code, name in (await villages_of(turn, team))[:30]]
    text = f"{T(loc, f'ask_{field}')}\n\n{about}"
    return Reply(f"{lead}\n\n{text}" if lead else text, (*choices, back(loc, pending)))
