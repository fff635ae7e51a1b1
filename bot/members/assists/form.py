"""/log (/ghi): the guided form by buttons and the one-line form, saved exactly once."""

from __future__ import annotations

import secrets

from bot.core.access import T as ROLES
from bot.core.engine import Feature, Turn
from bot.core.messages import Reply
from bot.core.normalize import normal
from bot.members.assists import fields
from bot.members.assists import flow as flow_state
from bot.members.assists.flow import Form
from bot.members.assists.scope import default_village, find_village, may_log_in
from bot.members.assists.screens import category_screen, confirm_screen, pick_screen, saved_reply, step_screen
from bot.members.assists.text import GROUPS, T
from bot.residents.ask import question
from bot.residents.search import CLOSE_MARGIN, MATCH_THRESHOLD
from storage import assists, teams
from storage.assists import OTHER_GROUP, NewAssist
from storage.teams import Team

FLOW = "assist"
KEY = "lg"
ORDER = ("skill", "count", "names", "household", "mode", "village", "note")
_CANCEL = {"huy", "cancel", "thoi", "khong ghi nua"}
_SKIP = {"bo qua", "skip", "khong", "khong co", "ko", "-"}
_TEXT_FIELDS = {"names": fields.MAX_NAMES, "household": fields.MAX_HOUSEHOLD, "note": fields.MAX_NOTE}


def form_source(person_id: int, nonce: str) -> str:
    """assists.source for a form: pressing Save again, or a redelivered press, finds the same record."""
    return f"form:{person_id}:{nonce}"


def _next(form: Form) -> Form:
    done = set(form.get("done", []))
    form["step"] = next((step for step in ORDER if step not in done), "confirm")
    return form


def _finish(form: Form, step: str) -> Form:
    form["done"] = sorted({*form.get("done", []), step})
    return _next(form)


def _current(turn: Turn) -> Form | None:
    return flow_state.current(turn, FLOW, KEY)


def _stop(turn: Turn) -> None:
    flow_state.stop(turn, FLOW, KEY)


async def _new_form(turn: Turn, team: Team, **values: object) -> Form:
    form: Form = {"n": secrets.token_hex(4), "count": 1, "names": "", "household": "", "note": "", "mode": None,
                  "guide": None, "other": None, "group": None, "done": []}
    form.update(values)
    form["village"] = await default_village(turn, team)
    if form["village"] is not None:
        form["done"] = sorted({*form["done"], "village"})
    turn.state["flow"], turn.state[KEY] = FLOW, flow_state.touch(turn, form)
    return _next(form)


def _confident(turn: Turn, query: str) -> tuple[str | None, list[str]]:
    """(the guide when the search is sure, the top guesses otherwise)."""
    hits = turn.library.search(query, limit=3) if query.strip() else []
    if hits and hits[0].score >= MATCH_THRESHOLD and (len(hits) == 1 or hits[0].score - hits[1].score > CLOSE_MARGIN):
        return hits[0].guide_id, []
    return None, [h.guide_id for h in hits if h.score >= MATCH_THRESHOLD / 2]


async def start_log(turn: Turn, args: str) -> list[Reply]:
    """/log: the guided form, or a one-line form ``/log vneid-level2 2 bà Lan`` / ``/ghi cài vneid cho bà Lan``."""
    team = await teams.active_team(turn.db, turn.person.id)
    if team is None:
        return [Reply(ROLES(turn.locale, "not_member"))]
    if not args:
        return [await step_screen(turn, await _new_form(turn, team), team)]
    quick = fields.parse_quick(args, turn.library)
    if quick.count is not None and not 1 <= quick.count <= fields.MAX_PEOPLE:
        return [Reply(T(turn.locale, "bad_count"))]
    names = fields.clean(quick.names, fields.MAX_NAMES)
    if names.text is None:
        return [Reply(T(turn.locale, "refused_secret" if names.secret else "too_long", n=fields.MAX_NAMES))]
    lead = T(turn.locale, "masked") if names.masked else None
    done = ["count", "names", "household", "note", "mode"]
    values = {"count": quick.count or 1, "names": names.text, "mode": quick.mode, "quick": True}
    if quick.guide_id:
        form = await _new_form(turn, team, guide=quick.guide_id, done=["skill", *done], **values)
        if form["step"] == "confirm":
            return [await _save(turn, team, form, quick.mode or "self", source=_message_source(turn), lead=lead)]
        return [await step_screen(turn, form, team, lead)]
    guide_id, guesses = _confident(turn, quick.query)
    if guide_id:
        form = await _new_form(turn, team, guide=guide_id, done=["skill", *done], **values)
    else:
        form = await _new_form(turn, team, done=done, guesses=guesses, **values)
        form["step"] = "pick" if guesses else "skill"
    return [await step_screen(turn, form, team, lead)]


def _message_source(turn: Turn) -> str | None:
    incoming = turn.incoming
    return f"msg:{incoming.channel}:{incoming.message_id}" if incoming.message_id else None


async def _save(turn: Turn, team: Team, form: Form, mode: str, source: str | None = None,
                lead: str | None = None) -> Reply:
    """Write the record (committed) and only then say it is saved."""
    village = form.get("village")
    if not village or not await may_log_in(turn, team, village):
        _stop(turn)
        return Reply(T(turn.locale, "not_own_village"))
    guide = turn.library.get(form.get("guide") or "")
    new = NewAssist(
        member_id=turn.person.id, team_id=team.id, village_code=village,
        guide_id=guide.id if guide else None,
        other_skill=None if guide else (form.get("other") or form.get("guide") or "?"),
        skill_group=guide.skill_group if guide else (form.get("group") or OTHER_GROUP),
        people_count=int(form.get("count") or 1), names=form.get("names", ""),
        household=form.get("household", ""), household_norm=fields.household_key(form.get("household", "")),
        mode=mode, note=form.get("note", ""),
    )
    record, created = await assists.save_assist(
        turn.db, new, source or form_source(turn.person.id, form["n"]), turn.services.clock()
    )
    _stop(turn)
    if not created:
        return Reply(T(turn.locale, "already_saved", id=record.id))
    return await saved_reply(turn, record, quick=bool(form.get("quick")), lead=lead)


async def on_action(turn: Turn, arg: str) -> list[Reply]:
    """lg:<op>:<nonce>[:<value>] — a press on the form; lg:new starts another form."""
    op, _, rest = arg.partition(":")
    if op == "new":
        return await start_log(turn, "")
    nonce, _, value = rest.partition(":")
    team = await teams.active_team(turn.db, turn.person.id)
    if team is None:
        return [Reply(ROLES(turn.locale, "not_member"))]
    form = _current(turn)
    if form is None or form.get("n") != nonce:
        if op == "save":
            record = await assists.find_by_source(turn.db, form_source(turn.person.id, nonce))
            if record is not None:
                return [Reply(T(turn.locale, "already_saved", id=record.id))]
        return [Reply(T(turn.locale, "stale_form"))]
    loc = turn.locale
    flow_state.touch(turn, form)
    if op == "x":
        _stop(turn)
        return [Reply(T(loc, "cancelled"))]
    if op == "save" and form["step"] == "confirm":
        mode = {"s": "self", "f": "for_them"}.get(value) or form.get("mode") or "self"
        return [await _save(turn, team, form, mode)]
    if op == "sk" and turn.library.get(value):
        form.update(guide=value, other=None, group=None)
        _finish(form, "skill")
    elif op == "cat":
        screen = category_screen(turn, form, value)
        if screen is not None:
            return [screen]
    elif op == "oth":
        form["step"] = "other"
    elif op == "back":
        form["step"] = "skill"
    elif op == "grp" and value in GROUPS and form.get("other"):
        form["group"] = value
        _finish(form, "skill")
    elif op == "cnt":
        if value == "more":
            form["step"] = "count_number"
        elif value.isdigit() and 1 <= int(value) <= fields.MAX_PEOPLE:
            form["count"] = int(value)
            _finish(form, "count")
    elif op == "skip" and form["step"] in _TEXT_FIELDS:
        _finish(form, form["step"])
    elif op == "hh" and value.isdigit() and int(value) < len(form.get("recent", [])):
        form["household"] = form["recent"][int(value)]
        _finish(form, "household")
    elif op == "mode" and value in ("s", "f"):
        form["mode"] = "self" if value == "s" else "for_them"
        _finish(form, "mode")
    elif op == "v":
        if not await may_log_in(turn, team, value):
            return [Reply(T(loc, "not_own_village")), await step_screen(turn, form, team)]
        form["village"] = value
        _finish(form, "village")
    elif op == "more":
        form["done"] = [d for d in form.get("done", []) if d not in ("household", "note")]
        _next(form)
    return [await step_screen(turn, form, team)]


async def on_text(turn: Turn, text: str) -> list[Reply]:
    """Typed answers while a form is open: a skill in words, a number, names, a household, a note."""
    form = _current(turn)
    team = await teams.active_team(turn.db, turn.person.id)
    if form is None or team is None or await flow_state.abandoned(turn, form):
        _stop(turn)
        return await question(turn, text)
    flow_state.touch(turn, form)
    loc, words, step = turn.locale, normal(text), form["step"]
    if words in _CANCEL:
        _stop(turn)
        return [Reply(T(loc, "cancelled"))]
    if step in ("skill", "pick"):
        guide_id, guesses = _confident(turn, text)
        if guide_id:
            form.update(guide=guide_id, other=None, group=None)
            _finish(form, "skill")
        elif guesses:
            form.update(step="pick", guesses=guesses)
            return [pick_screen(turn, form, guesses)]
        else:
            return [await step_screen(turn, form, team, T(loc, "skill_not_found", text=text[:40]))]
    elif step == "other":
        cleaned = fields.clean(text, fields.MAX_OTHER)
        if cleaned.text is None:
            return [Reply(T(loc, "refused_secret" if cleaned.secret else "too_long", n=fields.MAX_OTHER))]
        form.update(other=cleaned.text, guide=None, step="group")
    elif step in ("count", "count_number"):
        count = fields.parse_count(text)
        if count is None:
            return [await step_screen(turn, form, team, T(loc, "bad_count"))]
        form["count"] = count
        _finish(form, "count")
    elif step in _TEXT_FIELDS:
        if words in _SKIP:
            _finish(form, step)
            return [await step_screen(turn, form, team)]
        cleaned = fields.clean(text, _TEXT_FIELDS[step])
        if cleaned.text is None:
            return [Reply(T(loc, "refused_secret" if cleaned.secret else "too_long", n=_TEXT_FIELDS[step]))]
        form[step] = cleaned.text
        _finish(form, step)
        return [await step_screen(turn, form, team, T(loc, "masked") if cleaned.masked else None)]
    elif step == "mode" and words in ("tu lam", "lam ho"):
        form["mode"] = "self" if words == "tu lam" else "for_them"
        _finish(form, "mode")
    elif step == "village":
        found = await find_village(turn, team, text)
        if len(found) == 1:
            form["village"] = found[0].code
            _finish(form, "village")
        elif not found:
            return [await step_screen(turn, form, team, T(loc, "no_village_match", text=text[:40]))]
    elif step == "confirm":
        screen = await confirm_screen(turn, form)
        return [Reply(f"{T(loc, 'confirm_hint')}\n\n{screen.text}", screen.choices)]
    return [await step_screen(turn, form, team)]


FEATURE = Feature(
    commands={"log": start_log, "ghi": start_log},
    actions={"lg": on_action},
    flows={FLOW: on_text},
)
