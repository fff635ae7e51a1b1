"""The handler Zalo posts updates to, mounted on the one web server: secret checked, body capped, answered
at once."""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable, Mapping
from typing import Any

from aiohttp import web

from bot.channels.zalo_updates import unwrap
from bot.core.routes import Handler

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Bot-Api-Secret-Token"
MAX_BODY = 64 * 1024  # a text update is well under 4 KiB; anything this large is not from Zalo


def make_handler(
    secret: str, accept: Callable[[dict[str, Any]], bool], max_body: int = MAX_BODY,
) -> Handler:
    """POST: verify, parse, hand the update to ``accept`` (which must not block)."""
    expected = secret.encode()

    async def receive(request: web.Request) -> web.Response:
        if request.content_length is not None and request.content_length > max_body:
            return web.json_response({"ok": False, "description": "body too large"}, status=413)
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            log.warning("zalo webhook: wrong or missing secret token from %s", request.remote)
            return web.json_response({"ok": False, "description": "forbidden"}, status=403)
        raw = bytearray()
        while chunk := await request.content.read(16 * 1024):  # capped while reading: no Content-Length needed
            raw += chunk
            if len(raw) > max_body:
                return web.json_response({"ok": False, "description": "body too large"}, status=413)
        try:
            body = json.loads(bytes(raw))
        except (ValueError, UnicodeDecodeError):
            return web.json_response({"ok": False, "description": "not JSON"}, status=400)
        update = unwrap(body)
        if update is None:
            # Answer 200 anyway: Zalo would otherwise redeliver something we can never use.
            log.info("zalo webhook: body without an update ignored")
            return web.json_response({"ok": True, "accepted": False})
        return web.json_response({"ok": True, "accepted": accept(update)})

    return receive


def health_handler(health: Callable[[], Mapping[str, Any]]) -> Handler:
    """GET: the channel's counters, for monitoring."""
    async def report(request: web.Request) -> web.Response:
        return web.json_response({"ok": True, **health()}, headers={"Cache-Control": "no-store"})

    return report
