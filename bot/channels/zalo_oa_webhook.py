"""The Zalo OA webhook: verify → store → 200 → handle, as an aiohttp handler (the web server mounts it).

Zalo wants a 200 within 2 s and redelivers otherwise, so the handler does only what must come before the
answer: check the signature and the age of the event, and store it durably (``store`` returns False for an
event stored before: a redelivery). Handling starts after that (``handle`` must not block).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from aiohttp import web

from bot.channels.zalo_oa_events import SIGNATURE_HEADER, OaEvent, oa_of, parse, signature_ok

log = logging.getLogger(__name__)

MAX_BODY = 64 * 1024  # an event is a few hundred bytes (attachments come as URLs)
FUTURE_SKEW = timedelta(minutes=5)  # clocks differ a little; an event from further ahead is not Zalo's


@dataclass(frozen=True)
class Verified:
    """An event whose signature and age were checked, ready to be stored and handled."""

    event: OaEvent
    body: dict[str, Any]

    @property
    def oa_id(self) -> str:
        return self.event.oa_id

    @property
    def key(self) -> str:
        return self.event.key


Store = Callable[[Verified], Awaitable[bool]]
Handle = Callable[[Verified], None]


def _answer(status: int, text: str, accepted: bool | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": status == 200, "message": text}
    if accepted is not None:
        body["accepted"] = accepted
    return web.json_response(body, status=status)


class OaWebhook:
    """One endpoint for one Zalo app and all its configured OAs."""

    def __init__(
        self, app_id: str, secret_keys: Mapping[str, str], store: Store, handle: Handle,
        clock: Callable[[], datetime], max_age: timedelta,
    ) -> None:
        self.app_id, self.secret_keys = app_id, secret_keys
        self.store, self.handle, self.clock, self.max_age = store, handle, clock, max_age

    async def receive(self, request: web.Request) -> web.Response:
        if request.content_length is not None and request.content_length > MAX_BODY:
            return _answer(413, "body too large")
        try:
            raw = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return _answer(413, "body too large")
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            return _answer(400, "not JSON")
        if not isinstance(body, dict):
            return _answer(400, "not an event")
        refusal = self._refusal(request, raw, body)
        if refusal is not None:
            return refusal
        event = parse(body)
        now = self.clock()
        if event is not None and not now - self.max_age <= event.at <= now + FUTURE_SKEW:
            log.warning("zalo_oa: a signed event for OA %s is stale (%s); refused", event.oa_id, event.at.isoformat())
            return _answer(403, "stale event")
        if event is None or event.kind is None:
            # Signed but nothing to do (read receipts, the OA's own messages, events we do not use).
            log.debug("zalo_oa: %s ignored", str(body.get("event_name"))[:60])
            return _answer(200, "ignored", accepted=False)
        item = Verified(event, body)
        try:
            fresh = await self.store(item)
        except Exception:
            log.exception("zalo_oa: could not store an event; Zalo will send it again")
            return _answer(503, "try again")
        if fresh:
            self.handle(item)
        return _answer(200, "ok", accepted=fresh)

    def _refusal(self, request: web.Request, raw: bytes, body: dict[str, Any]) -> web.Response | None:
        """Why this request is not a fresh event from Zalo for one of our OAs, as the answer to give."""
        app_id = str(body.get("app_id") or "")
        if app_id != self.app_id:
            log.error("zalo_oa: an event names app_id %r but this bot is configured for app %s; check "
                      "zalo_oa.app_id and the webhook URL in the Zalo app", app_id[:30], self.app_id)
            return _answer(403, "wrong app")
        oa_id = oa_of(body)
        secret = self.secret_keys.get(oa_id)
        if secret is None:
            # Another OA linked to the same app: answer 200 so Zalo does not disable the app's webhook.
            log.warning("zalo_oa: event for OA %r, which is not in zalo_oa.accounts; ignored", oa_id[:30])
            return _answer(200, "OA not configured", accepted=False)
        timestamp = str(body.get("timestamp") or "")
        header = request.headers.get(SIGNATURE_HEADER, "")
        if not header or not timestamp or not signature_ok(header, app_id, raw, timestamp, secret):
            log.warning("zalo_oa: bad or missing signature for OA %s from %s; refused", oa_id, request.remote)
            return _answer(403, "bad signature")
        return None
