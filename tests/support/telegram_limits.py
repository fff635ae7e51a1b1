"""Telegram's sending limits as a FakeTelegram hook: 429 past 30/s overall or 1/s per chat, 403 for chosen chats.

``fake.hooks.append(TelegramLimits(...))``. Only what passes every check is in ``accepted``: what
recipients really received, for exactly-once assertions.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from dataclasses import dataclass, field

from fake_telegram import Call, Failure

SENDS = frozenset({"sendMessage", "sendPhoto", "sendDocument"})


@dataclass
class TelegramLimits:
    overall_per_second: int = 30
    per_chat_seconds: float = 1.0
    retry_after: int = 1
    blocked: set[int] = field(default_factory=set)  # chats that blocked the bot: 403
    exempt: set[int] = field(default_factory=set)  # chats not held to the per-chat limit (test drivers)
    refuse_at: set[int] = field(default_factory=set)  # 429 for these send numbers (1-based), "at times"
    accepted: list[Call] = field(default_factory=list)
    refusals: Counter[str] = field(default_factory=Counter)  # overall | per_chat | scripted | blocked
    _window: deque[float] = field(default_factory=deque)
    _last: dict[int, float] = field(default_factory=dict)
    _seen: int = 0

    async def __call__(self, call: Call) -> Failure | None:
        if call.method not in SENDS:
            return None
        chat = int(call.chat_id)
        self._seen += 1
        if chat in self.blocked:
            self.refusals["blocked"] += 1
            return Failure.blocked()
        if self._seen in self.refuse_at:
            self.refusals["scripted"] += 1
            return Failure.too_many_requests(self.retry_after)
        now = time.monotonic()
        while self._window and self._window[0] <= now - 1.0:
            self._window.popleft()
        if len(self._window) >= self.overall_per_second:
            self.refusals["overall"] += 1
            return Failure.too_many_requests(self.retry_after)
        last = self._last.get(chat)
        if chat not in self.exempt and last is not None and now - last < self.per_chat_seconds:
            self.refusals["per_chat"] += 1
            return Failure.too_many_requests(self.retry_after)
        self._window.append(now)
        self._last[chat] = now
        self.accepted.append(call)
        return None

    def received(self, chat: int) -> int:
        return sum(1 for c in self.accepted if int(c.chat_id) == chat)

    def rate(self) -> float:
        """Accepted sends per second from the first to the last."""
        if len(self.accepted) < 2:
            return 0.0
        return (len(self.accepted) - 1) / (self.accepted[-1].at - self.accepted[0].at)
