"""The one aiohttp server: channels' webhooks, guide pages, static files, report downloads, dashboards.

Every response carries the security headers; bodies over ``web.max_body_kb`` are refused before a handler
reads them; static paths never leave their folder.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web

from bot.core.config import Config
from bot.core.engine import Services
from bot.web import downloads
from bot.web.pages import Reach, guide_page, index_page
from bot.web.text import T

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif"}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
                               "base-uri 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}
PAGE_CACHE = "public, max-age=600"
STATIC_CACHE = "public, max-age=86400"
SERVICES: web.AppKey[Services] = web.AppKey("services", Services)
NextHandler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def locale_of(request: web.Request) -> str:
    return "en" if request.path.startswith("/en/") or request.query.get("lang") == "en" else "vi"


def error_page(request: web.Request, status: int, key: str) -> web.Response:
    """A short, polite page in the reader's language; nothing about the server."""
    loc = locale_of(request)
    body = (f'<!doctype html><html lang="{loc}"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{status}</title></head><body><p>{T(loc, key)}'
            "</p></body></html>")
    return web.Response(status=status, text=body, content_type="text/html", headers={"Cache-Control": "no-store"})


@web.middleware
async def guard(request: web.Request, handler: NextHandler) -> web.StreamResponse:
    limit = request.app[SERVICES].config.web.max_body_kb * 1024
    if request.content_length is not None and request.content_length > limit:
        response: web.StreamResponse = error_page(request, 413, "too_large")
    else:
        try:
            response = await handler(request)
        except web.HTTPRequestEntityTooLarge:
            response = error_page(request, 413, "too_large")
        except web.HTTPNotFound:
            response = error_page(request, 404, "not_found")
        except web.HTTPMethodNotAllowed as exc:
            response = web.Response(status=405, headers={"Allow": ",".join(sorted(exc.allowed_methods))})
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


class Pages:
    """Rendered guide pages, kept until the guides are reloaded."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.reach = Reach.of(services.config.web)
        self._cache: dict[tuple[str, str], str] = {}
        self._of: object = None

    def _page(self, key: tuple[str, str], render: Callable[[], str]) -> web.Response:
        current = self.services.library.current
        if self._of is not current:
            self._cache, self._of = {}, current
        if key not in self._cache:
            self._cache[key] = render()
        return web.Response(text=self._cache[key], content_type="text/html", headers={"Cache-Control": PAGE_CACHE})

    async def index(self, request: web.Request) -> web.Response:
        loc = locale_of(request)
        guides = self.services.library.current
        return self._page(("", loc), lambda: index_page(guides, loc, self.reach))

    async def guide(self, request: web.Request) -> web.StreamResponse:
        guide = self.services.library.get(request.match_info["id"])
        if guide is None:
            raise web.HTTPNotFound()
        if not request.path.endswith("/"):
            raise web.HTTPMovedPermanently(request.path + "/")
        loc = locale_of(request)
        guides = self.services.library.current
        return self._page((guide.id, loc), lambda: guide_page(guides, guide, loc, self.reach))


def inside(root: Path, name: str) -> Path | None:
    """ROOT/NAME when it is a file inside ROOT (no "..", no absolute path, no symlink out); else None."""
    if not name or "\\" in name or "\x00" in name:
        return None
    base = root.resolve()
    target = (base / name).resolve()
    return target if target.is_relative_to(base) and target.is_file() else None


def static_handler(services: Services) -> NextHandler:
    guides_root = Path(services.config.guides.dir)

    async def serve(request: web.Request) -> web.StreamResponse:
        name = request.match_info["path"]
        if name.startswith("guides/"):
            found = inside(guides_root, name.removeprefix("guides/"))
            if found is not None and found.suffix.lower() not in IMAGE_SUFFIXES:
                found = None  # only a guide's pictures, never its files
        else:
            found = inside(STATIC, name)
        if found is None:
            raise web.HTTPNotFound()
        return web.FileResponse(found, headers={"Cache-Control": STATIC_CACHE})

    return serve


def voice_handler(services: Services) -> NextHandler:
    """Voice notes of guide steps, which Zalo fetches by URL; names are content hashes, so cache for long."""
    root = Path(services.config.media.cache_dir)

    async def serve(request: web.Request) -> web.StreamResponse:
        found = inside(root, request.match_info["name"])
        if found is None:
            raise web.HTTPNotFound()
        return web.FileResponse(found, headers={"Cache-Control": STATIC_CACHE})

    return serve


async def dispatch(request: web.Request) -> web.StreamResponse:
    """Whatever no page took: a channel's mounted webhook, or nothing."""
    route = request.app[SERVICES].routes.find(request.path)
    if route is None:
        raise web.HTTPNotFound()
    if request.method not in route.methods:
        raise web.HTTPMethodNotAllowed(request.method, route.methods)
    return await route.handler(request)


async def health(request: web.Request) -> web.Response:
    routes = sorted(f"{r.owner} {r.path}" for r in request.app[SERVICES].routes)
    return web.json_response({"ok": True, "webhooks": routes}, headers={"Cache-Control": "no-store"})


def make_app(services: Services) -> web.Application:
    app = web.Application(client_max_size=services.config.web.max_body_kb * 1024, middlewares=[guard])
    app[SERVICES] = services
    pages = Pages(services)
    for prefix in ("", "/en"):
        app.router.add_get(f"{prefix}/", pages.index)
        app.router.add_get(prefix + "/g/{id:[a-z0-9-]+}/", pages.guide)
        app.router.add_get(prefix + "/g/{id:[a-z0-9-]+}", pages.guide)
    app.router.add_get("/en", _to_english_index)
    app.router.add_get("/static/{path:.+}", static_handler(services))
    app.router.add_get("/healthz", health)
    app.router.add_get(r"/voice/{name:[0-9a-f]{32}\.(?:aac|ogg)}", voice_handler(services))
    downloads.add_routes(app, services)
    app.router.add_route("*", "/{tail:.*}", dispatch)
    return app


async def _to_english_index(request: web.Request) -> web.StreamResponse:
    raise web.HTTPMovedPermanently("/en/")


def needed(config: Config) -> bool:
    """The server runs when asked for, or when a configured channel receives by webhook."""
    hooks = (config.telegram.token and config.telegram.mode == "webhook") or \
        (config.zalo.token and config.zalo.mode == "webhook") or config.zalo_oa.accounts
    return config.web.enabled or bool(hooks)


async def run(services: Services, ready: asyncio.Event | None = None) -> None:
    """Serve until cancelled (a runner task beside the channels); READY is set once it listens."""
    web_config = services.config.web
    runner = web.AppRunner(make_app(services), access_log=None, shutdown_timeout=2.0)
    await runner.setup()
    try:
        await web.TCPSite(runner, web_config.listen, web_config.port).start()
        if ready is not None:
            ready.set()
        log.info("web: listening on %s:%d (public address: %s)", web_config.listen, web_config.port,
                 web_config.public_url or "not set")
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
