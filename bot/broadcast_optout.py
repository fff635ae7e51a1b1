"""Residents stop and restart announcements: /stop or "Hủy nhận tin", and /start again."""

from __future__ import annotations

from bot.broadcast_text import T
from bot.engine import Handler, Turn
from bot.messages import Reply
from bot.normalize import fold
from storage import broadcasts, teams

# What residents type to stop announcements, without tones and end punctuation.
STOP_PHRASES = {"huy nhan tin", "ngung nhan tin", "dung nhan tin", "tat thong bao", "huy nhan thong bao"}


async def stop(turn: Turn, arg: str) -> list[Reply]:
    """/stop: no more resident announcements; a team member still gets messages for members."""
    if not await broadcasts.set_announcements(turn.db, turn.person.id, on=False):
        return [Reply(T(turn.locale, "already_stopped"))]
    text = T(turn.locale, "stopped")
    if await teams.active_team(turn.db, turn.person.id) is not None:
        text += "\n" + T(turn.locale, "stopped_member")
    return [Reply(text)]


def is_stop_phrase(text: str) -> bool:
    return " ".join(fold(text).strip(" .!?").split()) in STOP_PHRASES


def with_stop_phrase(fallback: Handler) -> Handler:
    """Free text "Hủy nhận tin" stops announcements; anything else goes to FALLBACK (the question search)."""

    async def handle(turn: Turn, text: str) -> list[Reply]:
        if is_stop_phrase(text):
            return await stop(turn, "")
        return await fallback(turn, text)

    return handle


async def resume(turn: Turn) -> list[Reply]:
    """Called by /start: announcements back on, with a line saying so when they had been off."""
    if await broadcasts.set_announcements(turn.db, turn.person.id, on=True):
        return [Reply(T(turn.locale, "resumed"))]
    return []
