"""The seam channels mount their webhooks on: paths owned by one channel, looked up on every request."""

from __future__ import annotations

import httpx
import pytest
from aiohttp import web

from bot.core.engine import Services
from bot.core.routes import Route, Routes


async def _hello(request: web.Request) -> web.Response:
    return web.json_response({"got": (await request.read()).decode()})


def test_a_path_belongs_to_one_channel() -> None:
    routes = Routes()
    routes.mount(Route("/zalo", _hello, "zalo"))
    routes.mount(Route("/zalo", _hello, "zalo"))  # the same channel mounting again (a restart) is fine
    with pytest.raises(ValueError, match="already used by zalo"):
        routes.mount(Route("/zalo", _hello, "zalo_oa"))
    with pytest.raises(ValueError, match="must start with /"):
        routes.mount(Route("oa", _hello, "zalo_oa"))
    routes.unmount("/zalo", "zalo_oa")  # not theirs: nothing happens
    assert routes.find("/zalo") is not None
    routes.unmount("/zalo", "zalo")
    assert routes.find("/zalo") is None


async def test_mounted_after_start_answered_and_unmounted_on_stop(site: str, services: Services) -> None:
    async with httpx.AsyncClient(base_url=site) as client:
        assert (await client.post("/zalo-oa", content=b"hi")).status_code == 404
        services.routes.mount(Route("/zalo-oa", _hello, "zalo_oa"))
        answered = await client.post("/zalo-oa", content=b"hi")
        assert answered.json() == {"got": "hi"} and answered.headers["referrer-policy"] == "no-referrer"
        assert (await client.get("/zalo-oa")).status_code == 405
        health = (await client.get("/healthz")).json()
        assert health == {"ok": True, "webhooks": ["zalo_oa /zalo-oa"]}
        services.routes.unmount("/zalo-oa", "zalo_oa")
        assert (await client.post("/zalo-oa", content=b"hi")).status_code == 404
        assert (await client.get("/g/qr-pay/")).status_code == 200  # pages were never affected
