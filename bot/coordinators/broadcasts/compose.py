"""/broadcast: audience, place, text, photo, a preview with exact counts, then send now or schedule."""

from __future__ import annotations

import re
from typing import Any

from bot.areas import lookup as area_lookup
from bot.coordinators.broadcasts import listing as broadcast_list
from bot.coordinators.broadcasts import reach
from bot.coordinators.broadcasts.schedule import example, parse_when, show_when
from bot.coordinators.broadcasts.text import T, audience_label, compose
from bot.core import access
from bot.core.engine import MAX_TEXT, Feature, Turn
from bot.core.messages import Choice, Reply
from bot.core.normalize import fold
from bot.residents import optout
from storage import areas, broadcasts
from storage.areas import Area
from storage.broadcast_queue import iso

FLOW = "bc"
AUDIENCES = {"m": "members", "r": "residents", "b": "both"}
MAX_CHILD_BUTTONS = 12  # a commune's villages fit as buttons; a province's communes are typed instead
_CANCEL = {"huy", "thoi", "huy bo", "cancel", "/cancel"}
_NO_PHOTO = {"khong", "ko", "k", "bo qua", "khong kem anh", "khong co", "skip", "no", "none"}
_URL = re.compile(r"^https://\S{3,500}$")
CHANNEL_NAMES = {"telegram": "Telegram", "zalo": "Zalo", "zalo_oa": "Zalo OA", "console": "Console"}


def _draft(turn: Turn) -> dict[str, Any] | None:
    draft = turn.state.get("bc")
    return draft if isinstance(draft, dict) else None


def _end(turn: Turn) -> None:
    turn.state.pop("bc", None)
    if turn.state.get("flow") == FLOW:
        turn.state.pop("flow", None)


def _cancel_choice(turn: Turn) -> Choice:
    return Choice(T(turn.locale, "btn_cancel"), "bc:x")


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
    kept = {k: draft[k] for k in ("text", "image") if k in draft}  # "another place" keeps the text
    turn.state["bc"] = {**kept, "step": "area", "aud": AUDIENCES[arg]}
    return [await _ask_area(turn, scope.area_codes, AUDIENCES[arg])]


async def _ask_area(turn: Turn, scope_codes: tuple[str, ...], audience: str, lead: str | None = None) -> Reply:
    """Their own areas as buttons, and a commune's villages; everything else is typed."""
    loc = turn.locale
    own = [a for a in (await areas.get_areas(turn.db, scope_codes)).values()]
    choices: list[Choice] = []
    labels = await area_lookup.describe_many(turn.db, own)
    for area in sorted(own, key=area_lookup.natural_key):
        choices.append(Choice(T(loc, "btn_whole", area=labels[area.code]), f"bc:r:{area.code}"))
    if len(own) == 1:
        kids = await areas.children(turn.db, own[0].code)
        if len(kids) <= MAX_CHILD_BUTTONS:
            choices += [Choice(k.name, f"bc:r:{k.code}") for k in sorted(kids, key=area_lookup.natural_key)]
    key = "ask_area" if choices else "ask_area_typed"
    text = T(loc, key, audience=audience_label(loc, audience))
    return Reply(f"{lead}\n\n{text}" if lead else text, (*choices, _cancel_choice(turn)))


async def choose_area(turn: Turn, code: str) -> list[Reply]:
    draft = _draft(turn)
    if draft is None or draft.get("step") not in ("area", "confirm") or "aud" not in draft:
        return [Reply(T(turn.locale, "no_draft"))]
    area = await areas.get_area(turn.db, code)
    if area is None:
        return [Reply(T(turn.locale, "no_draft"))]
    return await _use_area(turn, draft, area)


async def _use_area(turn: Turn, draft: dict[str, Any], area: Area) -> list[Reply]:
    scope = await access.scope_of(turn)
    if not scope.covers(area):
        name = await area_lookup.describe(turn.db, area)
        refusal = access.T(turn.locale, "outside_area", area=name)
        return [await _ask_area(turn, scope.area_codes, draft["aud"], lead=refusal)]
    turn.state["flow"] = FLOW
    if draft.get("text"):  # choosing another place after the preview keeps what was written
        turn.state["bc"] = {**draft, "area": area.code}
        return await _preview(turn)
    turn.state["bc"] = {**draft, "step": "text", "area": area.code}
    label = await area_lookup.describe(turn.db, area)
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
        return await _typed_area(turn, draft, text)
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
        return await _preview(turn)
    if step == "time":
        return await _schedule(turn, draft, text)
    if step == "confirm":
        return await _preview(turn)
    return [_ask_audience(turn)]


async def _typed_area(turn: Turn, draft: dict[str, Any], text: str) -> list[Reply]:
    scope = await access.scope_of(turn)
    within = None if scope.is_admin else list(scope.area_codes)
    found = await area_lookup.lookup(turn.db, text, within=within)
    if found.one is not None:
        return await _use_area(turn, draft, found.one)
    if found.matches:
        choices = await area_lookup.area_choices(turn.db, found.matches, lambda a: f"bc:r:{a.code}")
        return [Reply(T(turn.locale, "area_many", text=text[:60]), (*choices, _cancel_choice(turn)))]
    if within is not None:  # a place outside their area gets the reason, not "not found"
        elsewhere = await area_lookup.lookup(turn.db, text, within=None)
        if elsewhere.one is not None:
            return await _use_area(turn, draft, elsewhere.one)
    lead = T(turn.locale, "area_unknown", text=text[:60])
    return [await _ask_area(turn, scope.area_codes, draft["aud"], lead=lead)]


async def skip_photo(turn: Turn, arg: str) -> list[Reply]:
    draft = _draft(turn)
    if draft is None or draft.get("step") != "photo":
        return [Reply(T(turn.locale, "no_draft"))]
    turn.state["bc"] = {**draft, "image": None}
    return await _preview(turn)


async def _preview(turn: Turn) -> list[Reply]:
    """What recipients will read, and exactly how many on each channel."""
    draft = _draft(turn)
    assert draft is not None
    loc = turn.locale
    area = await areas.get_area(turn.db, draft["area"])
    if area is None:
        _end(turn)
        return [Reply(T(loc, "no_draft"))]
    label = await area_lookup.describe(turn.db, area)
    per_channel = await broadcasts.audience_counts(
        turn.db, area.code, draft["aud"], sorted(turn.services.senders), turn.person.id
    )
    total = sum(per_channel.values())
    turn.state["flow"] = FLOW
    turn.state["bc"] = {**draft, "step": "confirm"}
    other_place = Choice(T(loc, "btn_other_area"), "bc:a:" + next(k for k, v in AUDIENCES.items() if v == draft["aud"]))
    if total == 0:
        return [Reply(T(loc, "preview_nobody", area=label), (other_place, _cancel_choice(turn)))]
    channels = " — " + ", ".join(f"{CHANNEL_NAMES.get(c, c)} {n}" for c, n in per_channel.items())
    channels += "".join(f"\n{line}" for line in await reach.describe(turn, area.code, draft["aud"]))
    sample = compose(label, draft["text"], loc, as_member=draft["aud"] == "members", image=draft.get("image"))
    text = T(loc, "preview", audience=audience_label(loc, draft["aud"]), area=label, total=total,
             channels=channels, message=sample)
    return [Reply(text, (Choice(T(loc, "btn_send"), "bc:go"), Choice(T(loc, "btn_schedule"), "bc:t"),
                         other_place, _cancel_choice(turn)))]


async def _queue(turn: Turn, draft: dict[str, Any], scheduled_for: str | None) -> broadcasts.Broadcast | Reply:
    """Check the scope once more and write the broadcast with all its recipients."""
    area = await areas.get_area(turn.db, draft["area"])
    scope = await access.scope_of(turn)
    if area is None or not scope.covers(area):
        _end(turn)
        name = area.name if area else draft["area"]
        return Reply(access.T(turn.locale, "outside_area", area=name))
    made = await broadcasts.create_broadcast(
        turn.db, turn.person.id, area.code, draft["aud"], draft["text"], draft.get("image"),
        sorted(turn.services.senders), scheduled_for,
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
        "a": choose_audience, "r": choose_area, "p": skip_photo, "go": send_now, "t": ask_time, "x": discard,
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
