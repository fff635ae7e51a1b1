"""/broadcasts: recent announcements in the person's area with their counts, and cancelling one."""

from __future__ import annotations

from bot.areas import lookup as area_lookup
from bot.coordinators.broadcasts.schedule import show_iso
from bot.coordinators.broadcasts.text import T, audience_label
from bot.core import access
from bot.core.engine import Turn
from bot.core.messages import Choice, Reply
from storage import areas, broadcasts
from storage.broadcasts import Broadcast

SHOWN = 8
SNIPPET = 60


async def show(turn: Turn, arg: str) -> list[Reply]:
    """Each recent broadcast: status, progress and counts; a cancel button for those not finished."""
    scope = await access.coordinator(turn)
    if isinstance(scope, list):
        return scope
    loc = turn.locale
    found = await broadcasts.recent_broadcasts(turn.db, None if scope.is_admin else scope.area_codes, SHOWN)
    if not found:
        return [Reply(T(loc, "list_empty"))]
    places = await area_lookup.describe_many(turn.db, list((await areas.get_areas(
        turn.db, [b.area_code for b in found])).values()))
    items, choices = [], []
    for item in found:
        counts = await broadcasts.counts(turn.db, item.id)
        snippet = item.text if len(item.text) <= SNIPPET else item.text[:SNIPPET].rstrip() + "…"
        cancelled = T(loc, "list_cancelled", n=counts.cancelled) if counts.cancelled else ""
        items.append(T(
            loc, "list_item", id=item.id, status=_status(turn, item, counts), audience=audience_label(loc, item.audience),
            area=places.get(item.area_code, item.area_code), snippet=snippet.replace("\n", " "),
            sent=counts.sent, queued=counts.queued, failed=counts.failed, stopped=counts.stopped, cancelled=cancelled,
        ))
        if item.status in ("scheduled", "sending"):
            choices.append(Choice(T(loc, "btn_cancel_bc", id=item.id), f"bc:c:{item.id}"))
    choices.append(Choice(T(loc, "btn_refresh"), "bc:l"))
    return [Reply(T(loc, "list_header") + "\n\n" + "\n\n".join(items), tuple(choices))]


def _status(turn: Turn, item: Broadcast, counts: broadcasts.Counts) -> str:
    loc = turn.locale
    if item.status == "scheduled" and item.scheduled_for:
        return T(loc, "st_scheduled", when=show_iso(item.scheduled_for, turn.services.config.tz))
    if item.status == "sending":
        pct = 100 * counts.done // counts.total if counts.total else 100
        return T(loc, "st_sending", pct=pct)
    return T(loc, f"st_{item.status}")


async def _cancellable(turn: Turn, arg: str) -> Broadcast | list[Reply]:
    """The broadcast named by ARG if this person may cancel it, else the reason they may not."""
    scope = await access.coordinator(turn)
    if isinstance(scope, list):
        return scope
    item = await broadcasts.get_broadcast(turn.db, int(arg)) if arg.isdigit() else None
    if item is None:
        return [Reply(T(turn.locale, "no_such_broadcast", id=arg[:12]))]
    area = await areas.get_area(turn.db, item.area_code)
    if area is None or not scope.covers(area):
        name = await area_lookup.describe(turn.db, area) if area else item.area_code
        return [Reply(access.T(turn.locale, "outside_area", area=name))]
    if item.status not in ("scheduled", "sending"):
        return [Reply(T(turn.locale, "cancel_too_late", id=item.id))]
    return item


async def ask_cancel(turn: Turn, arg: str) -> list[Reply]:
    """bc:c:<id>: one more press to be sure."""
    item = await _cancellable(turn, arg)
    if isinstance(item, list):
        return item
    return [Reply(T(turn.locale, "confirm_cancel", id=item.id), (
        Choice(T(turn.locale, "btn_yes_cancel"), f"bc:cy:{item.id}"), Choice(T(turn.locale, "btn_keep"), "bc:l"),
    ))]


async def cancel(turn: Turn, arg: str) -> list[Reply]:
    """bc:cy:<id>: stop it; messages already handed to a channel still arrive."""
    item = await _cancellable(turn, arg)
    if isinstance(item, list):
        return item
    if not await broadcasts.cancel_broadcast(turn.db, item.id, turn.person.id):
        return [Reply(T(turn.locale, "cancel_too_late", id=item.id))]
    counts = await broadcasts.counts(turn.db, item.id)
    return [Reply(T(turn.locale, "cancel_done", id=item.id, sent=counts.sent, cancelled=counts.cancelled))]
