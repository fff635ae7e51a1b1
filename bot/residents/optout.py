"""Residents stop and restart announcements: /stop or "Hủy nhận tin", and /start again."""

from __future__ import annotations

from bot.core.engine import Handler, Turn
from bot.core.i18n import Catalog
from bot.core.messages import Reply
from bot.core.normalize import fold
from storage import broadcasts, teams

T = Catalog({
    "stopped": {
        "vi": "🔕 {You} đã tắt nhận thông báo của xã, phường. Khi nào muốn nhận lại, {you} gõ /start nhé.",
        "en": "🔕 You will no longer receive announcements. Type /start whenever you want them again.",
    },
    "stopped_member": {
        "vi": "Tin nhắn dành riêng cho thành viên tổ công nghệ số vẫn được gửi cho {you}.",
        "en": "Messages for digital-team members will still reach you.",
    },
    "already_stopped": {
        "vi": "🔕 {You} đã tắt nhận thông báo từ trước. Gõ /start nếu muốn nhận lại.",
        "en": "🔕 Announcements are already off. Type /start to receive them again.",
    },
    "resumed": {
        "vi": "🔔 {You} sẽ nhận lại thông báo của xã, phường.",
        "en": "🔔 You will receive announcements again.",
    },
})

# What residents type to stop announcements, without tones and end punctuation.
STOP_PHRASES = {"huy nhan tin", "ngung nhan tin", "dung nhan tin", "tat thong bao", "huy nhan thong bao"}


async def stop(turn: Turn, arg: str) -> list[Reply]:
    """/stop: no more resident announcements; a team member still gets messages for members."""
    if not await broadcasts.set_announcements(turn.db, turn.person.id, on=False):
        return [Reply(T(turn.voice, "already_stopped"))]
    text = T(turn.voice, "stopped")
    if await teams.active_team(turn.db, turn.person.id) is not None:
        text += "\n" + T(turn.voice, "stopped_member")
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
    if turn.person.announcements_off_at is None:  # as read when the turn opened: nothing to turn back on
        return []
    if await broadcasts.set_announcements(turn.db, turn.person.id, on=True):
        return [Reply(T(turn.voice, "resumed"))]
    return []
