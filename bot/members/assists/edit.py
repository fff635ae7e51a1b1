"""/undo (/hoantac) and /edit (/sua): change a record within 24 hours, keeping who changed what."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.access import scope_of
from bot.core.engine import Feature, Turn
from bot.core.messages import Choice, Reply
from bot.core.normalize import normal
from bot.members.assists import fields
from bot.members.assists.flow import expect_number
from bot.members.assists.scope import may_change
from bot.members.assists.screens import record_summary, skill_label
from bot.members.assists.text import T
from bot.residents.ask import question
from bot.residents.search import MATCH_THRESHOLD
from storage import assists
from storage.assists import Assist, Change

FLOW = "assist_edit"
KEY = "lge"
WINDOW = timedelta(hours=24)
_TEXT_FIELDS = {"names": fields.MAX_NAMES, "household": fields.MAX_HOUSEHOLD, "note": fields.MAX_NOTE}
_CLEAR = {"xoa", "clear", "de trong"}
_LABELS = {"people_count": "field_count", "names": "field_names", "household": "field_household",
           "note": "field_note", "mode": "field_mode", "guide_id": "field_skill", "other_skill": "field_skill"}


def _record_id(text: str) -> int | None:
    text = text.strip().lstrip("#")
    return int(text) if text.isdigit() and len(text) < 10 else None


async def _changeable(turn: Turn, record_id: int | None) -> Assist | Reply:
    """The record when this person may still change it, else the reason as a reply."""
    loc = turn.locale
    record = await assists.get_assist(turn.db, record_id) if record_id else None
    if record is None:
        return Reply(T(loc, "no_record", id=record_id or "?"))
    if not await may_change(turn, await scope_of(turn), record.member_id, record.village_code):
        return Reply(T(loc, "not_yours", id=record.id))
    if record.undone_at:
        return Reply(T(loc, "already_undone", id=record.id))
    created = datetime.fromisoformat(record.created_at)
    if turn.services.clock() - created > WINDOW:
        return Reply(T(loc, "too_old", id=record.id))
    return record


async def undo_command(turn: Turn, args: str) -> list[Reply]:
    """/undo [N]: ask to undo my last record (or record N)."""
    record_id = _record_id(args)
    if record_id is None:
        last = await assists.last_assist(turn.db, turn.person.id)
        if last is None:
            return [Reply(T(turn.locale, "nothing_to_undo"))]
        record_id = last.id
    found = await _changeable(turn, record_id)
    if isinstance(found, Reply):
        return [found]
    text = T(turn.locale, "undo_ask", id=found.id, summary=await record_summary(turn, found))
    return [Reply(text, (Choice(T(turn.locale, "btn_undo"), f"le:undo:{found.id}"),
                         Choice(T(turn.locale, "btn_cancel"), "le:keep")))]


async def _undo(turn: Turn, record_id: int | None) -> list[Reply]:
    found = await _changeable(turn, record_id)
    if isinstance(found, Reply):
        return [found]
    if not await assists.undo_assist(turn.db, found.id, turn.person.id, turn.services.clock()):
        return [Reply(T(turn.locale, "already_undone", id=found.id))]
    return [Reply(T(turn.locale, "undone", id=found.id))]


async def edit_command(turn: Turn, args: str) -> list[Reply]:
    """/edit [N]: what can be changed in record N (default: my last one)."""
    record_id = _record_id(args)
    if record_id is None:
        last = await assists.last_assist(turn.db, turn.person.id)
        if last is None:
            return [Reply(T(turn.locale, "edit_usage"))]
        record_id = last.id
    return await _menu(turn, record_id)


async def _menu(turn: Turn, record_id: int | None) -> list[Reply]:
    found = await _changeable(turn, record_id)
    if isinstance(found, Reply):
        return [found]
    loc, rid = turn.locale, found.id
    flip = ("btn_to_for_them", "f") if found.mode == "self" else ("btn_to_self", "s")
    choices = (
        Choice(T(loc, "field_skill"), f"le:ef:{rid}:skill"), Choice(T(loc, "field_count"), f"le:ef:{rid}:count"),
        Choice(T(loc, "field_names"), f"le:ef:{rid}:names"),
        Choice(T(loc, "field_household"), f"le:ef:{rid}:household"),
        Choice(T(loc, flip[0]), f"le:ev:{rid}:mode:{flip[1]}"), Choice(T(loc, "field_note"), f"le:ef:{rid}:note"),
        Choice(T(loc, "btn_undo"), f"le:undo:{rid}"), Choice(T(loc, "btn_cancel"), "le:keep"),
    )
    return [Reply(T(loc, "edit_menu", id=rid, summary=await record_summary(turn, found)), choices)]


async def _ask_field(turn: Turn, record_id: int | None, field: str) -> list[Reply]:
    found = await _changeable(turn, record_id)
    if isinstance(found, Reply):
        return [found]
    loc = turn.locale
    turn.state["flow"], turn.state[KEY] = FLOW, {"id": found.id, "field": field}
    keep = Choice(T(loc, "btn_cancel"), "le:keep")
    if field == "count":
        if await expect_number(turn):
            return [Reply(T(loc, "ask_count_typed"))]
        numbers = tuple(Choice(str(n), f"le:ev:{found.id}:count:{n}") for n in range(1, 6))
        return [Reply(T(loc, "ask_count"), (*numbers, keep))]
    if field == "skill":
        return [Reply(T(loc, "edit_ask_skill"), (keep,))]
    return [Reply(T(loc, "edit_ask_text", field=T(loc, f"field_{field}")), (keep,))]


async def _apply(turn: Turn, record_id: int | None, field: str, value: str) -> list[Reply]:
    found = await _changeable(turn, record_id)
    if isinstance(found, Reply):
        return [found]
    changes: dict[str, str | int | None] = {}
    guide = turn.library.get(value) if field == "guide" else None
    if field == "count" and (count := fields.parse_count(value)) is not None:
        changes["people_count"] = count
    elif field == "mode" and value in ("s", "f"):
        changes["mode"] = "self" if value == "s" else "for_them"
    elif guide is not None:
        changes.update(guide_id=guide.id, other_skill=None, skill_group=guide.skill_group)
    elif field in _TEXT_FIELDS:
        changes[field] = value
        if field == "household":
            changes["household_norm"] = fields.household_key(value)
    else:
        return [Reply(T(turn.locale, "edit_nothing", id=found.id))]
    done = await assists.edit_assist(turn.db, found.id, turn.person.id, changes, turn.services.clock())
    _stop(turn)
    shown = [_describe(turn, c) for c in done if c.field in _LABELS and c.field != "other_skill"]
    if not shown:
        return [Reply(T(turn.locale, "edit_nothing", id=found.id))]
    return [Reply(T(turn.locale, "edited", id=found.id, changes="; ".join(shown)),
                  (Choice(T(turn.locale, "btn_edit"), f"le:ed:{found.id}"),))]


def _describe(turn: Turn, change: Change) -> str:
    loc = turn.locale

    def show(value: str | None) -> str:
        if change.field == "mode" and value:
            return T(loc, f"mode_{value}")
        if change.field == "guide_id":
            return skill_label(turn, value, None)
        return value or "—"

    return f"{T(loc, _LABELS[change.field])}: {show(change.old)} → {show(change.new)}"


def _stop(turn: Turn) -> None:
    turn.state.pop(KEY, None)
    if turn.state.get("flow") == FLOW:
        turn.state.pop("flow", None)


async def on_action(turn: Turn, arg: str) -> list[Reply]:
    """le:undo:N, le:ed:N (menu), le:ef:N:field (ask), le:ev:N:field:value (apply), le:keep (leave as is)."""
    op, _, rest = arg.partition(":")
    record_text, _, tail = rest.partition(":")
    record_id = _record_id(record_text)
    if op == "undo":
        return await _undo(turn, record_id)
    if op == "ed":
        return await _menu(turn, record_id)
    if op == "ef" and tail in ("skill", "count", *_TEXT_FIELDS):
        return await _ask_field(turn, record_id, tail)
    if op == "ev":
        field, _, value = tail.partition(":")
        return await _apply(turn, record_id, field, value)
    _stop(turn)
    return [Reply(T(turn.locale, "cancelled"))]


async def on_text(turn: Turn, text: str) -> list[Reply]:
    """The new value typed for the field being edited."""
    state = turn.state.get(KEY)
    if not isinstance(state, dict):
        _stop(turn)
        return await question(turn, text)
    record_id, field, loc = state.get("id"), str(state.get("field")), turn.locale
    words = normal(text)
    if field == "skill":
        hits = [h for h in turn.library.search(text, limit=3) if h.score >= MATCH_THRESHOLD / 2]
        if not hits:
            return [Reply(T(loc, "skill_not_found", text=text[:40]), (Choice(T(loc, "btn_cancel"), "le:keep"),))]
        choices = [Choice(g.title.get(loc), f"le:ev:{record_id}:guide:{g.id}")
                   for h in hits if (g := turn.library.get(h.guide_id))]
        return [Reply(T(loc, "edit_pick_skill"), (*choices, Choice(T(loc, "btn_cancel"), "le:keep")))]
    if field == "count":
        if fields.parse_count(text) is None:
            return [Reply(T(loc, "bad_count"))]
        return await _apply(turn, record_id if isinstance(record_id, int) else None, "count", text)
    if field not in _TEXT_FIELDS:
        _stop(turn)
        return await question(turn, text)
    value = ""
    if words not in _CLEAR:
        cleaned = fields.clean(text, _TEXT_FIELDS[field])
        if cleaned.text is None:
            return [Reply(T(loc, "refused_secret" if cleaned.secret else "too_long", n=_TEXT_FIELDS[field]))]
        value = cleaned.text
        if cleaned.masked:
            replies = await _apply(turn, record_id if isinstance(record_id, int) else None, field, value)
            return [Reply(T(loc, "masked")), *replies]
    return await _apply(turn, record_id if isinstance(record_id, int) else None, field, value)


FEATURE = Feature(
    commands={"undo": undo_command, "hoantac": undo_command, "edit": edit_command, "sua": edit_command},
    actions={"le": on_action},
    flows={FLOW: on_text},
)
