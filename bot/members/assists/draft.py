"""A member's unsaved entry: the assists read from what they typed, the question pending, lines waiting.

It lives in storage (assist_drafts), not in the conversation state, so the reminder worker can find drafts
left idle, and nothing typed is lost when the member wanders off or starts another entry.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.core.engine import Turn
from bot.core.privacy import mask_digits
from bot.members.assists import fields
from bot.members.assists.reader import Entry
from bot.residents.library import GuideLibrary
from storage import drafts
from storage.assists import OTHER_GROUP, NewAssist
from storage.teams import Team

FLOW = "assist"  # state["flow"] while a draft is open: typed text goes to the entry first
MAX_ITEMS = 20
Item = dict[str, Any]  # guide, other, unsure, count, names, household, village, mode, note


@dataclass
class Pending:
    """The draft as the flow uses it; ``ask`` is the question whose answer may be typed."""

    nonce: str
    items: list[Item]
    line: str = ""  # what the member typed, shown again if the draft expires
    ask: dict[str, Any] | None = None  # {"field": people|household|village|task|line, "item": n, "then": save}
    queued: list[str] = field(default_factory=list)  # lines typed while this draft waited
    view: int | None = None  # the item shown on its own, when there are several
    created_at: str = ""
    updated_at: str = ""

    def body(self) -> dict[str, Any]:
        return {"items": self.items, "line": self.line, "ask": self.ask, "queued": self.queued, "view": self.view}

    @property
    def target(self) -> int:
        """The item a field button or a typed answer applies to."""
        if self.ask is not None and isinstance(self.ask.get("item"), int):
            return min(max(int(self.ask["item"]), 0), len(self.items) - 1)
        return self.view if self.view is not None and self.view < len(self.items) else 0


def new_pending(items: list[Item], line: str) -> Pending:
    return Pending(secrets.token_hex(4), items[:MAX_ITEMS], line=kept_line(line))


def kept_line(line: str) -> str:
    """A typed line as the draft keeps it (to read later, or to show again): phone numbers masked."""
    return mask_digits(" ".join(line.split()))[:500]


async def load(turn: Turn) -> Pending | None:
    found = await drafts.get_draft(turn.db, turn.person.id)
    return from_stored(found) if found is not None else None


def from_stored(found: drafts.Draft) -> Pending | None:
    body = found.body
    items = [i for i in body.get("items", []) if isinstance(i, dict)]
    if not items and body.get("ask", {}).get("field") != "line":
        return None
    ask = body.get("ask")
    return Pending(found.nonce, items, str(body.get("line", "")), ask if isinstance(ask, dict) else None,
                   [str(q) for q in body.get("queued", [])], body.get("view"), found.created_at, found.updated_at)


async def store(turn: Turn, pending: Pending) -> None:
    """Keep the draft and let typed text reach it."""
    await drafts.put_draft(turn.db, turn.person.id, pending.nonce, pending.body(), turn.services.clock())
    turn.state["flow"] = FLOW


def release(turn: Turn) -> None:
    """Typed text no longer goes to the draft (the draft itself stays until saved or cancelled)."""
    if turn.state.get("flow") == FLOW:
        turn.state.pop("flow", None)


def item_from(entry: Entry, default_village: str | None) -> tuple[Item, bool]:
    """The draft item for ENTRY with long numbers masked; True when something was masked."""
    masked = False
    out: dict[str, str] = {}
    for key, value, limit in (("names", entry.names, fields.MAX_NAMES), ("household", entry.household,
                              fields.MAX_HOUSEHOLD), ("note", entry.note, fields.MAX_NOTE),
                              ("other", entry.other or "", fields.MAX_OTHER)):
        cleaned = fields.clean(value, limit)
        if cleaned.too_long:  # keep what fits rather than nothing
            cleaned = fields.clean(value[:limit], limit)
        out[key] = cleaned.text if cleaned.text is not None else ""  # a secret is never kept
        masked = masked or cleaned.masked or (cleaned.text is None and bool(value))
    item: Item = {"guide": entry.guide_id, "other": out["other"] or None, "unsure": not entry.sure,
                  "count": min(max(entry.count, 1), fields.MAX_PEOPLE), "names": out["names"],
                  "household": out["household"], "village": entry.village or default_village,
                  "mode": entry.mode or "self", "note": out["note"]}
    return item, masked


def record(item: Item, member_id: int, team: Team, library: GuideLibrary) -> NewAssist:
    """The assist to store for ITEM (the village was checked when it was chosen)."""
    guide = library.get(str(item.get("guide") or ""))
    household = str(item.get("household") or "")
    return NewAssist(
        member_id=member_id, team_id=team.id, village_code=item.get("village"),
        guide_id=guide.id if guide else None,
        other_skill=None if guide else (str(item.get("other") or "") or "?")[:fields.MAX_OTHER],
        skill_group=guide.skill_group if guide else OTHER_GROUP,
        people_count=min(max(int(item.get("count") or 1), 1), fields.MAX_PEOPLE), names=str(item.get("names") or ""),
        household=household, household_norm=fields.household_key(household),
        mode="for_them" if item.get("mode") == "for_them" else "self", note=str(item.get("note") or ""),
    )


def when(pending: Pending) -> datetime | None:
    """When the draft was started: its records are dated then, not when Save was pressed."""
    return datetime.fromisoformat(pending.created_at) if pending.created_at else None
