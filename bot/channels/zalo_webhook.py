"""The handler Zalo posts updates to, mounted on the one web server: secret checked, body capped, the update
stored durably before the 200."""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiohttp import web

from bot.channels.zalo_updates import unwrap
from bot.core.intake import IntakeRefused
from bot.core.routes import Handler

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Bot-Api-Secret-Token"
MAX_BODY = 64 * 1024  # a text update is well under 4 KiB; anything this large is not from Zalo


def make_handler(
    secret: str, accept: Callable[[dict[str, Any]], Awaitable[bool]], max_body: int = MAX_BODY,
) -> Handler:
    """POST: verify, parse, hand the update to ``accept`` (which stores it durably) and answer 200 only once it
    is stored (503 while stopping or overloaded, 500 when it cannot be stored: Zalo sends it again)."""
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
        except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: absurdly deep nesting
            return web.json_response({"ok": False, "description": "not JSON"}, status=400)
        update = unwrap(body)
        if update is None:
            # Answer 200 anyway: Zalo would otherwise redeliver something we can never use.
            log.info("zalo webhook: body without an update ignored")
            return web.json_response({"ok": True, "accepted": False})
        try:
            accepted = await accept(update)
        except RecursionError:
            return web.json_response({"ok": False, "description": "nested too deeply"}, status=400)
        except IntakeRefused as exc:
            return web.json_response({"ok": False, "description": str(exc)}, status=503)
        except Exception as exc:  # the database could not take it: never the update's content in the log
            log.error("zalo webhook: could not store an update (%s: %s)", type(exc).__name__, exc)
            return web.json_response({"ok": False, "description": "could not store"}, status=500)
        return web.json_response({"ok": True, "accepted": accepted})

    return receive


def health_handler(health: Callable[[], Mapping[str, Any]]) -> Handler:
    """GET: the channel's counters, for monitoring."""
    async def report(request: web.Request) -> web.Response:
        return web.json_response({"ok": True, **health()}, headers={"Cache-Control": "no-store"})

    return report
