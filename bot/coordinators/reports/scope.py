"""Which area a coordinator's report is about: their own, or one they name inside it; refusals say why."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.areas import lookup as area_lookup
from bot.core import access
from bot.core.access import Scope
from bot.core.engine import Turn
from bot.core.i18n import Catalog
from bot.core.messages import Reply
from storage import areas
from storage.areas import Area

T = Catalog({
    "choose_area": {"vi": "Bạn phụ trách nhiều địa bàn. Bạn chọn một địa bàn:",
                    "en": "You coordinate several areas. Please choose one:"},
    "admin_area": {"vi": "Bạn gõ kèm mã hoặc tên địa bàn, ví dụ: {example}",
                   "en": "Please add an area code or name, for example: {example}"},
    "not_found": {"vi": "Mình không tìm thấy «{text}» trong địa bàn bạn phụ trách. Bạn kiểm tra lại tên, hoặc "
                        "gõ mã địa bàn (ví dụ 00070 hoặc 00070-001).",
                  "en": "I could not find “{text}” in your area. Check the name, or type the area code "
                        "(for example 00070 or 00070-001)."},
    "many": {"vi": "Có nhiều nơi tên «{text}». Bạn chọn một:", "en": "Several places are called “{text}”. Choose one:"},
    "many_codes": {"vi": "Có nhiều nơi tên «{text}». Bạn gõ lại bằng mã:\n{lines}",
                   "en": "Several places are called “{text}”. Type it again with the code:\n{lines}"},
})


@dataclass(frozen=True)
class Resolved:
    """Either an area to act on, or the replies that explain why not (or ask which one)."""

    area: Area | None
    replies: list[Reply]
    scope: Scope | None = None


async def coordinator_scope(turn: Turn) -> tuple[Scope | None, list[Reply]]:
    scope = await access.coordinator(turn)
    return (None, scope) if isinstance(scope, list) else (scope, [])


async def resolve_area(
    turn: Turn, text: str, action: Callable[[Area], str], example: str,
    levels: Sequence[str] = area_lookup.LEVELS, buttons: bool = True, default_own: bool = True,
) -> Resolved:
    """The area named by TEXT (code or name) inside the coordinator's scope, or their only area."""
    scope, refusal = await coordinator_scope(turn)
    if scope is None:
        return Resolved(None, refusal)
    loc = turn.locale
    within = None if scope.is_admin else list(scope.area_codes)
    if not text.strip():
        if len(scope.area_codes) == 1 and default_own:
            own = await areas.get_area(turn.db, scope.area_codes[0])
            if own is not None:
                return Resolved(own, [], scope)
        if scope.area_codes and default_own:
            found = [a for a in [await areas.get_area(turn.db, c) for c in scope.area_codes] if a]
            choices = await area_lookup.area_choices(turn.db, found, action)
            return Resolved(None, [Reply(T(loc, "choose_area"), choices)], scope)
        return Resolved(None, [Reply(T(loc, "admin_area", example=example))], scope)
    found_in = await area_lookup.lookup(turn.db, text, levels, within)
    if found_in.one is not None:
        return Resolved(found_in.one, [], scope)
    if found_in.matches:
        if buttons:
            choices = await area_lookup.area_choices(turn.db, found_in.matches, action)
            return Resolved(None, [Reply(T(loc, "many", text=text), choices)], scope)
        labels = await area_lookup.describe_many(turn.db, found_in.matches)
        lines = "\n".join(f"• {labels[a.code]} — {a.code}" for a in found_in.matches)
        return Resolved(None, [Reply(T(loc, "many_codes", text=text, lines=lines))], scope)
    if within is not None:
        anywhere = await area_lookup.lookup(turn.db, text, levels, None)
        if anywhere.matches and not any(scope.covers(a) for a in anywhere.matches):
            outside = anywhere.matches[0]
            return Resolved(None, [Reply(access.T(loc, "outside_area", area=outside.name))], scope)
    return Resolved(None, [Reply(T(loc, "not_found", text=text))], scope)


async def covered_area(turn: Turn, code: str) -> Resolved:
    """The area of a button's payload, checked again (buttons can be old or forged)."""
    scope, refusal = await coordinator_scope(turn)
    if scope is None:
        return Resolved(None, refusal)
    area = await areas.get_area(turn.db, code)
    if area is None:
        return Resolved(None, [Reply(T(turn.locale, "not_found", text=code))], scope)
    if not scope.covers(area):
        return Resolved(None, [Reply(access.T(turn.locale, "outside_area", area=area.name))], scope)
    return Resolved(area, [], scope)
