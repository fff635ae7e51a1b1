"""Where a broadcast goes: the whole area, one place, several typed as a list ("dong tam, na mo"), numbers
from the list ("1, 3") or ticked on a pick-list."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from bot.areas import lookup as area_lookup
from bot.coordinators.broadcasts.text import T, audience_label
from bot.core import access
from bot.core.engine import Turn
from bot.core.messages import Choice, Reply
from storage import areas, conversations
from storage.areas import Area

FLOW = "bc"
AUDIENCES = {"m": "members", "r": "residents", "b": "both"}
MAX_CHILD_BUTTONS = 12  # a commune's villages fit as buttons; a province's communes are typed instead
MAX_PLACES = 50
_SPLIT = re.compile(r"\s*(?:[,;\n+]|\s(?:và|va|and)\s)\s*", re.IGNORECASE)
_NUMBERS = re.compile(r"^\s*\d{1,2}(?:\s*[,;\s]\s*\d{1,2})+\s*$")
UseAreas = Callable[[Turn, dict[str, Any], list[Area]], Awaitable[list[Reply]]]


def cancel_choice(turn: Turn) -> Choice:
    return Choice(T(turn.locale, "btn_cancel"), "bc:x")


async def ask_area(turn: Turn, scope_codes: tuple[str, ...], audience: str, lead: str | None = None) -> Reply:
    """Their own areas as buttons, a commune's villages, and a pick-list for several; the rest is typed."""
    loc = turn.locale
    own = list((await areas.get_areas(turn.db, scope_codes)).values())
    choices: list[Choice] = []
    labels = await area_lookup.describe_many(turn.db, own)
    for area in sorted(own, key=area_lookup.natural_key):
        choices.append(Choice(T(loc, "btn_whole", area=labels[area.code]), f"bc:r:{area.code}"))
    if len(own) == 1:
        kids = await areas.children(turn.db, own[0].code)
        if 1 < len(kids) <= MAX_CHILD_BUTTONS:
            choices += [Choice(k.name, f"bc:r:{k.code}") for k in sorted(kids, key=area_lookup.natural_key)]
            choices.append(Choice(T(loc, "btn_pick_many"), "bc:k:"))
    key = "ask_area" if choices else "ask_area_typed"
    text = T(loc, key, audience=audience_label(loc, audience))
    return Reply(f"{lead}\n\n{text}" if lead else text, (*choices, cancel_choice(turn)))


async def typed_places(turn: Turn, draft: dict[str, Any], text: str, use: UseAreas) -> list[Reply]:
    """A place, a list of places, or list numbers typed at the "where" question."""
    scope = await access.scope_of(turn)
    if _NUMBERS.match(text):
        menu = await conversations.load_menu(turn.db, turn.person.id)
        picked = [menu[int(n) - 1] for n in re.findall(r"\d+", text) if 0 < int(n) <= len(menu)]
        codes = [a.split(":", 2)[2] for a in picked if a.startswith("bc:r:")]
        if codes:
            return await use(turn, draft, list((await areas.get_areas(turn.db, codes)).values()))
    parts = [p for p in _SPLIT.split(text.strip()) if p][:MAX_PLACES]
    within = None if scope.is_admin else list(scope.area_codes)
    if len(parts) <= 1:
        return await _one(turn, draft, text, within, use)
    found: list[Area] = []
    problems: list[str] = []
    for part in parts:
        hit = await area_lookup.lookup(turn.db, part, within=within)
        if hit.one is not None:
            found.append(hit.one)
        elif hit.matches:
            labels = await area_lookup.describe_many(turn.db, hit.matches[:4])
            problems.append(T(turn.locale, "part_many", text=part[:40],
                              options="; ".join(f"{labels[a.code]} ({a.code})" for a in hit.matches[:4])))
        else:
            problems.append(T(turn.locale, "part_unknown", text=part[:40]))
    if problems:
        known = ", ".join(a.name for a in found) or "—"
        lead = T(turn.locale, "parts_problem", known=known, problems="\n".join(problems))
        return [await ask_area(turn, scope.area_codes, draft["aud"], lead=lead)]
    return await use(turn, draft, found)


async def _one(turn: Turn, draft: dict[str, Any], text: str, within: list[str] | None, use: UseAreas) -> list[Reply]:
    found = await area_lookup.lookup(turn.db, text, within=within)
    if found.one is not None:
        return await use(turn, draft, [found.one])
    if found.matches:
        choices = await area_lookup.area_choices(turn.db, found.matches, lambda a: f"bc:r:{a.code}")
        return [Reply(T(turn.locale, "area_many", text=text[:60]), (*choices, cancel_choice(turn)))]
    if within is not None:  # a place outside their area gets the reason, not "not found"
        elsewhere = await area_lookup.lookup(turn.db, text, within=None)
        if elsewhere.one is not None:
            return await use(turn, draft, [elsewhere.one])
    scope = await access.scope_of(turn)
    lead = T(turn.locale, "area_unknown", text=text[:60])
    return [await ask_area(turn, scope.area_codes, draft["aud"], lead=lead)]


async def pick_list(turn: Turn, draft: dict[str, Any], code: str) -> Reply:
    """The commune's villages with ticks; pressing one ticks or unticks it (``bc:k:<code>``)."""
    loc = turn.locale
    scope = await access.scope_of(turn)
    own = [a for a in (await areas.get_areas(turn.db, scope.area_codes)).values()]
    parent = own[0] if len(own) == 1 else None
    kids = sorted(await areas.children(turn.db, parent.code), key=area_lookup.natural_key) if parent else []
    ticked: list[str] = [c for c in draft.get("pick", []) if isinstance(c, str)]
    if code and any(k.code == code for k in kids):
        ticked = [c for c in ticked if c != code] if code in ticked else [*ticked, code]
    draft["pick"] = ticked
    choices = [Choice(("☑ " if k.code in ticked else "☐ ") + k.name, f"bc:k:{k.code}") for k in kids]
    if ticked:
        choices.append(Choice(T(loc, "btn_pick_done", n=len(ticked)), "bc:kd"))
    return Reply(T(loc, "pick_many"), (*choices, cancel_choice(turn)))


def common_area(places: Sequence[Area]) -> str:
    """Where a broadcast to PLACES is listed: the place itself, their commune, or their province."""
    if len(places) == 1:
        return places[0].code
    communes = {a.commune_code if a.level == "village" else a.code for a in places}
    if len(communes) == 1 and all(a.level in ("village", "commune") for a in places):
        return str(communes.pop())
    return places[0].province_code
