"""/session (/buoi): record a group guidance or training session — date, topics, place, attendees."""

from __future__ import annotations

import re
import secrets
from datetime import date, datetime, timedelta

from bot.core.access import T as ROLES
from bot.core.engine import Feature, Turn
from bot.core.messages import Choice, Reply
from bot.core.normalize import normal
from bot.members.assists import fields
from bot.members.assists import flow as flow_state
from bot.members.assists.flow import Form
from bot.members.assists.scope import default_village
from bot.members.assists.text import T as LOG_TEXT
from bot.members.sessions_text import T
from bot.residents.ask import question
from bot.residents.search import MATCH_THRESHOLD
from storage import sessions, teams
from storage.sessions import NewSession, Session

FLOW = "session_log"
KEY = "ss"
MAX_PLACE = 80
MAX_ATTENDEES = 5000
ORDER = ("date", "topics", "place", "attendees", "note")
_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\s*[/.\-]\s*(\d{2}|\d{4}))?\s*$")
_SKIP = {"bo qua", "skip", "khong", "ko", "-"}
_CANCEL = {"huy", "cancel", "thoi"}



def session_source(person_id: int, nonce: str) -> str:
    return f"session:{person_id}:{nonce}"


def today(turn: Turn) -> date:
    return turn.services.clock().astimezone(turn.services.config.tz).date()


def parse_day(text: str, now: date) -> date | None:
    """dd/mm or dd/mm/yyyy, not after NOW nor more than a year before; a dd/mm ahead means last year."""
    words = normal(text)
    if words == "hom nay":
        return now
    if words == "hom qua":
        return now - timedelta(days=1)
    match = _DATE.match(text)
    if not match:
        return None
    day, month, year_text = int(match.group(1)), int(match.group(2)), match.group(3)
    year = (int(year_text) + (2000 if len(year_text) == 2 else 0)) if year_text else now.year
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    if not year_text and found > now:
        found = found.replace(year=year - 1) if not (month == 2 and day == 29) else found
    return found if now - timedelta(days=366) <= found <= now else None


def _act(form: Form, op: str, arg: str = "") -> str:
    return f"ss:{op}:{form['n']}" + (f":{arg}" if arg else "")


def _titles(turn: Turn, ids: list[str] | tuple[str, ...]) -> str:
    return ", ".join(g.title.get(turn.locale) if (g := turn.library.get(i)) else i for i in ids) or "—"


def _summary(turn: Turn, held_on: str, topics: list[str] | tuple[str, ...], place: str, attendees: int,
             note: str) -> str:
    loc = turn.locale
    lines = [T(loc, "sum_date", date=date.fromisoformat(held_on).strftime("%d/%m/%Y")),
             T(loc, "sum_topics", topics=_titles(turn, topics)), T(loc, "sum_place", place=place or "—"),
             T(loc, "sum_attendees", n=attendees)]
    if note:
        lines.append(T(loc, "sum_note", note=note))
    return "\n".join(lines)


async def _screen(turn: Turn, form: Form, lead: str | None = None) -> Reply:
    loc, step = turn.locale, form["step"]
    cancel = Choice(T(loc, "btn_cancel"), _act(form, "x"))
    skip = Choice(T(loc, "btn_skip"), _act(form, "skip"))
    if step == "date":
        now = today(turn)
        choices: tuple[Choice, ...] = (
            Choice(T(loc, "today", date=now.strftime("%d/%m")), _act(form, "d", now.isoformat())),
            Choice(T(loc, "yesterday", date=(now - timedelta(days=1)).strftime("%d/%m")),
                   _act(form, "d", (now - timedelta(days=1)).isoformat())), cancel)
        reply = Reply(T(loc, "ask_date"), choices)
    elif step == "topics":
        chosen = list(form.get("topics", []))
        toggles = [Choice(("✅ " if g.id in chosen else "") + g.title.get(loc), _act(form, "t", g.id))
                   for c in turn.library.current.categories for g in turn.library.current.in_category(c.id)]
        text = T(loc, "ask_topics") + ("\n\n" + T(loc, "chosen", topics=_titles(turn, chosen)) if chosen else "")
        reply = Reply(text, (*toggles, Choice(T(loc, "btn_done"), _act(form, "td")), cancel))
    elif step == "place":
        reply = Reply(T(loc, "ask_place"), (skip, cancel))
    elif step == "attendees":
        if await flow_state.expect_number(turn):
            reply = Reply(T(loc, "ask_attendees_typed"))
        else:
            numbers = tuple(Choice(str(n), _act(form, "a", str(n))) for n in (10, 20, 30, 50))
            reply = Reply(T(loc, "ask_attendees"), (*numbers, cancel))
    elif step == "note":
        reply = Reply(T(loc, "ask_note"), (skip, cancel))
    else:
        summary = _summary(turn, form["date"], form["topics"], form.get("place", ""), int(form["attendees"]),
                           form.get("note", ""))
        reply = Reply(T(loc, "confirm", summary=summary), (Choice(T(loc, "btn_save"), _act(form, "save")), cancel))
    return Reply(f"{lead}\n\n{reply.text}", reply.choices) if lead else reply


def _finish(form: Form, step: str) -> Form:
    done = {*form.get("done", []), step}
    form["done"] = sorted(done)
    form["step"] = next((s for s in ORDER if s not in done), "confirm")
    return form


def _current(turn: Turn) -> Form | None:
    return flow_state.current(turn, FLOW, KEY)


def _stop(turn: Turn) -> None:
    flow_state.stop(turn, FLOW, KEY)


async def start_session(turn: Turn, args: str) -> list[Reply]:
    """/session: a new form, starting with the date."""
    if await teams.active_team(turn.db, turn.person.id) is None:
        return [Reply(ROLES(turn.locale, "not_member"))]
    form: Form = {"n": secrets.token_hex(4), "step": "date", "topics": [], "place": "", "note": "", "done": []}
    turn.state["flow"], turn.state[KEY] = FLOW, flow_state.touch(turn, form)
    return [await _screen(turn, form)]


async def _save(turn: Turn, form: Form) -> Reply:
    team = await teams.active_team(turn.db, turn.person.id)
    if team is None:
        _stop(turn)
        return Reply(ROLES(turn.locale, "not_member"))
    new = NewSession(
        member_id=turn.person.id, team_id=team.id, village_code=await default_village(turn, team) or team.area_code,
        held_on=form["date"], topics=tuple(form["topics"]), place=form.get("place", ""),
        attendees=int(form["attendees"]), note=form.get("note", ""),
    )
    record, created = await sessions.save_session(
        turn.db, new, session_source(turn.person.id, form["n"]), turn.services.clock()
    )
    _stop(turn)
    if not created:
        return Reply(T(turn.locale, "already_saved", id=record.id))
    return _saved(turn, record)


def _saved(turn: Turn, record: Session) -> Reply:
    summary = _summary(turn, record.held_on, record.topics, record.place, record.attendees, record.note)
    return Reply(T(turn.locale, "saved", id=record.id, summary=summary),
                 (Choice(T(turn.locale, "btn_undo"), f"ss:undo:{record.id}"),))


async def _undo(turn: Turn, value: str) -> list[Reply]:
    record = await sessions.get_session(turn.db, int(value)) if value.isdigit() else None
    now = turn.services.clock()
    if (record is None or record.member_id != turn.person.id
            or now - datetime.fromisoformat(record.created_at) > timedelta(hours=24)
            or not await sessions.undo_session(turn.db, record.id, now)):
        return [Reply(T(turn.locale, "cannot_undo", id=value[:10]))]
    return [Reply(T(turn.locale, "undone", id=record.id))]


async def on_action(turn: Turn, arg: str) -> list[Reply]:
    """ss:<op>:<nonce>[:<value>]; ss:undo:<id>."""
    op, _, rest = arg.partition(":")
    if op == "undo":
        return await _undo(turn, rest)
    nonce, _, value = rest.partition(":")
    form = _current(turn)
    if form is None or form.get("n") != nonce:
        found = await sessions.find_by_source(turn.db, session_source(turn.person.id, nonce))
        if op == "save" and found is not None:
            return [Reply(T(turn.locale, "already_saved", id=found.id))]
        return [Reply(T(turn.locale, "stale"))]
    if await teams.active_team(turn.db, turn.person.id) is None:
        _stop(turn)
        return [Reply(ROLES(turn.locale, "not_member"))]
    flow_state.touch(turn, form)
    if op == "x":
        _stop(turn)
        return [Reply(T(turn.locale, "cancelled"))]
    if op == "save" and form["step"] == "confirm":
        return [await _save(turn, form)]
    if op == "d" and (day := parse_day(_iso_to_text(value), today(turn))):
        form["date"] = day.isoformat()
        _finish(form, "date")
    elif op == "t" and turn.library.get(value):
        topics = list(form.get("topics", []))
        form["topics"] = [t for t in topics if t != value] if value in topics else [*topics, value]
    elif op == "td":
        if not form.get("topics"):
            return [await _screen(turn, form, T(turn.locale, "need_topic"))]
        _finish(form, "topics")
    elif op == "skip" and form["step"] in ("place", "note"):
        _finish(form, form["step"])
    elif op == "a" and value.isdigit() and 1 <= int(value) <= MAX_ATTENDEES:
        form["attendees"] = int(value)
        _finish(form, "attendees")
    return [await _screen(turn, form)]


def _iso_to_text(value: str) -> str:
    """A button carries an ISO date; read it back through the same checks as a typed one."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return ""
    return day.strftime("%d/%m/%Y")


async def on_text(turn: Turn, text: str) -> list[Reply]:
    """Typed answers: a date, topic words, the place, the number of attendees, a note."""
    form = _current(turn)
    if (form is None or await teams.active_team(turn.db, turn.person.id) is None
            or await flow_state.abandoned(turn, form)):
        _stop(turn)
        return await question(turn, text)
    flow_state.touch(turn, form)
    loc, step, words = turn.locale, form["step"], normal(text)
    if words in _CANCEL:
        _stop(turn)
        return [Reply(T(loc, "cancelled"))]
    if step == "date":
        day = parse_day(text, today(turn))
        if day is None:
            return [await _screen(turn, form, T(loc, "bad_date", text=text[:20]))]
        form["date"] = day.isoformat()
        _finish(form, "date")
    elif step == "topics":
        hits = [h for h in turn.library.search(text, limit=1) if h.score >= MATCH_THRESHOLD]
        if not hits:
            return [await _screen(turn, form, T(loc, "topic_not_found", text=text[:40]))]
        if hits[0].guide_id not in form["topics"]:
            form["topics"] = [*form["topics"], hits[0].guide_id]
    elif step in ("place", "note"):
        if words not in _SKIP:
            cleaned = fields.clean(text, MAX_PLACE if step == "place" else fields.MAX_NOTE)
            if cleaned.text is None:
                key = "refused_secret" if cleaned.secret else "too_long"
                return [Reply(LOG_TEXT(loc, key, n=MAX_PLACE if step == "place" else fields.MAX_NOTE))]
            form[step] = cleaned.text
            if cleaned.masked:
                return [await _screen(turn, _finish(form, step), LOG_TEXT(loc, "masked"))]
        _finish(form, step)
    elif step == "attendees":
        match = re.fullmatch(r"\s*(\d{1,5})\s*(nguoi|người|ng)?\s*", text.lower())
        if not match or not 1 <= int(match.group(1)) <= MAX_ATTENDEES:
            return [await _screen(turn, form, T(loc, "bad_attendees"))]
        form["attendees"] = int(match.group(1))
        _finish(form, "attendees")
    return [await _screen(turn, form)]


FEATURE = Feature(
    commands={"session": start_session, "buoi": start_session},
    actions={"ss": on_action},
    flows={FLOW: on_text},
)
