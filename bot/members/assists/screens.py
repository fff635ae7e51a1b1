"""The /log form's screens: one Reply per step, and the summary shown before and after saving."""

from __future__ import annotations

from bot.core.engine import Turn
from bot.core.messages import Choice, Reply
from bot.members.assists.flow import Form, expect_number
from bot.members.assists.scope import area_name, team_villages
from bot.members.assists.text import GROUPS, T, group_name
from storage import assists
from storage.assists import Assist
from storage.teams import Team


def skill_label(turn: Turn, guide_id: str | None, other: str | None) -> str:
    guide = turn.library.get(guide_id) if guide_id else None
    if guide is not None:
        return guide.title.get(turn.locale)
    return other or guide_id or "—"


def describe(turn: Turn, *, skill: str, group: str | None, count: int, names: str, household: str,
             mode: str | None, village: str | None, note: str) -> str:
    loc = turn.locale
    lines = [T(loc, "sum_skill", skill=skill)]
    if group:
        lines.append(T(loc, "sum_group", group=group_name(loc, group)))
    lines.append(T(loc, "sum_count", n=count))
    if names:
        lines.append(T(loc, "sum_names", names=names))
    if household:
        lines.append(T(loc, "sum_household", household=household))
    if mode:
        lines.append(T(loc, "sum_mode", mode=T(loc, f"mode_{mode}")))
    if village:
        lines.append(T(loc, "sum_village", village=village))
    if note:
        lines.append(T(loc, "sum_note", note=note))
    return "\n".join(lines)


async def form_summary(turn: Turn, form: Form) -> str:
    guide = turn.library.get(form.get("guide") or "")
    return describe(
        turn, skill=skill_label(turn, form.get("guide"), form.get("other")),
        group=guide.skill_group if guide else form.get("group"), count=int(form.get("count") or 1),
        names=form.get("names", ""), household=form.get("household", ""), mode=form.get("mode"),
        village=await area_name(turn, form.get("village")) if form.get("village") else None,
        note=form.get("note", ""),
    )


async def record_summary(turn: Turn, record: Assist) -> str:
    return describe(
        turn, skill=skill_label(turn, record.guide_id, record.other_skill), group=record.skill_group,
        count=record.people_count, names=record.names, household=record.household, mode=record.mode,
        village=await area_name(turn, record.village_code), note=record.note,
    )


def _act(form: Form, op: str, arg: str = "") -> str:
    return f"lg:{op}:{form['n']}" + (f":{arg}" if arg else "")


def _tail(turn: Turn, form: Form, skip: bool = False) -> list[Choice]:
    loc = turn.locale
    extra = [Choice(T(loc, "btn_skip"), _act(form, "skip"))] if skip else []
    return [*extra, Choice(T(loc, "btn_cancel"), _act(form, "x"))]


async def skill_screen(turn: Turn, form: Form, team: Team, lead: str | None = None) -> Reply:
    loc = turn.locale
    favourites = [g for gid in await assists.top_guides(turn.db, turn.person.id, team.id)
                  if (g := turn.library.get(gid))]
    choices = [Choice(f"⭐ {g.title.get(loc)}", _act(form, "sk", g.id)) for g in favourites]
    choices += [Choice(f"📂 {c.icon} {c.title.get(loc)}".replace("  ", " "), _act(form, "cat", c.id))
                for c in turn.library.current.categories if turn.library.current.in_category(c.id)]
    choices.append(Choice(T(loc, "btn_other"), _act(form, "oth")))
    text = T(loc, "ask_skill")
    return Reply(f"{lead}\n\n{text}" if lead else text, (*choices, *_tail(turn, form)))


def category_screen(turn: Turn, form: Form, category_id: str) -> Reply | None:
    loc = turn.locale
    category = next((c for c in turn.library.current.categories if c.id == category_id), None)
    if category is None:
        return None
    choices = [Choice(g.title.get(loc), _act(form, "sk", g.id)) for g in turn.library.current.in_category(category.id)]
    choices.append(Choice(T(loc, "btn_back"), _act(form, "back")))
    return Reply(T(loc, "ask_skill_in", title=category.title.get(loc)), (*choices, *_tail(turn, form)))


def pick_screen(turn: Turn, form: Form, guide_ids: list[str]) -> Reply:
    loc = turn.locale
    choices = [Choice(g.title.get(loc), _act(form, "sk", g.id)) for gid in guide_ids if (g := turn.library.get(gid))]
    choices += [Choice(T(loc, "btn_other"), _act(form, "oth")), Choice(T(loc, "btn_back"), _act(form, "back"))]
    return Reply(T(loc, "pick_guess"), (*choices, *_tail(turn, form)))


async def step_screen(turn: Turn, form: Form, team: Team, lead: str | None = None) -> Reply:
    """The screen for the form's current step."""
    loc, step = turn.locale, form["step"]
    if step == "skill":
        return await skill_screen(turn, form, team, lead)
    if step == "pick":
        reply = pick_screen(turn, form, list(form.get("guesses", [])))
    elif step == "other":
        reply = Reply(T(loc, "ask_other"), (Choice(T(loc, "btn_back"), _act(form, "back")), *_tail(turn, form)))
    elif step == "group":
        choices = [Choice(group_name(loc, g), _act(form, "grp", g)) for g in GROUPS]
        reply = Reply(T(loc, "ask_group", skill=form.get("other", "")), (*choices, *_tail(turn, form)))
    elif step in ("count", "count_number") and await expect_number(turn):
        reply = Reply(T(loc, "ask_count_typed"))  # numbered channels: a typed "12" must reach the form
    elif step == "count":
        choices = [Choice(str(n), _act(form, "cnt", str(n))) for n in range(1, 5)]
        choices.append(Choice(T(loc, "btn_more_count"), _act(form, "cnt", "more")))
        reply = Reply(T(loc, "ask_count"), (*choices, *_tail(turn, form)))
    elif step == "count_number":
        reply = Reply(T(loc, "ask_count_number"), tuple(_tail(turn, form)))
    elif step == "names":
        reply = Reply(T(loc, "ask_names"), tuple(_tail(turn, form, skip=True)))
    elif step == "household":
        if "recent" not in form:  # fetched only when shown: the one-line form never needs it
            form["recent"] = await assists.recent_households(turn.db, turn.person.id)
        recent = [Choice(f"🏠 {label}", _act(form, "hh", str(i))) for i, label in enumerate(form.get("recent", []))]
        reply = Reply(T(loc, "ask_household"), (*recent, *_tail(turn, form, skip=True)))
    elif step == "mode":
        reply = Reply(T(loc, "ask_mode"), (Choice(T(loc, "btn_self"), _act(form, "mode", "s")),
                                           Choice(T(loc, "btn_for_them"), _act(form, "mode", "f")),
                                           *_tail(turn, form)))
    elif step == "village":
        villages = [Choice(v.name, _act(form, "v", v.code)) for v in (await team_villages(turn, team))[:30]]
        reply = Reply(T(loc, "ask_village"), (*villages, *_tail(turn, form)))
    elif step == "note":
        reply = Reply(T(loc, "ask_note"), tuple(_tail(turn, form, skip=True)))
    else:
        reply = await confirm_screen(turn, form)
    return Reply(f"{lead}\n\n{reply.text}", reply.choices) if lead else reply


async def confirm_screen(turn: Turn, form: Form) -> Reply:
    loc = turn.locale
    summary = await form_summary(turn, form)
    if form.get("mode"):
        return Reply(T(loc, "confirm", summary=summary),
                     (Choice(T(loc, "btn_save"), _act(form, "save", "-")), *_tail(turn, form)))
    return Reply(T(loc, "confirm_quick", summary=summary), (
        Choice(T(loc, "btn_save_self"), _act(form, "save", "s")),
        Choice(T(loc, "btn_save_for_them"), _act(form, "save", "f")),
        Choice(T(loc, "btn_more"), _act(form, "more")), *_tail(turn, form),
    ))


async def saved_reply(turn: Turn, record: Assist, quick: bool, lead: str | None = None) -> Reply:
    """After saving: the record number, what was stored, and one-tap fixes."""
    loc = turn.locale
    text = T(loc, "saved", id=record.id, summary=await record_summary(turn, record))
    choices: tuple[Choice, ...]
    if quick:
        flip = ("btn_to_for_them", "f") if record.mode == "self" else ("btn_to_self", "s")
        choices = (Choice(T(loc, flip[0]), f"le:ev:{record.id}:mode:{flip[1]}"),
                   Choice(T(loc, "btn_edit"), f"le:ed:{record.id}"),
                   Choice(T(loc, "btn_undo"), f"le:undo:{record.id}"))
    else:
        choices = (Choice(T(loc, "btn_new"), "lg:new"), Choice(T(loc, "btn_undo"), f"le:undo:{record.id}"))
    return Reply(f"{lead}\n\n{text}" if lead else text, choices)
