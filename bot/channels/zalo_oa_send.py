"""Sending as a Zalo OA: which allowance pays for each message, uploads, pace per OA, and Zalo's refusals.

A message to someone whose latest message is under 48 h old carries that message's id and is free (8 per
message). Otherwise, within 7 days of their last interaction, it is a proactive message that uses the OA's
monthly quota, which is claimed in the database before the call (so several processes share one count)
and given back if Zalo does not send it. After 7 days nothing can be sent until the person writes again.
"""

from __future__ import annotations

import logging
import mimetypes
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from bot.channels.background import Pacer
from bot.channels.images import fit_image
from bot.channels.zalo_oa_api import (
    MAX_IMAGE,
    OaApi,
    OaError,
    OaNetworkError,
    OaQuotaExhausted,
    OaRateLimited,
    OaRefused,
    OaTokenInvalid,
    OaUnreachable,
    Sent,
)
from bot.channels.zalo_oa_render import Part, message
from bot.channels.zalo_oa_tokens import TokenKeeper
from bot.core.config import ZaloOaAccount
from bot.core.delivery import DeliveryError, QuotaExhausted, RecipientBlocked, RetryLater, TemporaryFailure
from bot.core.i18n import Catalog
from storage import zalo_oa as store
from storage.db import Database
from storage.zalo_oa import FREE_REPLIES, Window

log = logging.getLogger(__name__)

FREE_WINDOW = timedelta(hours=48)
OPEN_WINDOW = timedelta(days=7)
QUOTA_RECHECK = timedelta(hours=1)  # read the quota endpoint again after this long
UPLOAD_KEPT = 6 * 24 * 3600.0  # Zalo keeps uploads 7 days; reuse a guide picture's id for 6
RATE_PAUSE = 5.0  # seconds to hold an OA's sends after -32
T_ = TypeVar("T_")

T = Catalog({
    "file_refused": {
        "vi": "📎 Zalo không nhận tệp «{name}» nên mình chưa gửi được ở đây. Bạn xuất bằng lệnh trên máy tính "
              "(CLI) hoặc dùng bot trên Telegram để nhận tệp này nhé.",
        "en": "📎 Zalo did not accept “{name}”, so it could not be sent here. Use the command line (CLI) or the "
              "bot on Telegram to get this file.",
    },
})


def route(window: Window | None, now: datetime) -> str:
    """'free', 'paid' or 'closed': what sending to this person now would be."""
    if window is None or _at(window.interacted_at) < now - OPEN_WINDOW:
        return "closed"
    if (window.last_message_id and window.last_message_at and window.free_used < FREE_REPLIES
            and _at(window.last_message_at) >= now - FREE_WINDOW):
        return "free"
    return "paid"


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class OaSender:
    """Sends to people of any configured OA; raises the core delivery errors so callers need not know Zalo."""

    def __init__(
        self, db: Database, api: OaApi, keeper: TokenKeeper, accounts: Sequence[ZaloOaAccount],
        clock: Callable[[], datetime], tz: ZoneInfo, per_second: float,
    ) -> None:
        self.db, self.api, self.keeper, self.clock, self.tz = db, api, keeper, clock, tz
        self.accounts: Mapping[str, ZaloOaAccount] = {a.oa_id: a for a in accounts}
        self.pacers = {a.oa_id: Pacer(per_second) for a in accounts}
        self.stats: Counter[str] = Counter()
        self._uploads: dict[tuple[str, str, float], tuple[str, float]] = {}

    def month(self) -> str:
        return self.clock().astimezone(self.tz).strftime("%Y-%m")

    async def deliver(self, oa_id: str, user_id: str, parts: Sequence[Part]) -> None:
        """Send PARTS in order; the first failure stops the rest and is raised as a core delivery error."""
        # A turn's answer usually fits in the free replies of the message it answers: claim them at once.
        since = self.clock() - FREE_WINDOW
        reply_to = await store.claim_free_reply(self.db, oa_id, user_id, since, len(parts)) if parts else None
        for part in parts:
            attachment = None
            if part.image_path is not None or part.image_data is not None or part.file is not None:
                try:
                    attachment = await self._upload(oa_id, part)
                except OaRefused as exc:
                    log.warning("zalo_oa: upload to OA %s refused: %s", oa_id, exc)
                    if part.file is None:
                        continue  # a guide picture Zalo will not take: the step's text still follows
                    part = Part(text=T(part.locale, "file_refused", name=part.file_name or "?"), locale=part.locale)
                except OaError as exc:  # not connected, rate-limited, the network: as for a send
                    raise self._mapped(oa_id, exc) from exc
                if attachment is None and part.text is None:
                    continue
            await self.send_one(oa_id, user_id, message(part, attachment), reply_to)

    async def send_one(self, oa_id: str, user_id: str, content: dict[str, Any], reply_to: str | None = None) -> Sent:
        """One message, paid for by a free reply if one is left (REPLY_TO: already claimed), else by the quota."""
        now = self.clock()
        if reply_to is None:
            reply_to = await store.claim_free_reply(self.db, oa_id, user_id, now - FREE_WINDOW)
        paid_month = None
        if reply_to is None:
            window = await store.get_window(self.db, oa_id, user_id)
            if route(window, now) == "closed":
                self.stats["window_closed"] += 1
                raise RecipientBlocked(f"OA {oa_id}: no interaction for 7 days; only the person can reopen it")
            paid_month = self.month()
            if not await self.claim_quota(oa_id, paid_month):
                self.stats["quota_exhausted"] += 1
                raise QuotaExhausted(f"OA {oa_id}: the proactive-message quota for {paid_month} is used up")
        recipient = {"message_id": reply_to} if reply_to else {"user_id": user_id}
        await self.pacers[oa_id].wait()
        try:
            sent = await self._with_token(oa_id, lambda token: self.api.send(token, recipient, content))
        except OaError as exc:
            if isinstance(exc, OaQuotaExhausted):  # Zalo's count is the truth: nothing left this month
                await store.set_quota(self.db, oa_id, self.month(), 0, self.clock())
            elif paid_month is not None and not isinstance(exc, OaNetworkError):
                await store.refund_quota(self.db, oa_id, paid_month)  # refused, so not counted by Zalo
            raise self._mapped(oa_id, exc) from exc
        self.stats["sent_free" if reply_to else "sent_paid"] += 1
        if sent.quota_type == "sub_quota" and sent.quota_remain is not None:
            await store.set_quota(self.db, oa_id, self.month(), sent.quota_remain, self.clock())
        return sent

    def _mapped(self, oa_id: str, exc: OaError) -> DeliveryError:
        if isinstance(exc, OaUnreachable):
            self.stats["unreachable"] += 1
            return RecipientBlocked(str(exc))
        if isinstance(exc, OaRateLimited):
            self.stats["rate_limited"] += 1
            self.pacers[oa_id].pause(RATE_PAUSE)
            return RetryLater(RATE_PAUSE, str(exc))
        if isinstance(exc, OaQuotaExhausted):
            self.stats["quota_exhausted"] += 1
            return QuotaExhausted(str(exc))
        if isinstance(exc, OaNetworkError) or (exc.code or 0) >= 500:
            self.stats["errors"] += 1
            return TemporaryFailure(str(exc))
        self.stats["refused"] += 1
        return DeliveryError(str(exc))

    async def display_name(self, oa_id: str, user_id: str) -> str:
        """The person's Zalo name, for team members' alerts ('' when it cannot be read)."""
        try:
            return await self._with_token(oa_id, lambda token: self.api.display_name(token, user_id))
        except OaError as exc:
            log.info("zalo_oa: no name for a person of OA %s (%s)", oa_id, exc)
            return ""

    async def claim_quota(self, oa_id: str, month: str) -> bool:
        """One proactive message of this month's quota, reading Zalo's figure first when ours is old."""
        await self.quota_left(oa_id)
        return await store.claim_quota(self.db, oa_id, month)

    async def quota_left(self, oa_id: str) -> int:
        """This month's proactive messages left, from Zalo's quota endpoint at most once an hour."""
        now, month = self.clock(), self.month()
        known = await store.get_quota(self.db, oa_id)
        if known is not None and known.month == month and _at(known.checked_at) > now - QUOTA_RECHECK:
            return known.remain
        try:
            remain = await self._with_token(oa_id, self.api.quota_left)
        except OaError as exc:
            log.info("zalo_oa: could not read the quota of OA %s (%s)", oa_id, exc)
            remain = None
        if remain is None:
            if known is not None and known.month == month:
                await store.set_quota(self.db, oa_id, month, known.remain, now)
                return known.remain
            remain = self.accounts[oa_id].monthly_quota  # a new month: the configured allowance
        await store.set_quota(self.db, oa_id, month, remain, now)
        return remain

    async def _with_token(self, oa_id: str, call: Callable[[str], Awaitable[T_]]) -> T_:
        """CALL with the OA's token; when Zalo says it expired (-216), refresh once and try again."""
        token = await self.keeper.access_token(oa_id)
        try:
            return await call(token)
        except OaTokenInvalid:
            self.stats["token_rejected"] += 1
            token = await self.keeper.refresh(oa_id, rejected=token)
            return await call(token)

    async def _upload(self, oa_id: str, part: Part) -> str | None:
        if part.file is not None:
            name = part.file_name or "file"
            mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return await self._with_token(oa_id, lambda t: self.api.upload(t, "file", part.file or b"", name, mime))
        path = part.image_path
        key = (oa_id, str(path), path.stat().st_mtime) if path is not None else None
        cached = self._uploads.get(key) if key is not None else None
        if cached is not None and time.monotonic() - cached[1] < UPLOAD_KEPT:
            return cached[0]
        content = path.read_bytes() if path is not None else part.image_data or b""
        picture = fit_image(content, path.name if path is not None else part.file_name or "image.png", MAX_IMAGE)
        if picture is None:
            return None
        handle = await self._with_token(
            oa_id, lambda t: self.api.upload(t, "image", picture.content, picture.name, picture.mime)
        )
        if key is not None:  # guide pictures repeat for everyone; a chart is made once
            self._uploads[key] = (handle, time.monotonic())
        return handle
