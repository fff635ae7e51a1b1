"""Runs the real Zalo OA channel (engine, SQLite file, webhook server) against a FakeZaloOa with a fake clock.

Two OAs under one app: Xã An Bình's and Xã Phú Lộc's (broadcast_world's province). People write by posting
signed webhook bodies over HTTP, exactly as Zalo does; what they read is what reached the fake API.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import oa_events
from broadcast_world import AN_BINH, PHU_LOC, seed_areas
from databases import database_url
from fake_zalo import free_port
from fake_zalo_oa import JSON, Delivered, FakeZaloOa
from members_world import Clock

from bot.app import build_engine
from bot.channels.zalo_oa import ZaloOaChannel
from bot.channels.zalo_oa_api import OaApi
from bot.channels.zalo_oa_tokens import TokenKeeper
from bot.core.config import Config
from bot.core.engine import Engine, Services
from bot.members.help_desk import desk as help_desk
from bot.residents.library import GuideLibrary
from bot.web import server as web_server
from storage.db import Database, connect
from storage.zalo_oa_tokens import save_tokens

OA_A, OA_B = "1234500000000001", "1234500000000002"
SECRET_A, SECRET_B = "oa-secret-an-binh-1", "oa-secret-phu-loc-2"
START = datetime(2026, 11, 16, 2, 0, tzinfo=UTC)  # a Monday, 09:00 in Vietnam


def oa_config(fake: FakeZaloOa, db_path: Path, guides: Path, admins: tuple[str, ...] = (), **extra: Any) -> Config:
    block = {
        "app_id": fake.app_id, "app_secret": fake.app_secret, "api_base_url": fake.api_url,
        "oauth_base_url": fake.oauth_url, "redirect_uri": "https://bot.example.vn/zalo-oa/callback",
        "messages_per_second": 500,
        "accounts": [
            {"oa_id": OA_A, "area": AN_BINH, "secret_key": SECRET_A, "name": "UBND xã An Bình"},
            {"oa_id": OA_B, "area": PHU_LOC, "secret_key": SECRET_B, "name": "UBND xã Phú Lộc"},
        ], **extra,
    }
    return Config.model_validate({"zalo_oa": block, "database": {"url": database_url(db_path)},
                                  "guides": {"dir": str(guides)}, "admins": list(admins),
                                  "web": {"listen": "127.0.0.1", "port": free_port()}})


class OaBot:
    """The bot serving both OAs; ``say`` posts a signed message and returns what the person received."""

    def __init__(self, fake: FakeZaloOa, config: Config, clock: Clock, library: GuideLibrary) -> None:
        self.fake, self.config, self.clock, self.library = fake, config, clock, library
        self.secrets = {OA_A: SECRET_A, OA_B: SECRET_B}
        self._channel: ZaloOaChannel | None = None
        self._services: Services | None = None
        self.api: OaApi | None = None
        self.task: asyncio.Task[None] | None = None
        self.web_task: asyncio.Task[None] | None = None
        self.http = httpx.AsyncClient()

    @property
    def channel(self) -> ZaloOaChannel:
        assert self._channel is not None
        return self._channel

    @property
    def services(self) -> Services:
        assert self._services is not None
        return self._services

    @property
    def db(self) -> Database:
        return self.services.db

    @property
    def engine(self) -> Engine:
        return self.channel.engine

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.config.web.port}{self.config.zalo_oa.webhook_path}"

    async def start(self, connected: tuple[str, ...] = (OA_A, OA_B), serve: bool = True) -> OaBot:
        """Open the database, store tokens for the OAs in CONNECTED, and (SERVE) run the webhook server."""
        db = await connect(self.config.database.url)
        await seed_areas(db)
        self._services = Services(config=self.config, db=db, library=self.library, clock=self.clock,
                                  help_router=help_desk.route_request)
        settings = self.config.zalo_oa
        self.api = OaApi(settings.app_id or "", settings.app_secret or "", settings.api_base_url,
                         settings.oauth_base_url)
        self._channel = ZaloOaChannel(build_engine(self.services), self.api,
                                      TokenKeeper(db, self.api, self.clock, poll=0.01))
        for oa_id in connected:
            access, refresh, life = self.fake.issue(oa_id)
            await save_tokens(db, oa_id, access, refresh, self.clock.now + timedelta(seconds=life), self.clock.now)
        self.services.senders["zalo_oa"] = self.channel
        if serve:  # as `python -m bot run` does: the one web server, the channel's path mounted on it
            listening = asyncio.Event()
            self.web_task = asyncio.create_task(web_server.run(self.services, listening))
            self.task = asyncio.create_task(self.channel.serve(self.services.routes))
            await asyncio.wait_for(listening.wait(), 10)
        return self

    async def stop(self) -> None:
        for task in (self.task, self.web_task):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        if self._channel is not None:
            await self._channel.drain(1.0)
        await self.http.aclose()
        if self.api is not None:
            await self.api.close()
        if self._services is not None:
            await self.services.db.close()

    async def __aenter__(self) -> OaBot:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def post(self, body: JSON, secret: str | None = None, raw: bytes | None = None,
                   headers: dict[str, str] | None = None) -> httpx.Response:
        """POST BODY as Zalo would, signed with the OA's key (or SECRET); RAW/HEADERS replace the real ones."""
        if raw is None or headers is None:
            oa_id = str(body.get("oa_id") or body.get("recipient", {}).get("id"))
            signed_raw, signed_headers = oa_events.signed(body, secret or self.secrets.get(oa_id, "none"))
            raw, headers = raw if raw is not None else signed_raw, headers if headers is not None else signed_headers
        return await self.http.post(self.url, content=raw, headers=headers)

    async def settle(self, within: float = 5.0) -> None:
        """Wait until every stored event has been handled and answered."""
        await asyncio.wait_for(self.channel.settled(), within)

    async def deliver(self, body: JSON) -> list[Delivered]:
        """Post BODY (signed), wait for the answer, return what reached its person."""
        user = str(body.get("sender", {}).get("id") or body.get("follower", {}).get("id") or body.get("user_id"))
        oa_id = str(body.get("oa_id") or body.get("recipient", {}).get("id"))
        mark = len(self.fake.delivered)
        response = await self.post(body)
        assert response.status_code == 200, response.text
        await self.settle()
        return [d for d in self.fake.delivered[mark:] if d.oa_id == oa_id and d.user_id == user]

    async def say(self, oa_id: str, user: str, text: str) -> list[Delivered]:
        return await self.deliver(self.fake.message(oa_id, user, text))

    async def press(self, oa_id: str, user: str, label: str, shown: list[Delivered]) -> list[Delivered]:
        """Tap the button whose title contains LABEL among SHOWN: its payload comes back as text."""
        found = [b for d in shown for b in d.buttons if label in b["title"]]
        assert found, f"no button {label!r} in {[b['title'] for d in shown for b in d.buttons]}"
        return await self.say(oa_id, user, found[0]["payload"])


def texts(shown: list[Delivered]) -> str:
    return "\n\n".join(d.text for d in shown)


def titles(shown: list[Delivered]) -> list[str]:
    return [b["title"] for d in shown for b in d.buttons]
