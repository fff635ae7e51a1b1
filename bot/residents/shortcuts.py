"""A keyword code ("VNEID2", printed on posters and handouts) typed in any channel opens its guide."""

from __future__ import annotations

from bot.core.engine import Feature, Turn
from bot.core.messages import Reply
from bot.residents.feature import open_guide


async def typed_code(turn: Turn) -> list[Reply] | None:
    """A private message that is a guide's code opens that guide, before the question search sees it."""
    text = turn.incoming.text
    guide = turn.library.by_code(text) if text else None
    return None if guide is None else await open_guide(turn, f"{guide.id}:0")


FEATURE = Feature(claims=[typed_code])
