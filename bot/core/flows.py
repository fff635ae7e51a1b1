"""Small helpers shared by the area and team features: one-message flows and paged button lists."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.core.engine import Handler, Turn
from bot.core.i18n import Catalog
from bot.core.messages import Choice, Reply

PAGE = 10  # buttons per page: 34 provinces fit in four pages, a numbered list stays readable
FLOW_TTL = timedelta(minutes=30)  # an unanswered question stops capturing free text after this

T = Catalog({
    "btn_next": {"vi": "Tiếp ▶️", "en": "Next ▶️"},
    "btn_prev": {"vi": "◀️ Trước", "en": "◀️ Previous"},
    "btn_menu": {"vi": "📋 Danh mục", "en": "📋 Menu"},
})


def iso(moment: datetime) -> str:
    """UTC ISO-8601 with milliseconds, as stored: '2026-11-23T08:00:00.000Z'."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def ask(turn: Turn, flow: str, **data: Any) -> None:
    """The person's next free-text message answers FLOW (once); DATA rides along in the state."""
    turn.state.update(flow=flow, flow_at=iso(turn.services.clock()), flow_data=data)


def clear(turn: Turn) -> None:
    for key in ("flow", "flow_at", "flow_data"):
        turn.state.pop(key, None)


def answer(handler: Handler, fallback: Handler | None = None) -> Handler:
    """Wrap a flow handler: the question is consumed by this answer; a stale one goes to FALLBACK
    (by default the engine's answer to free text, the question search)."""

    async def run(turn: Turn, text: str) -> list[Reply]:
        asked = str(turn.state.get("flow_at", ""))
        data = turn.state.get("flow_data")
        clear(turn)
        if not asked or asked < iso(turn.services.clock() - FLOW_TTL):
            return await fallback(turn, text) if fallback else await turn.as_question(text)
        turn.state["flow_data"] = data if isinstance(data, dict) else {}
        try:
            return await handler(turn, text)
        finally:
            if turn.state.get("flow") is None:
                turn.state.pop("flow_data", None)

    return run


def data(turn: Turn) -> dict[str, Any]:
    """The DATA given to ``ask`` for the flow being answered."""
    found = turn.state.get("flow_data")
    return found if isinstance(found, dict) else {}


def paged(
    turn: Turn, items: Sequence[Choice], page: int, action: str, extra: Sequence[Choice] = ()
) -> tuple[Choice, ...]:
    """One page of ITEMS, then Previous/Next (ACTION + page number), EXTRA, and the menu."""
    last = max((len(items) - 1) // PAGE, 0)
    page = min(max(page, 0), last)
    choices = list(items[page * PAGE:(page + 1) * PAGE])
    if page < last:
        choices.append(Choice(T(turn.locale, "btn_next"), f"{action}{page + 1}"))
    if page > 0:
        choices.append(Choice(T(turn.locale, "btn_prev"), f"{action}{page - 1}"))
    return (*choices, *extra, Choice(T(turn.locale, "btn_menu"), "m"))


def page_number(text: str) -> int:
    return int(text) if text.isdigit() else 0
