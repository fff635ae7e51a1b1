"""A loopback fake of the Zalo OA API v3 (openapi.zalo.me) and OAuth v4 (oauth.zaloapp.com) for one app.

Written from the documented wire format and rules: ``access_token`` header (-216 when unknown or past its
25 h), replies carrying a person's ``message_id`` free within 48 h and 8 times per message, otherwise
proactive messages within 7 days of the last interaction (-230 after) paid from the OA's monthly quota
(-211 when spent), -213 for someone who blocked the OA, button templates of at most 5 buttons, uploads
(image ≤ 1 MB, file ≤ 5 MB), the quota endpoint, and OAuth v4 with PKCE and single-use rotating refresh
tokens. People act through ``message``/``follow``/``chatnow``, which return the webhook body to post.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import oa_events
from aiohttp import web
from loopback import HostedFiles, serve

JSON = dict[str, Any]
TOKEN_LIFE = timedelta(seconds=90_000)
BUTTON_TYPES = {"oa.query.show", "oa.query.hide", "oa.open.url", "oa.open.phone", "oa.open.sms"}


@dataclass
class FakeAccount:
    oa_id: str
    secret_key: str
    quota: int = 1000
    refresh_token: str = ""
    blocked: set[str] = field(default_factory=set)  # people who blocked the OA (-213)


@dataclass(frozen=True)
class Delivered:
    oa_id: str
    user_id: str
    message: JSON
    paid: bool  # False: a free reply carrying the person's message id

    @property
    def text(self) -> str:
        payload = self.message.get("attachment", {}).get("payload", {})
        return str(self.message.get("text") or payload.get("text") or "")

    @property
    def buttons(self) -> list[JSON]:
        return list(self.message.get("attachment", {}).get("payload", {}).get("buttons") or [])


class FakeZaloOa:
    """``async with FakeZaloOa(clock) as fake``; ``fake.api_url`` and ``fake.oauth_url`` are its addresses."""

    def __init__(self, clock: Callable[[], datetime] | None = None, app_id: str = "4400112233445566",
                 app_secret: str = "fake-app-secret-123") -> None:
        self.clock = clock or (lambda: datetime.now(UTC))
        self.app_id, self.app_secret = app_id, app_secret
        self.accounts: dict[str, FakeAccount] = {}
        self.tokens: dict[str, tuple[str, datetime]] = {}  # access token → (oa, expiry)
        self.messages: dict[str, tuple[str, str, datetime]] = {}  # msg id → (oa, user, when)
        self.replies: dict[str, int] = {}  # msg id → free replies used
        self.interactions: dict[tuple[str, str], datetime] = {}
        self.delivered: list[Delivered] = []
        self.uploads: dict[str, tuple[str, str, bytes]] = {}  # handle → (kind, name, content)
        self.file_types = {".pdf", ".doc", ".docx", ".csv", ".xlsx"}
        self.codes: dict[str, tuple[str, str]] = {}  # authorisation code → (oa, code_challenge)
        self.authorising = ""  # the OA the fake admin picks on the permission page
        self.refresh_calls = 0
        self.calls: list[str] = []
        self.names: dict[str, str] = {}  # user id → display name on Zalo
        self.hosted = HostedFiles()  # what people sent, as Zalo's CDN serves it
        self.scripted: dict[str, list[int]] = {}  # path → error codes to answer next
        self.hold: asyncio.Event | None = None  # when set to an unset Event, sends wait for it
        self._runner: web.AppRunner | None = None
        self.port = 0

    async def __aenter__(self) -> FakeZaloOa:
        app = web.Application(client_max_size=8 * 1024 * 1024)
        app.router.add_post("/v3.0/oa/message/cs", self._send)
        app.router.add_post("/v2.0/oa/upload/{kind}", self._upload)
        app.router.add_post("/v3.0/oa/quota/message", self._quota)
        app.router.add_get("/v3.0/oa/user/detail", self._user_detail)
        self.hosted.mount(app)
        app.router.add_get("/v4/oa/permission", self._permission)
        app.router.add_post("/v4/oa/access_token", self._access_token)
        self._runner, self.port = await serve(app)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    oauth_url = api_url

    # ---- set-up and people's side ----------------------------------------------------------------
    def add_oa(self, oa_id: str, secret_key: str, quota: int = 1000) -> FakeAccount:
        self.accounts[oa_id] = FakeAccount(oa_id, secret_key, quota)
        return self.accounts[oa_id]

    def issue(self, oa_id: str) -> tuple[str, str, int]:
        """A fresh pair for OA_ID (the old refresh token dies): access, refresh, expires_in."""
        access, refresh = f"acc-{uuid.uuid4().hex}", f"ref-{uuid.uuid4().hex}"
        self.tokens[access] = (oa_id, self.clock() + TOKEN_LIFE)
        self.accounts[oa_id].refresh_token = refresh
        return access, refresh, int(TOKEN_LIFE.total_seconds())

    def revoke_access(self, oa_id: str) -> None:
        """Every access token of OA_ID stops working at once (Zalo ended it early)."""
        self.tokens = {t: v for t, v in self.tokens.items() if v[0] != oa_id}

    def message(self, oa_id: str, user: str, text: str | None = None, event: str = "user_send_text",
                attachments: list[JSON] | None = None) -> JSON:
        body = oa_events.user_event(self.app_id, oa_id, user, self.clock(), event, text=text,
                                    attachments=attachments)
        self.messages[body["message"]["msg_id"]] = (oa_id, user, self.clock())
        self.interactions[(oa_id, user)] = self.clock()
        return body

    def follow(self, oa_id: str, user: str, event: str = "follow") -> JSON:
        if event == "follow":
            self.interactions[(oa_id, user)] = self.clock()
        return oa_events.follow_event(self.app_id, oa_id, user, self.clock(), event)

    def chatnow(self, oa_id: str, user: str) -> JSON:
        self.interactions[(oa_id, user)] = self.clock()
        return oa_events.chatnow_event(self.app_id, oa_id, user, self.clock())

    def host_file(self, name: str, content: bytes) -> str:
        """Serve CONTENT as Zalo serves what people send; returns its address for an attachment."""
        return self.hosted.add(self.api_url, name, content)

    def to(self, oa_id: str, user: str) -> list[Delivered]:
        return [d for d in self.delivered if d.oa_id == oa_id and d.user_id == user]

    def fail(self, path: str, code: int, times: int = 1) -> None:
        self.scripted.setdefault(path, []).extend([code] * times)

    # ---- the API ---------------------------------------------------------------------------------
    def _error(self, code: int, message: str) -> web.Response:
        return web.json_response({"error": code, "message": message})

    def _account(self, request: web.Request) -> FakeAccount | web.Response:
        self.calls.append(request.path)
        if self.scripted.get(request.path):
            return self._error(self.scripted[request.path].pop(0), "scripted failure")
        held = self.tokens.get(request.headers.get("access_token", ""))
        if held is None or held[1] <= self.clock():
            return self._error(-216, "Access token is invalid")
        return self.accounts[held[0]]

    async def _send(self, request: web.Request) -> web.Response:
        if self.hold is not None:
            await self.hold.wait()
        account = self._account(request)
        if isinstance(account, web.Response):
            return account
        body = await request.json()
        recipient, message = body.get("recipient") or {}, body.get("message") or {}
        problem = self._invalid(message)
        if problem:
            return self._error(-201, problem)
        now, paid = self.clock(), True
        if "message_id" in recipient:
            origin = self.messages.get(recipient["message_id"])
            if origin is None or origin[0] != account.oa_id:
                return self._error(-201, "message_id is invalid")
            if now - origin[2] > timedelta(hours=48) or self.replies.get(recipient["message_id"], 0) >= 8:
                return self._error(-201, "reply is outside the 48 h window or over 8 replies")
            self.replies[recipient["message_id"]] = self.replies.get(recipient["message_id"], 0) + 1
            user, paid = origin[1], False
        else:
            user = str(recipient.get("user_id") or "")
            if user in account.blocked:
                return self._error(-213, "User has not followed OA")
            last = self.interactions.get((account.oa_id, user))
            if last is None or now - last > timedelta(days=7):
                return self._error(-230, "User has not interacted with the OA in the past 7 days")
            if account.quota <= 0:
                return self._error(-211, "Out of quota")
            account.quota -= 1
        self.delivered.append(Delivered(account.oa_id, user, message, paid))
        quota = {"quota_type": "sub_quota", "remain": account.quota, "total": 1000} if paid else {
            "quota_type": "reply"}
        return web.json_response({"error": 0, "message": "Success", "data": {
            "message_id": uuid.uuid4().hex, "user_id": user, "sent_time": oa_events.millis(now), "quota": quota}})

    def _invalid(self, message: JSON) -> str | None:
        attachment = message.get("attachment")
        if attachment is None:
            text = message.get("text")
            return None if isinstance(text, str) and 1 <= len(text) <= 2000 else "text must be 1-2000 characters"
        payload = attachment.get("payload") or {}
        if attachment.get("type") == "file":
            return None if payload.get("token") in self.uploads else "file token is invalid"
        kind = payload.get("template_type")
        if kind == "button":
            buttons = payload.get("buttons") or []
            if not payload.get("text") or not 1 <= len(buttons) <= 5:
                return "a button template needs text and 1-5 buttons"
            if any(b.get("type") not in BUTTON_TYPES or not 1 <= len(b.get("title", "")) <= 100 or
                   len(str(b.get("payload", ""))) > 1000 for b in buttons):
                return "a button is invalid"
            return None
        if kind == "media":
            element = (payload.get("elements") or [{}])[0]
            ok = element.get("attachment_id") in self.uploads or str(element.get("url", "")).startswith("https://")
            return None if ok else "media needs an uploaded attachment_id or an https url"
        return "unknown template"

    async def _upload(self, request: web.Request) -> web.Response:
        account = self._account(request)
        if isinstance(account, web.Response):
            return account
        kind = request.match_info["kind"]
        form = await request.post()
        part = form.get("file")
        if not isinstance(part, web.FileField):
            return self._error(-201, "file is missing")
        content = part.file.read()
        name = part.filename or ""
        if kind == "image" and (len(content) > 1024 * 1024 or part.content_type not in ("image/jpeg", "image/png")):
            return self._error(-210, "image must be jpg/png of at most 1 MB")
        if kind == "file" and (len(content) > 5 * 1024 * 1024 or
                               not any(name.lower().endswith(t) for t in self.file_types)):
            return self._error(-210, "file type not supported or larger than 5 MB")
        handle = uuid.uuid4().hex
        self.uploads[handle] = (kind, name, content)
        return web.json_response({"error": 0, "message": "Success",
                                  "data": {"attachment_id" if kind == "image" else "token": handle}})

    async def _quota(self, request: web.Request) -> web.Response:
        account = self._account(request)
        if isinstance(account, web.Response):
            return account
        return web.json_response({"error": 0, "message": "Success", "data": [
            {"asset_id": f"asset-{account.oa_id}", "quota_type": "sub_quota", "product_type": "cs",
             "total": 1000, "remain": account.quota, "valid_through": "2099-12-31"}]})

    async def _user_detail(self, request: web.Request) -> web.Response:
        account = self._account(request)
        if isinstance(account, web.Response):
            return account
        user = str(json.loads(request.query.get("data", "{}")).get("user_id", ""))
        if not user:
            return self._error(-201, "user_id is invalid")
        return web.json_response({"error": 0, "message": "Success", "data": {
            "user_id": user, "display_name": self.names.get(user, ""), "user_is_follower": True}})

    # ---- OAuth v4 --------------------------------------------------------------------------------
    async def _permission(self, request: web.Request) -> web.Response:
        """The admin's consent page, approved at once for ``authorising``: a redirect with the code."""
        query = request.query
        if query.get("app_id") != self.app_id or not query.get("code_challenge"):
            return web.Response(status=400, text="app_id and code_challenge are required")
        code = f"code-{uuid.uuid4().hex}"
        self.codes[code] = (self.authorising, query["code_challenge"])
        back = urlencode({"code": code, "oa_id": self.authorising, "state": query.get("state", "")})
        raise web.HTTPFound(f"{query['redirect_uri']}?{back}")

    async def _access_token(self, request: web.Request) -> web.Response:
        form = await request.post()
        if request.headers.get("secret_key") != self.app_secret or form.get("app_id") != self.app_id:
            return web.json_response({"error": -14003, "error_name": "Invalid secret key"})
        if form.get("grant_type") == "authorization_code":
            held = self.codes.pop(str(form.get("code")), None)
            verifier = str(form.get("code_verifier") or "")
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
            if held is None or digest != held[1]:
                return web.json_response({"error": -14019, "error_name": "Invalid code or code_verifier"})
            oa_id = held[0]
        else:
            self.refresh_calls += 1
            token = str(form.get("refresh_token") or "")
            oa_id = next((a.oa_id for a in self.accounts.values() if a.refresh_token == token and token), "")
            if not oa_id:
                return web.json_response({"error": -14014, "error_name": "Invalid refresh token"})
        access, refresh, expires = self.issue(oa_id)
        return web.json_response({"access_token": access, "refresh_token": refresh, "expires_in": str(expires)})
