"""/broadcast: audience, place, text, photo, a preview with exact counts, then send now or schedule."""

from __future__ import annotations

import re
from typing import Any

from bot.areas import lookup as area_lookup
from bot.coordinators.broadcasts import listing as broadcast_list
from bot.coordinators.broadcasts.places import (
    AUDIENCES,
    FLOW,
    ask_area,
    cancel_choice,
    common_area,
    pick_list,
    typed_places,
)
from bot.coordinators.broadcasts.preview import places_label, show_preview, toggle_replies
from bot.coordinators.broadcasts.schedule import example, parse_when, show_when
from bot.coordinators.broadcasts.text import T, audience_label
from bot.core import access
from bot.core.engine import MAX_TEXT, Feature, Turn
from bot.core.messages import Choice, Reply
from bot.core.normalize import fold
from bot.residents import optout
from storage import areas, broadcasts
from storage.areas import Area
from storage.broadcast_queue import iso

_CANCEL = {"huy", "thoi", "huy bo", "cancel", "/cancel"}
_NO_PHOTO = {"khong", "ko", "k", "bo qua", "khong kem anh", "khong co", "skip", "no", "none"}
_URL = re.compile(r"^https://\S{3,500}$")


def _draft(turn: Turn) -> dict[str, Any] | None:
    draft = turn.state.get("bc")
    return draft if isinstance(draft, dict) else None


def _end(turn: Turn) -> None:
    turn.state.pop("bc", None)
    if turn.state.get("flow") == FLOW:
        turn.state.pop("flow", None)


def _cancel_choice(turn: Turn) -> Choice:
    return cancel_choice(turn)


async def begin(turn: Turn, arg: str) -> list[Reply]:
    """/broadcast, /thongbao: coordinators and admins only."""
    scope = await access.coordinator(turn)
    if isinstance(scope, list):
        return scope
    turn.state["flow"] = FLOW
    turn.state["bc"] = {"step": "audience"}
    return [_ask_audience(turn)]


def _ask_audience(turn: Turn) -> Reply:
    loc = turn.locale
    return Reply(T(loc, "ask_audience"), (
        Choice(T(loc, "btn_members"), "bc:a:m"), Choice(T(loc, "btn_residents"), "bc:a:r"),
        Choice(T(loc, "btn_both"), "bc:a:b"), _cancel_choice(turn),
    ))


async def choose_audience(turn: Turn, arg: str) -> list[Reply]:
    draft = _draft(turn)
    if draft is None or arg not in AUDIENCES:
        return [Reply(T(turn.locale, "no_draft"))]
    scope = await access.coordinator(turn)
    if isinstance(scope, list):
        _end(turn)
        return scope
    turn.state["flow"] = FLOW
    kept = {k: draft[k] for k in ("text", "image", "rt") if k in draft}  # "another place" keeps the text
    turn.state["bc"] = {**kept, "step": "area", "aud": AUDIENCES[arg]}
    return [await ask_area(turn, scope.area_codes, AUDIENCES[arg])]


async def choose_area(turn: Turn, code: str) -> list[Reply]:
    draft = _draft(turn)
    if draft is None or draft.get("step") not in ("area", "confirm") or "aud" not in draft:
        return [Reply(T(turn.locale, "no_draft"))]
    area = await areas.get_area(turn.db, code)
    if area is None:
        return [Reply(T(turn.locale, "no_draft"))]
    return await use_areas(turn, draft, [area])


async def pick(turn: Turn, code: str) -> list[Reply]:
    """``bc:k:<code>``: tick or untick a village on the pick-list (an empty code just shows it)."""
    draft = _draft(turn)
    if draft is None or draft.get("step") not in ("area", "confirm") or "aud" not in draft:
        return [Reply(T(turn.locale, "no_draft"))]
    turn.state["flow"] = FLOW
    shown = await pick_list(turn, draft, code)
    turn.state["bc"] = {**draft, "step": "area"}
    return [shown]


async def picked(turn: Turn, arg: str) -> list[Reply]:
    draft = _draft(turn)
    codes = draft.get("pick") if draft else None
    if draft is None or not isinstance(codes, list) or not codes:
        return [Reply(T(turn.locale, "no_draft"))]
    return await use_areas(turn, draft, list((await areas.get_areas(turn.db, codes)).values()))


async def use_areas(turn: Turn, draft: dict[str, Any], places: list[Area]) -> list[Reply]:
    scope = await access.scope_of(turn)
    outside = [a for a in places if not scope.covers(a)]
    if outside:
        name = await area_lookup.describe(turn.db, outside[0])
        refusal = access.T(turn.locale, "outside_area", area=name)
        return [await ask_area(turn, scope.area_codes, draft["aud"], lead=refusal)]
    codes = list(dict.fromkeys(a.code for a in places))
    turn.state["flow"] = FLOW
    new = {k: v for k, v in draft.items() if k != "pick"}
    if draft.get("text"):  # choosing another place after the preview keeps what was written
        turn.state["bc"] = {**new, "areas": codes}
        return await show_preview(turn)
    turn.state["bc"] = {**new, "step": "text", "areas": codes}
    label = await places_label(turn, codes)
    text = T(turn.locale, "ask_text", audience=audience_label(turn.locale, draft["aud"]), area=label, max=MAX_TEXT)
    return [Reply(text, (_cancel_choice(turn),))]


async def on_text(turn: Turn, text: str) -> list[Reply]:
    """Free text while composing: a place name, the announcement, a photo address, or a time."""
    draft = _draft(turn)
    if draft is None:
        _end(turn)
        return [Reply(T(turn.locale, "no_draft"))]
    folded = fold(text).strip(" .!")
    if folded in _CANCEL:
        return await discard(turn, "")
    step = draft.get("step")
    if step == "area":
        return await typed_places(turn, draft, text, use_areas)
    if step == "text":
        turn.state["bc"] = {**draft, "step": "photo", "text": text.strip()}
        return [Reply(T(turn.locale, "ask_photo"), (Choice(T(turn.locale, "btn_no_photo"), "bc:p:0"),
                                                     _cancel_choice(turn)))]
    if step == "photo":
        if folded in _NO_PHOTO:
            return await skip_photo(turn, "")
        if not _URL.match(text.strip()):
            return [Reply(T(turn.locale, "bad_photo"), (Choice(T(turn.locale, "btn_no_photo"), "bc:p:0"),
                                                        _cancel_choice(turn)))]
        turn.state["bc"] = {**draft, "image": text.strip()}
        return await show_preview(turn)
    if step == "time":
        return await _schedule(turn, draft, text)
    if step == "confirm":
        return await show_preview(turn)
    return [_ask_audience(turn)]


async def skip_photo(turn: Turn, arg: str) -> list[Reply]:
    draft = _draft(turn)
    if draft is None or draft.get("step") != "photo":
        return [Reply(T(turn.locale, "no_draft"))]
    turn.state["bc"] = {**draft, "image": None}
    return await show_preview(turn)


async def _queue(turn: Turn, draft: dict[str, Any], scheduled_for: str | None) -> broadcasts.Broadcast | Reply:
    """Check the scope once more and write the broadcast with all its recipients."""
    codes = [c for c in draft.get("areas", []) if isinstance(c, str)]
    found = await areas.get_areas(turn.db, codes)
    scope = await access.scope_of(turn)
    places = [found[c] for c in codes if c in found]
    if not places or len(places) != len(codes) or not all(scope.covers(a) for a in places):
        _end(turn)
        name = next((a.name for a in places if not scope.covers(a)), ", ".join(codes))
        return Reply(access.T(turn.locale, "outside_area", area=name))
    made = await broadcasts.create_broadcast(
        turn.db, turn.person.id, common_area(places), draft["aud"], draft["text"], draft.get("image"),
        sorted(turn.services.senders), scheduled_for, places=codes, replies_to=draft.get("rt", "author"),
    )
    _end(turn)
    return made


async def send_now(turn: Turn, arg: str) -> list[Reply]:
    draft = _draft(turn)
    if draft is None or draft.get("step") != "confirm":
        return [Reply(T(turn.locale, "no_draft"))]
    made = await _queue(turn, draft, None)
    if isinstance(made, Reply):
        return [made]
    return [Reply(T(turn.locale, "queued", id=made.id, total=made.total), (Choice("📋 /broadcasts", "bc:l"),))]


async def ask_time(turn: Turn, arg: str) -> list[Reply]:
    draft = _draft(turn)
    if draft is None or draft.get("step") not in ("confirm", "time"):
        return [Reply(T(turn.locale, "no_draft"))]
    turn.state["bc"] = {**draft, "step": "time"}
    sample = example(turn.services.clock(), turn.services.config.tz)
    return [Reply(T(turn.locale, "ask_time", example=sample), (_cancel_choice(turn),))]


async def _schedule(turn: Turn, draft: dict[str, Any], text: str) -> list[Reply]:
    config = turn.services.config
    now = turn.services.clock()
    when = parse_when(text, now, config.tz)
    sample = example(now, config.tz)
    if when.error == "format" or when.at is None:
        return [Reply(T(turn.locale, "bad_time", text=text[:40], example=sample), (_cancel_choice(turn),))]
    shown = show_when(when.at, config.tz)
    if when.error == "past":
        return [Reply(T(turn.locale, "past_time", when=shown), (_cancel_choice(turn),))]
    if when.error == "far":
        return [Reply(T(turn.locale, "far_time", days=when.limit_days), (_cancel_choice(turn),))]
    made = await _queue(turn, draft, iso(when.at))
    if isinstance(made, Reply):
        return [made]
    return [Reply(T(turn.locale, "scheduled", id=made.id, when=shown, total=made.total),
                  (Choice("📋 /broadcasts", "bc:l"),))]


async def discard(turn: Turn, arg: str) -> list[Reply]:
    had = _draft(turn) is not None
    _end(turn)
    return [Reply(T(turn.locale, "draft_cancelled" if had else "no_draft"))]


async def on_action(turn: Turn, rest: str) -> list[Reply]:
    """``bc:<what>[:<arg>]`` buttons."""
    sub, _, arg = rest.partition(":")
    handler = {
        "a": choose_audience, "r": choose_area, "k": pick, "kd": picked, "rt": toggle_replies, "p": skip_photo,
        "go": send_now, "t": ask_time, "x": discard,
        "l": broadcast_list.show, "c": broadcast_list.ask_cancel, "cy": broadcast_list.cancel,
    }.get(sub)
    if handler is None:
        return [Reply(T(turn.locale, "no_draft"))]
    return await handler(turn, arg)


FEATURE = Feature(
    commands={"broadcast": begin, "thongbao": begin, "broadcasts": broadcast_list.show,
              "stop": optout.stop},
    actions={"bc": on_action},
    flows={FLOW: on_text},
)
