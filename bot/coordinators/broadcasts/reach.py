"""What a broadcast costs on channels that count messages (Zalo OA): free, paid from the quota, out of reach.

A commune's Zalo OA answers for free within 48 h of someone's message; other messages use its monthly
quota, and people silent for 7 days cannot be reached at all. The preview shows these counts per account
so the author decides before anything is spent.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.delivery import ReachEstimator
from bot.core.engine import Turn
from bot.core.i18n import Catalog
from storage import broadcasts

T = Catalog({
    "line": {
        "vi": "• {account}: {free} người trong khung trả lời miễn phí, {paid} người dùng hạn mức tin của tháng "
              "(còn {left} tin), {unreachable} người không gửi được (quá 7 ngày không nhắn hoặc hết hạn mức)",
        "en": "• {account}: {free} within the free reply window, {paid} would use this month's quota ({left} "
              "left), {unreachable} cannot be reached (silent for over 7 days, or beyond the quota)",
    },
    "costs": {
        "vi": "ℹ️ Tin dùng hạn mức được trừ vào hạn mức tháng của OA. Người không gửi được sẽ được tính là lỗi "
              "hoặc không liên lạc được trong tin tổng kết; họ nhận lại được tin sau khi tự nhắn cho OA.",
        "en": "ℹ️ Paid messages come out of the OA's monthly quota. People who cannot be reached count as failed or "
              "unreachable in the summary; they can be reached again once they write to the OA.",
    },
})


async def describe(turn: Turn, area_codes: str | Sequence[str], audience: str) -> list[str]:
    """One line per counted account that the broadcast would use (and what paid or missed means, when any is);
    nothing for channels that do not count."""
    lines, costly = [], False
    for channel, sender in sorted(turn.services.senders.items()):
        if not isinstance(sender, ReachEstimator):
            continue
        chats = await broadcasts.audience_chats(turn.db, area_codes, audience, channel, turn.person.id)
        for reach in await sender.reach(chats) if chats else []:
            left = "?" if reach.quota_left is None else reach.quota_left
            lines.append(T(turn.locale, "line", account=reach.account, free=reach.free, paid=reach.paid,
                           left=left, unreachable=reach.unreachable))
            costly = costly or bool(reach.paid or reach.unreachable)
    return [*lines, T(turn.locale, "costs")] if costly else lines
