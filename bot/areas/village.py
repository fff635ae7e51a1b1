"""A resident chooses where they live (province → commune → village, or by typing) so help finds them."""

from __future__ import annotations

from bot.areas.lookup import area_choices, describe, lookup, natural_key
from bot.areas.text import T
from bot.core.engine import Turn
from bot.core.flows import PAGE, answer, ask, clear, data, paged
from bot.core.messages import Choice, Reply
from storage import areas, people
from storage.areas import Area


def _open(area: Area) -> str:
    """The button action that continues from AREA: deeper for provinces and communes, save for villages."""
    if area.level == "province":
        return f"ar:pv:{area.code}:0"
    if area.level == "commune":
        return f"ar:cm:{area.code}:0"
    return f"ar:set:{area.code}"


async def choose(turn: Turn, arg: str) -> list[Reply]:
    """/village (/thon) [name]: show the current place and the provinces, or look the name up."""
    clear(turn)
    if arg.strip():
        return await typed(turn, arg)
    home = await areas.get_area(turn.db, turn.incoming.area) if turn.incoming.area else None
    if home is not None:  # on a commune's (or province's) own account, the question starts inside it
        return await open_area(turn, home)
    return await provinces(turn, 0)


async def provinces(turn: Turn, page: int) -> list[Reply]:
    every = sorted(await areas.list_level(turn.db, "province"), key=natural_key)
    if not every:
        return [Reply(T(turn.voice, "no_areas"))]
    lines = []
    if turn.person.village_code and (mine := await areas.get_area(turn.db, turn.person.village_code)):
        lines.append(T(turn.voice, "village_now", place=await describe(turn.db, mine)))
    lines.append(T(turn.voice, "village_ask"))
    ask(turn, "ar_village")
    items = [Choice(p.name, f"ar:pv:{p.code}:0") for p in every]
    return [Reply("\n\n".join(lines), paged(turn, items, page, "ar:p:"))]


async def communes(turn: Turn, province: Area, page: int) -> list[Reply]:
    found = sorted(await areas.children(turn.db, province.code), key=natural_key)
    items = [Choice(c.name, f"ar:cm:{c.code}:0") for c in found]
    pages = max((len(items) + PAGE - 1) // PAGE, 1)
    page = min(max(page, 0), pages - 1)
    ask(turn, "ar_village", within=province.code)
    text = T(turn.voice, "pick_commune", province=province.name, page=page + 1, pages=pages)
    extra = (Choice(T(turn.voice, "btn_provinces"), "ar:p:0"),)
    return [Reply(text, paged(turn, items, page, f"ar:pv:{province.code}:", extra))]


async def villages(turn: Turn, commune: Area, page: int) -> list[Reply]:
    found = sorted(await areas.children(turn.db, commune.code), key=natural_key)
    if not found:
        return await save(turn, commune, T(turn.voice, "no_villages", commune=commune.name))
    ask(turn, "ar_village", within=commune.code)
    items = [Choice(v.name, f"ar:set:{v.code}") for v in found]
    extra = (Choice(T(turn.voice, "btn_whole_commune", commune=commune.name), f"ar:set:{commune.code}"),
             Choice(T(turn.voice, "btn_communes"), f"ar:pv:{commune.province_code}:0"))
    text = T(turn.voice, "pick_village", commune=commune.name)
    return [Reply(text, paged(turn, items, page, f"ar:cm:{commune.code}:", extra))]


async def save(turn: Turn, area: Area, lead: str | None = None) -> list[Reply]:
    """Store the person's village (or commune) and say where help requests will go."""
    await people.set_village(turn.db, turn.person.id, area.code)
    turn.person = await people.get_person(turn.db, turn.person.id) or turn.person
    text = T(turn.voice, "village_saved", place=await describe(turn.db, area))
    replies = [Reply(f"{lead}\n{text}" if lead else text, (Choice(T(turn.voice, "btn_menu"), "m"),))]
    hook = turn.services.after_village
    return replies + (await hook(turn) if hook is not None else [])


async def typed(turn: Turn, text: str) -> list[Reply]:
    """A typed name: one place goes on to the next step; several are offered with their province."""
    within = data(turn).get("within") or turn.incoming.area
    found = await lookup(turn.db, text, within=[within] if isinstance(within, str) else None)
    if not found.matches and isinstance(within, str):
        found = await lookup(turn.db, text)
    if not found.matches:
        if turn.library.answers(text):
            return await turn.as_question(text)  # they moved on and asked about a guide
        return [Reply(T(turn.voice, "not_found", text=text.strip()[:60]))]
    if found.one:
        return await open_area(turn, found.one)
    choices = await area_choices(turn.db, found.matches, _open)
    lines = [T(turn.voice, "did_you_mean" if found.fuzzy else "which_one", text=text.strip()[:60])]
    if found.total > len(found.matches):
        lines.append(T(turn.voice, "more_found", more=found.total - len(found.matches)))
    return [Reply("\n".join(lines), (*choices, Choice(T(turn.voice, "btn_menu"), "m")))]


async def open_area(turn: Turn, area: Area) -> list[Reply]:
    if area.level == "province":
        return await communes(turn, area, 0)
    if area.level == "commune":
        return await villages(turn, area, 0)
    return await save(turn, area)


async def on_action(turn: Turn, kind: str, rest: list[str]) -> list[Reply] | None:
    """ar:p:<page>, ar:pv:<province>:<page>, ar:cm:<commune>:<page>, ar:set:<code>; None when not ours."""
    page = int(rest[1]) if len(rest) > 1 and rest[1].isdigit() else 0
    if kind == "p":
        return await provinces(turn, int(rest[0]) if rest and rest[0].isdigit() else 0)
    if kind not in ("pv", "cm", "set") or not rest:
        return None
    area = await areas.get_area(turn.db, rest[0])
    wanted = {"pv": ("province",), "cm": ("commune",), "set": ("commune", "village")}[kind]
    if area is None or area.level not in wanted:
        return [Reply(T(turn.voice, "stale"), (Choice(T(turn.voice, "btn_menu"), "m"),))]
    if kind == "pv":
        return await communes(turn, area, page)
    if kind == "cm":
        return await villages(turn, area, page)
    return await save(turn, area)


FLOWS = {"ar_village": answer(typed)}
