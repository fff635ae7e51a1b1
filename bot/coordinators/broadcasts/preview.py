"""The preview before sending: who receives it, per channel and per village, who cannot be reached and how to
reach them, where residents' replies go, and the message itself."""

from __future__ import annotations

from typing import Any

from bot.areas import lookup as area_lookup
from bot.coordinators.broadcasts import reach
from bot.coordinators.broadcasts.places import AUDIENCES, FLOW, cancel_choice
from bot.coordinators.broadcasts.text import T, audience_label, compose
from bot.core.engine import Turn
from bot.core.messages import Choice, Reply
from storage import areas, baselines, broadcasts
from storage.areas import Area

CHANNEL_NAMES = {"telegram": "Telegram", "zalo": "Zalo", "zalo_oa": "Zalo OA", "console": "Console"}
MAX_PLACE_LINES = 25  # more villages than this are counted per commune
REPLY_ROUTES = ("author", "team", "none")


async def places_label(turn: Turn, codes: list[str]) -> str:
    """"Thôn Đông, Xã An Bình, …" for one place; "Thôn Đông, Thôn Tây (Xã An Bình, …)" for several."""
    found = await areas.get_areas(turn.db, codes)
    places = [found[c] for c in codes if c in found]
    if not places:
        return ", ".join(codes)
    if len(places) == 1:
        return await area_lookup.describe(turn.db, places[0])
    parents = {a.commune_code for a in places if a.level == "village"}
    names = ", ".join(a.name for a in places)
    if len(parents) == 1 and all(a.level == "village" for a in places):
        commune = await areas.get_area(turn.db, str(next(iter(parents))))
        if commune is not None:
            return f"{names} ({await area_lookup.describe(turn.db, commune)})"
    return names


async def _villages(turn: Turn, places: list[Area]) -> list[Area]:
    """The villages the preview counts: the places themselves, or the villages of a commune chosen whole."""
    out: list[Area] = []
    for place in places:
        if place.level == "village":
            out.append(place)
        else:
            kids = await areas.children(turn.db, place.code)
            out += [k for k in kids if k.level == "village"] if place.level == "commune" else kids
    return out


async def _place_lines(turn: Turn, places: list[Area], by_place: dict[str, int]) -> list[str]:
    loc = turn.locale
    villages = await _villages(turn, places)
    if not villages or len(villages) > MAX_PLACE_LINES:
        return []
    known: dict[str, baselines.Baseline] = {}
    today = turn.services.clock().astimezone(turn.services.config.tz).date().isoformat()
    for place in places:
        known.update(await baselines.baselines_in(turn.db, place.code, today))
    lines = []
    for village in sorted(villages, key=area_lookup.natural_key):
        n = by_place.get(village.code, 0)
        base = known.get(village.code)
        key = "place_line_households" if base and base.households else "place_line"
        lines.append(T(loc, key, name=village.name, n=n, households=base.households if base else 0))
    others = sum(v for k, v in by_place.items() if k not in {v.code for v in villages})
    if others:
        lines.append(T(loc, "place_line_team", n=others))
    return lines


async def show_preview(turn: Turn) -> list[Reply]:
    """What recipients will read, and exactly how many on each channel and in each village."""
    draft = turn.state.get("bc")
    assert isinstance(draft, dict)
    loc = turn.locale
    codes = [c for c in draft.get("areas", []) if isinstance(c, str)]
    found = await areas.get_areas(turn.db, codes)
    places = [found[c] for c in codes if c in found]
    if not places:
        turn.state.pop("bc", None)
        turn.state.pop("flow", None)
        return [Reply(T(loc, "no_draft"))]
    label = await places_label(turn, codes)
    channels = sorted(turn.services.senders)
    per_channel = await broadcasts.audience_counts(turn.db, codes, draft["aud"], channels, turn.person.id)
    total = sum(per_channel.values())
    turn.state["flow"] = FLOW
    draft = {**draft, "step": "confirm", "rt": draft.get("rt", "author")}
    turn.state["bc"] = draft
    other_place = Choice(T(loc, "btn_other_area"), "bc:a:" + next(k for k, v in AUDIENCES.items() if v == draft["aud"]))
    missing = await _reach(turn, places, draft)
    if total == 0:
        return [Reply(T(loc, "preview_nobody", area=label) + missing, (other_place, cancel_choice(turn)))]
    by_place = await broadcasts.audience_by_place(turn.db, codes, draft["aud"], channels, turn.person.id)
    lines = await _place_lines(turn, places, by_place) + await reach.describe(turn, codes, draft["aud"])
    channel_text = " — " + ", ".join(f"{CHANNEL_NAMES.get(c, c)} {n}" for c, n in per_channel.items())
    header = next(iter(found.values())) if len(places) == 1 else None
    shown_area = await area_lookup.describe(turn.db, header) if header else label
    sample = compose(shown_area, draft["text"], loc, as_member=draft["aud"] == "members", image=draft.get("image"),
                     replies=draft["rt"] != "none")
    text = T(loc, "preview", audience=audience_label(loc, draft["aud"]), area=label, total=total,
             channels=channel_text + "".join(f"\n{line}" for line in lines), message=sample)
    replies = T(loc, f"replies_{draft['rt']}")
    ask = T(loc, "ask_send")
    return [Reply(f"{text}\n\n{missing.strip()}\n{replies}\n\n{ask}".replace("\n\n\n", "\n\n"), (
        Choice(T(loc, "btn_send"), "bc:go"), Choice(T(loc, "btn_schedule"), "bc:t"),
        Choice(T(loc, "btn_replies"), "bc:rt"), other_place, cancel_choice(turn)))]


async def _reach(turn: Turn, places: list[Area], draft: dict[str, Any]) -> str:
    """Who the bot cannot reach in these places, and how the coordinator can bring them in."""
    if draft["aud"] == "members":
        return ""
    out = await broadcasts.out_of_reach(turn.db, [a.code for a in places])
    return "\n\n" + T(turn.locale, "out_of_reach", off=out.opted_out, blocked=out.blocked)


async def toggle_replies(turn: Turn, arg: str) -> list[Reply]:
    """``bc:rt``: replies go to me → to the village team → nowhere → to me …"""
    draft = turn.state.get("bc")
    if not isinstance(draft, dict) or draft.get("step") != "confirm":
        return [Reply(T(turn.locale, "no_draft"))]
    now = draft.get("rt", "author")
    following = REPLY_ROUTES[(REPLY_ROUTES.index(now) + 1) % len(REPLY_ROUTES)] if now in REPLY_ROUTES else "author"
    turn.state["bc"] = {**draft, "rt": following}
    return await show_preview(turn)
