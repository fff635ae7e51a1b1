"""What members see while logging: the draft with its choices, the questions, and what was saved.

Every screen that confirms a draft keeps the same numbers: 1 saves, 2 and 3 say who did it, the edits follow
in a fixed order, and the last one cancels — so a number typed out of habit never means something else.
"""

from __future__ import annotations

from bot.core.engine import Services, Turn
from bot.core.messages import Choice, Reply
from bot.members.assists.draft import Item, Pending
from bot.members.assists.text import T, group_name
from storage import areas
from storage.assists import Assist


def guide_title(services: Services, locale: str, guide_id: str | None, other: str | None) -> str:
    guide = services.library.get(guide_id) if guide_id else None
    return guide.title.get(locale) if guide is not None else (other or guide_id or "—")


def skill_label(turn: Turn, guide_id: str | None, other: str | None) -> str:
    return guide_title(turn.services, turn.locale, guide_id, other)


async def place_name(services: Services, code: str | None) -> str:
    if code is None:
        return "—"
    area = await areas.get_area(services.db, code)
    return area.name if area else code


def describe(locale: str, *, skill: str, group: str | None, count: int, names: str, household: str,
             mode: str | None, village: str | None, note: str) -> str:
    lines = [T(locale, "sum_skill", skill=skill)]
    if group:
        lines.append(T(locale, "sum_group", group=group_name(locale, group)))
    lines.append(T(locale, "sum_count", n=count))
    if names:
        lines.append(T(locale, "sum_names", names=names))
    if household:
        lines.append(T(locale, "sum_household", household=household))
    if mode:
        lines.append(T(locale, "sum_mode", mode=T(locale, f"mode_{mode}")))
    if village:
        lines.append(T(locale, "sum_village", village=village))
    if note:
        lines.append(T(locale, "sum_note", note=note))
    return "\n".join(lines)


async def record_summary(turn: Turn, record: Assist) -> str:
    return describe(
        turn.locale, skill=skill_label(turn, record.guide_id, record.other_skill), group=record.skill_group,
        count=record.people_count, names=record.names, household=record.household, mode=record.mode,
        village=await place_name(turn.services, record.village_code), note=record.note,
    )


def _skill_line(services: Services, locale: str, item: Item) -> str:
    title = guide_title(services, locale, item.get("guide"), item.get("other"))
    if not item.get("guide"):
        return T(locale, "sum_skill_other", skill=title)
    return T(locale, "sum_skill_unsure" if item.get("unsure") else "sum_skill", skill=title)


async def item_summary(services: Services, locale: str, item: Item) -> str:
    """One assist of a draft, field by field."""
    lines = [_skill_line(services, locale, item), T(locale, "sum_count", n=item.get("count", 1))]
    for key, label in (("names", "sum_names"), ("household", "sum_household")):
        if item.get(key):
            lines.append(T(locale, label, **{key: item[key]}))
    village = item.get("village")
    lines.append(T(locale, "sum_village", village=await place_name(services, village)) if village
                 else T(locale, "sum_no_village"))
    lines.append(T(locale, "sum_mode", mode=T(locale, f"mode_{item.get('mode') or 'self'}")))
    if item.get("note"):
        lines.append(T(locale, "sum_note", note=item["note"]))
    return "\n".join(lines)


async def item_line(services: Services, locale: str, item: Item, number: int, skip: frozenset[str] = frozenset()
                    ) -> str:
    """One assist on one line, for drafts of several and for what was saved; SKIP: parts said once for all."""
    title = guide_title(services, locale, item.get("guide"), item.get("other"))
    mark = " ❓" if item.get("unsure") or not item.get("guide") else ""
    who = item.get("names") or T(locale, "line_people", n=item.get("count", 1))
    parts = [f"{number}. {title}{mark} — {who}"]
    if item.get("names") and int(item.get("count") or 1) > 1:
        parts.append(T(locale, "line_people", n=item["count"]))
    parts += await _shared_parts(services, locale, item, skip)
    return " · ".join(parts)


async def _shared_parts(services: Services, locale: str, item: Item, skip: frozenset[str] = frozenset()
                        ) -> list[str]:
    parts = []
    if item.get("household") and "household" not in skip:
        parts.append(str(item["household"]))
    if "village" not in skip:
        parts.append(await place_name(services, item.get("village")) if item.get("village") else "❓")
    if "mode" not in skip:
        parts.append(T(locale, f"mode_{item.get('mode') or 'self'}"))
    if item.get("note") and "note" not in skip:
        parts.append(str(item["note"]))
    return parts


async def lines_of(services: Services, locale: str, items: list[Item], numbers: list[int]) -> str:
    """Several assists, one per line, with what they all share said once underneath."""
    shared = frozenset(k for k in ("household", "village", "mode", "note")
                       if len({str(i.get(k) or "") for i in items}) == 1)
    lines = [await item_line(services, locale, item, n, shared) for n, item in zip(numbers, items, strict=False)]
    common = await _shared_parts(services, locale, items[0], frozenset({"household", "village", "mode", "note"})
                                 - shared)
    if common:
        lines.append(T(locale, "line_all", parts=" · ".join(common)))
    return "\n".join(lines)


def short(text: str, limit: int = 80) -> str:
    """TEXT on one line, cut at a word with "…" when longer than LIMIT."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit].rsplit(" ", 1)[0] + " …"


def act(pending: Pending, op: str, arg: str = "") -> str:
    return f"lg:{op}:{pending.nonce}" + (f":{arg}" if arg else "")


def _fields(locale: str, pending: Pending) -> list[Choice]:
    return [Choice(T(locale, "btn_for_them"), act(pending, "m", "f")),
            Choice(T(locale, "btn_self"), act(pending, "m", "s")),
            Choice(T(locale, "btn_task"), act(pending, "e", "t")),
            Choice(T(locale, "btn_people"), act(pending, "e", "p")),
            Choice(T(locale, "btn_household"), act(pending, "e", "h")),
            Choice(T(locale, "btn_village"), act(pending, "e", "v"))]


async def draft_screen(services: Services, locale: str, pending: Pending, lead: str | None = None) -> Reply:
    """The draft and its choices: one assist field by field, several one per line, or one of several."""
    count = len(pending.items)
    if count == 1 or pending.view is not None:
        index = pending.view if pending.view is not None and count > 1 else 0
        summary = await item_summary(services, locale, pending.items[index])
        if count == 1:
            text = T(locale, "draft_one", summary=summary)
            first, last = Choice(T(locale, "btn_save"), act(pending, "s")), Choice(T(locale, "btn_cancel"),
                                                                                  act(pending, "x"))
        else:
            text = T(locale, "item_view", k=index + 1, n=count, summary=summary)
            first, last = (Choice(T(locale, "btn_item_done"), act(pending, "b")),
                           Choice(T(locale, "btn_item_drop"), act(pending, "d")))
        choices = [first, *_fields(locale, pending), last]
    else:
        lines = await lines_of(services, locale, pending.items, list(range(1, count + 1)))
        text = T(locale, "draft_many", n=count, lines=lines)
        choices = [Choice(T(locale, "btn_save_all", n=count), act(pending, "s")),
                   Choice(T(locale, "btn_all_for_them"), act(pending, "m", "f")),
                   Choice(T(locale, "btn_all_self"), act(pending, "m", "s")),
                   *(Choice(T(locale, "btn_item", k=n + 1), act(pending, "i", str(n))) for n in range(count)),
                   Choice(T(locale, "btn_cancel"), act(pending, "x"))]
    hint = "item_hint" if count > 1 and pending.view is not None else "draft_hint"
    text = f"{text}\n\n{T(locale, hint)}"
    return Reply(f"{lead}\n\n{text}" if lead else text, tuple(choices))


def back(locale: str, pending: Pending) -> Choice:
    return Choice(T(locale, "btn_back"), act(pending, "b"))


async def saved_screen(turn: Turn, items: list[Item], ids: list[int], nonce: str, lead: str | None = None) -> Reply:
    """After saving: the numbers /sua and /hoantac need, and fixes in the same places as on the draft
    (2 and 3 who did it, then the edits, undo last), so a number typed out of habit does the same thing."""
    loc = turn.locale
    if len(ids) == 1:
        rid = ids[0]
        text = T(loc, "saved", id=rid, summary=await item_summary(turn.services, loc, items[0]))
        mode = f"le:ev:{rid}:mode:"
        edits = [Choice(T(loc, "btn_task"), f"le:ef:{rid}:skill"), Choice(T(loc, "btn_people"), f"le:ef:{rid}:names"),
                 Choice(T(loc, "btn_household"), f"le:ef:{rid}:household"),
                 Choice(T(loc, "btn_edit_more"), f"le:ed:{rid}")]
        undo = f"le:undo:{rid}"
    else:
        lines = await lines_of(turn.services, loc, items, ids)
        text = T(loc, "saved_many", n=len(ids), lines="\n".join(f"#{line}" if line[:1].isdigit() else line
                                                               for line in lines.split("\n")), first=ids[0])
        mode = f"lg:bm:{nonce}:"
        edits = [Choice(T(loc, "btn_record", id=rid), f"le:ed:{rid}") for rid in ids]
        undo = f"lg:bu:{nonce}"
    many = "_all" if len(ids) > 1 else ""
    choices = (Choice(T(loc, "btn_new"), "lg:new"), Choice(T(loc, f"btn{many}_for_them"), f"{mode}f"),
               Choice(T(loc, f"btn{many}_self"), f"{mode}s"), *edits, Choice(T(loc, "btn_undo"), undo))
    return Reply(f"{lead}\n\n{text}" if lead else text, choices)
