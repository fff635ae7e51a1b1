"""Pages behind signed links: a report's files (/r/<token>) and a coordinator's dashboard (/d/<token>).

Each request checks the signature (changed → 403, old → 410), that the person still coordinates the area, and
then reads that one area only; nothing else of the database is reachable from here.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from aiohttp import web

from bot.coordinators.reports import text as report_text
from bot.coordinators.reports.files import report_files
from bot.coordinators.reports.period import PeriodError, month, parse_key
from bot.core.engine import Services
from bot.web.dashboard import build_dashboard
from bot.web.links import DASHBOARD, REPORT, Claim, Expired, Links, Tampered, allowed_area
from bot.web.pages import render
from bot.web.text import T
from storage.areas import Area

PRIVATE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow"}


def _refusal(status: int, key: str, locale: str) -> web.Response:
    body = render("message.html", "r/", locale, message=T(locale, key))
    return web.Response(status=status, text=body, content_type="text/html", headers=PRIVATE)


class Signed:
    """Handlers for the signed pages; refuse everything when links cannot be signed (no secret)."""

    def __init__(self, services: Services) -> None:
        self.services = services
        web_config = services.config.web
        self.links = Links(web_config, lambda: services.clock()) if web_config.secret else None

    async def _open(self, request: web.Request, kind: str) -> tuple[Claim, Area] | web.Response:
        locale = "en" if request.query.get("lang") == "en" else "vi"
        if self.links is None:
            return _refusal(404, "not_found", locale)
        try:
            claim = self.links.check(kind, request.match_info["token"])
        except Tampered:
            return _refusal(403, "forbidden", locale)
        except Expired:
            return _refusal(410, "expired", locale)
        area = await allowed_area(self.services.db, claim, self.services.config.admins)
        if area is None:
            return _refusal(403, "no_access", claim.locale)
        return claim, area

    def _until(self, token: str, kind: str) -> str:
        assert self.links is not None
        signed = self.links.signed_at(kind, token)
        moment: datetime = (signed + self.links.lifetime[kind]).astimezone(self.services.config.tz)
        return f"{moment:%H:%M %d/%m/%Y}"

    async def report(self, request: web.Request) -> web.StreamResponse:
        """The list of files, or one file by name."""
        opened = await self._open(request, REPORT)
        if isinstance(opened, web.Response):
            return opened
        claim, area = opened
        try:
            period = parse_key(claim.period)
        except PeriodError:
            return _refusal(403, "forbidden", claim.locale)
        made = await report_files(self.services, area, period, claim.locale)
        name = request.match_info.get("name")
        if name is None:
            token = request.match_info["token"]
            body = render("download.html", "r/", claim.locale, area=made.area_label, period=period.label(claim.locale),
                          files=made.files, token=token, until=self._until(token, REPORT), size=_size)
            return web.Response(text=body, content_type="text/html", headers=PRIVATE)
        file = next((f for f in made.files if f.name == name), None)
        if file is None:
            raise web.HTTPNotFound()
        disposition = "inline" if file.is_image else "attachment"
        return web.Response(body=file.content, content_type=file.mime, headers={
            **PRIVATE, "Content-Disposition": f'{disposition}; filename="{file.name}"'})

    async def dashboard(self, request: web.Request) -> web.StreamResponse:
        opened = await self._open(request, DASHBOARD)
        if isinstance(opened, web.Response):
            return opened
        claim, area = opened
        locale = request.query.get("lang") if request.query.get("lang") in ("vi", "en") else claim.locale
        assert locale is not None
        today = self.services.clock().astimezone(self.services.config.tz).date()
        try:
            period = parse_key(request.query.get("ky", "")) if request.query.get("ky") else month(today)
        except PeriodError:
            period = month(today)
        board = await build_dashboard(self.services, area, period, locale)
        token = request.match_info["token"]
        body = render("dashboard.html", "d/", locale, board=board, r=board.report, token=token,
                      until=self._until(token, DASHBOARD), num=lambda v: report_text.num(v, locale),
                      pct=report_text.pct, skill=lambda g: report_text.skill(locale, g),
                      rt=lambda key, **v: report_text.T(locale, key, **v), other="en" if locale == "vi" else "vi",
                      one_day=timedelta(days=1))
        return web.Response(text=body, content_type="text/html", headers=PRIVATE)


def _size(count: int) -> str:
    return f"{count / 1024:.0f} KB" if count < 1024 * 1024 else f"{count / 1024 / 1024:.1f} MB"


def add_routes(app: web.Application, services: Services) -> None:
    signed = Signed(services)
    app.router.add_get("/r/{token}", signed.report)
    app.router.add_get("/r/{token}/{name}", signed.report)
    app.router.add_get("/d/{token}", signed.dashboard)
