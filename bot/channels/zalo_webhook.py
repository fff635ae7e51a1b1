"""The webhook server Zalo posts updates to: secret checked, body capped, answered at once."""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiohttp import web

from bot.channels.zalo_updates import unwrap
from bot.core.intake import IntakeRefused

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Bot-Api-Secret-Token"
MAX_BODY = 64 * 1024  # a text update is well under 4 KiB; anything this large is not from Zalo


def make_app(
    secret: str,
    path: str,
    accept: Callable[[dict[str, Any]], Awaitable[bool]],
    health: Callable[[], Mapping[str, Any]] | None = None,
    max_body: int = MAX_BODY,
) -> web.Application:
    """POST ``path``: verify, parse, hand the update to ``accept`` (which stores it durably) and answer 200
    only once it is stored (503 while stopping or overloaded, 500 when it cannot be stored: Zalo sends it
    again); GET /healthz."""
    expected = secret.encode()

    async def receive(request: web.Request) -> web.Response:
        if request.content_length is not None and request.content_length > max_body:
            return web.json_response({"ok": False, "description": "body too large"}, status=413)
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            log.warning("zalo webhook: wrong or missing secret token from %s", request.remote)
            return web.json_response({"ok": False, "description": "forbidden"}, status=403)
        try:
            raw = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return web.json_response({"ok": False, "description": "body too large"}, status=413)
        try:
            body = json.loads(raw)
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

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"ok": True, **(health() if health else {})})

    app = web.Application(client_max_size=max_body)
    app.router.add_post(path, receive)
    app.router.add_get("/healthz", healthz)
    return app


async def serve(app: web.Application, host: str, port: int) -> web.AppRunner:
    """Start ``app`` on host:port; the caller cleans the returned runner up."""
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    return runner
