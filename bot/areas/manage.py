"""Coordinators add and rename villages inside their own area (/addvillage, /renamevillage)."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.areas.lookup import Lookup, area_choices, area_norm, describe, lookup, natural_key
from bot.areas.text import T
from bot.core import access
from bot.core.access import Scope, coordinator
from bot.core.engine import Turn
from bot.core.flows import answer, ask, clear, data, paged
from bot.core.messages import Choice, Reply
from storage import areas
from storage.areas import Area

MAX_NAME = 100
_COMMUNE_CODE = re.compile(r"^\d{5}$")
_VILLAGE_CODE = re.compile(r"^\d{5}-\d{3}$")


def clean_name(text: str) -> str | None:
    """A usable place or team name (spaces tidied), or None when empty or too long."""
    name = " ".join(text.split())
    return name if area_norm(name) and len(name) <= MAX_NAME else None


def within(scope: Scope) -> list[str] | None:
    """Where a coordinator may look areas up: their own areas; admins anywhere."""
    return None if scope.is_admin else list(scope.area_codes)


async def _home_commune(turn: Turn, scope: Scope) -> Area | None:
    """The commune a coordinator of exactly one commune works in; None for others."""
    if scope.is_admin or len(scope.area_codes) != 1:
        return None
    area = await areas.get_area(turn.db, scope.area_codes[0])
    return area if area and area.level == "commune" else None


def _outside(turn: Turn, area: Area) -> list[Reply]:
    return [Reply(access.T(turn.locale, "outside_area", area=area.name))]


async def scoped_lookup(turn: Turn, scope: Scope, text: str, levels: tuple[str, ...]) -> Lookup | list[Reply]:
    """Areas named TEXT inside the coordinator's scope; else say whether it is outside or unknown."""
    found = await lookup(turn.db, text, levels=levels, within=within(scope))
    if found.matches:
        return found
    anywhere = await lookup(turn.db, text, levels=levels)
    if anywhere.matches and not anywhere.fuzzy:
        return _outside(turn, anywhere.matches[0])
    return [Reply(T(turn.voice, "unknown_place", text=text.strip()[:60]))]


async def which_one(turn: Turn, text: str, found: Lookup, action: Callable[[Area], str]) -> list[Reply]:
    """Several places match: one button each, with its commune and province."""
    choices = await area_choices(turn.db, found.matches, action)
    lead = T(turn.voice, "did_you_mean" if found.fuzzy else "which_one", text=text.strip()[:60])
    return [Reply(lead, (*choices, Choice(T(turn.locale, "btn_menu"), "m")))]


async def add_village(turn: Turn, arg: str) -> list[Reply]:
    """/addvillage (/themthon) [commune code] [name]."""
    clear(turn)
    scope = await coordinator(turn)
    if isinstance(scope, list):
        return scope
    first, _, rest = arg.strip().partition(" ")
    commune = None
    if _COMMUNE_CODE.match(first):
        commune, arg = await areas.get_area(turn.db, first), rest
        if commune is None or commune.level != "commune":
            return [Reply(T(turn.locale, "not_commune"))]
    commune = commune or await _home_commune(turn, scope)
    if commune is None:
        ask(turn, "ar_add_commune", name=arg.strip())
        return [Reply(T(turn.locale, "add_which_commune"))]
    return await _add_or_ask(turn, scope, commune, arg)


async def _add_or_ask(turn: Turn, scope: Scope, commune: Area, text: str) -> list[Reply]:
    if not scope.covers(commune):
        return _outside(turn, commune)
    if not text.strip():
        ask(turn, "ar_add_name", commune=commune.code)
        return [Reply(T(turn.locale, "add_ask_name", commune=commune.name))]
    name = clean_name(text)
    if name is None:
        return [Reply(T(turn.locale, "name_bad"))]
    norm = area_norm(name)
    same = next((v for v in await areas.children(turn.db, commune.code) if area_norm(v.name) == norm), None)
    if same is not None:
        return [Reply(T(turn.locale, "add_exists", commune=commune.name, name=same.name, code=same.code))]
    village = await areas.add_village(turn.db, commune, name, norm)
    choices = (Choice(T(turn.locale, "btn_new_team"), f"tm:na:{village.code}"),
               Choice(T(turn.locale, "btn_add_more"), f"ar:ac:{commune.code}"),
               Choice(T(turn.locale, "btn_menu"), "m"))
    return [Reply(T(turn.locale, "add_done", name=name, commune=commune.name, code=village.code), choices)]


async def _typed_commune(turn: Turn, text: str) -> list[Reply]:
    scope = await coordinator(turn)
    if isinstance(scope, list):
        return scope
    name = str(data(turn).get("name", ""))
    found = await scoped_lookup(turn, scope, text, ("commune",))
    if isinstance(found, list):
        return found
    if found.one:
        return await _add_or_ask(turn, scope, found.one, name)
    ask(turn, "ar_add_commune", name=name)
    return await which_one(turn, text, found, lambda a: f"ar:ac:{a.code}")


async def _typed_name(turn: Turn, text: str) -> list[Reply]:
    scope = await coordinator(turn)
    if isinstance(scope, list):
        return scope
    commune = await areas.get_area(turn.db, str(data(turn).get("commune", "")))
    if commune is None:
        return [Reply(T(turn.voice, "stale"))]
    return await _add_or_ask(turn, scope, commune, text)


async def rename_village(turn: Turn, arg: str) -> list[Reply]:
    """/renamevillage (/doiten) [village code new name | village name]."""
    clear(turn)
    scope = await coordinator(turn)
    if isinstance(scope, list):
        return scope
    first, _, rest = arg.strip().partition(" ")
    if _VILLAGE_CODE.match(first):
        village = await areas.get_area(turn.db, first)
        if village is None or village.level != "village":
            return [Reply(T(turn.locale, "not_village", text=first))]
        return await _rename(turn, scope, village, rest) if rest.strip() else await _ask_new(turn, scope, village)
    if arg.strip():
        return await _find_village(turn, arg)
    commune = await _home_commune(turn, scope)
    if commune is None:
        ask(turn, "ar_rename_find")
        return [Reply(T(turn.locale, "rename_type"))]
    return await _village_list(turn, commune, 0)


async def _village_list(turn: Turn, commune: Area, page: int) -> list[Reply]:
    found = sorted(await areas.children(turn.db, commune.code), key=natural_key)
    ask(turn, "ar_rename_find")
    items = [Choice(v.name, f"ar:rv:{v.code}") for v in found]
    return [Reply(T(turn.locale, "rename_which"), paged(turn, items, page, f"ar:rl:{commune.code}:"))]


async def _find_village(turn: Turn, text: str) -> list[Reply]:
    scope = await coordinator(turn)
    if isinstance(scope, list):
        return scope
    found = await scoped_lookup(turn, scope, text, ("village",))
    if isinstance(found, list):
        return found
    if found.one:
        return await _ask_new(turn, scope, found.one)
    return await which_one(turn, text, found, lambda a: f"ar:rv:{a.code}")


async def _ask_new(turn: Turn, scope: Scope, village: Area) -> list[Reply]:
    if not scope.covers(village):
        return _outside(turn, village)
    ask(turn, "ar_rename_name", code=village.code)
    return [Reply(T(turn.locale, "rename_ask", place=await describe(turn.db, village)))]


async def _typed_new_name(turn: Turn, text: str) -> list[Reply]:
    scope = await coordinator(turn)
    if isinstance(scope, list):
        return scope
    village = await areas.get_area(turn.db, str(data(turn).get("code", "")))
    if village is None:
        return [Reply(T(turn.voice, "stale"))]
    return await _rename(turn, scope, village, text)


async def _rename(turn: Turn, scope: Scope, village: Area, text: str) -> list[Reply]:
    if not scope.covers(village):
        return _outside(turn, village)
    name = clean_name(text)
    if name is None:
        return [Reply(T(turn.locale, "name_bad"))]
    if name == village.name:
        return [Reply(T(turn.locale, "rename_same"))]
    norm = area_norm(name)
    siblings = await areas.children(turn.db, village.parent_code or "")
    same = next((v for v in siblings if v.code != village.code and area_norm(v.name) == norm), None)
    if same is not None:
        commune = await areas.get_area(turn.db, village.parent_code or "")
        return [Reply(T(turn.locale, "add_exists", commune=commune.name if commune else "",
                        name=same.name, code=same.code))]
    await areas.rename_area(turn.db, village.code, name, norm, renamed_by=turn.incoming.identity)
    return [Reply(T(turn.locale, "rename_done", old=village.name, new=name, code=village.code),
                  (Choice(T(turn.locale, "btn_menu"), "m"),))]


async def on_action(turn: Turn, kind: str, rest: list[str]) -> list[Reply] | None:
    """ar:ac:<commune> add here, ar:rv:<village> rename it, ar:rl:<commune>:<page>; None when not ours."""
    if kind not in ("ac", "rv", "rl") or not rest:
        return None
    scope = await coordinator(turn)
    if isinstance(scope, list):
        return scope
    area = await areas.get_area(turn.db, rest[0])
    level = "village" if kind == "rv" else "commune"
    if area is None or area.level != level:
        return [Reply(T(turn.voice, "stale"))]
    if kind == "rv":
        return await _ask_new(turn, scope, area)
    if kind == "rl":
        if not scope.covers(area):
            return _outside(turn, area)
        return await _village_list(turn, area, int(rest[1]) if len(rest) > 1 and rest[1].isdigit() else 0)
    pending = str(data(turn).get("name", "")) if turn.state.get("flow") == "ar_add_commune" else ""
    clear(turn)
    return await _add_or_ask(turn, scope, area, pending)


FLOWS = {
    "ar_add_commune": answer(_typed_commune),
    "ar_add_name": answer(_typed_name),
    "ar_rename_find": answer(_find_village),
    "ar_rename_name": answer(_typed_new_name),
}
