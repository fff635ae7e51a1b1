"""A loopback fake of the Zalo Bot API (aiohttp on 127.0.0.1) for end-to-end tests and benchmarks.

The bot talks to it through ``base_url`` (``http://127.0.0.1:PORT/bot``). Tests inject real-shaped updates
(``text``, ``event``), which getUpdates hands out one per call (408 when none arrives within the timeout),
then await what the bot sent (``wait_for``, ``texts``). Every call is recorded as a ``Call``; ``fail`` scripts
error replies (429, 403, ok=false at HTTP 200, garbage) for chosen calls.
"""

from __future__ import annotations

import asyncio
import socket
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from loopback import HostedFiles, serve

JSON = dict[str, Any]
MAX_TEXT = 2000


@dataclass(frozen=True)
class Call:
    """One request the bot made: method name and JSON body."""

    method: str
    params: JSON
    at: float = field(default_factory=time.monotonic)

    @property
    def chat_id(self) -> str:
        return str(self.params.get("chat_id") or "")

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")


@dataclass(frozen=True)
class Failure:
    """An error reply (HTTP 200 with ok=false happens on the real API too); ``raw``: a non-JSON body."""

    error_code: int
    description: str
    http_status: int | None = None
    raw: str | None = None

    def response(self) -> web.Response:
        status = self.error_code if self.http_status is None else self.http_status
        if self.raw is not None:
            return web.Response(text=self.raw, status=status, content_type="text/html")
        return web.json_response(
            {"ok": False, "error_code": self.error_code, "description": self.description}, status=status
        )


QUOTA = Failure(429, "Quota exceeded")
FORBIDDEN = Failure(403, "Forbidden", http_status=200)


class FakeZalo:
    """The fake server: ``async with FakeZalo() as fake``."""

    def __init__(self, token: str = "3141592653:fake-zalo-token", *, latency: float = 0.0) -> None:
        self.token = token
        self.latency = latency  # seconds added to every send (simulated network)
        self.calls: list[Call] = []
        self.delivered: list[Call] = []  # sends that succeeded: what the person sees
        self.updates: deque[JSON] = deque()
        self.webhook: JSON = {}  # {"url", "secret_token", "updated_at"} once setWebhook was called
        self.forbidden: set[str] = set()  # chat ids that answer 403 (the person blocked the bot)
        self.delays: dict[str, float] = {}  # method → seconds to wait before answering
        self.port = 0
        self.hosted = HostedFiles()  # residents' photos and voice notes, served at /files/<name>
        self._scripted: dict[str, deque[Failure]] = {}
        self._changed = asyncio.Condition()
        self._has_updates = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None

    async def __aenter__(self) -> FakeZalo:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._dispatch)
        self.hosted.mount(app)
        self._runner, self.port = await serve(app)
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._closing = True
        self._has_updates.set()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    def host_file(self, name: str, content: bytes) -> str:
        """Serve CONTENT as Zalo serves residents' photos; returns its URL for an update."""
        return self.hosted.add(f"http://127.0.0.1:{self.port}", name, content)

    # ---- scripting ------------------------------------------------------------------------------
    def fail(self, method: str, failure: Failure, times: int = 1) -> None:
        """Answer the next TIMES calls of METHOD with FAILURE."""
        self._scripted.setdefault(method, deque()).extend([failure] * times)

    def inject(self, update: JSON) -> JSON:
        """Queue UPDATE for getUpdates (one per call)."""
        self.updates.append(update)
        self._has_updates.set()
        return update

    def text(self, user: str, text: str, **kw: Any) -> JSON:
        return self.inject(update("message.text.received", user, text=text, **kw))

    def event(self, event_name: str, user: str, **kw: Any) -> JSON:
        return self.inject(update(event_name, user, **kw))

    # ---- observing ------------------------------------------------------------------------------
    def mark(self) -> int:
        return len(self.calls)

    def calls_to(self, method: str, *, chat_id: str | None = None, after: int = 0) -> list[Call]:
        return [c for c in self.calls[after:] if c.method == method and chat_id in (None, c.chat_id)]

    def sends(self, chat_id: str, *, after: int = 0) -> list[Call]:
        """Messages and photos delivered to CHAT_ID since call number AFTER, in order."""
        recent = {id(c) for c in self.calls[after:]}
        return [c for c in self.delivered if id(c) in recent and c.chat_id == chat_id]

    def texts(self, chat_id: str, *, after: int = 0) -> list[str]:
        return [c.text for c in self.sends(chat_id, after=after) if c.method == "sendMessage"]

    async def wait_for(self, method: str, count: int = 1, *, chat_id: str | None = None, after: int = 0,
                       within: float = 5.0) -> list[Call]:
        """Wait until at least COUNT matching calls were made after AFTER; return them."""

        def ready() -> bool:
            return len(self.calls_to(method, chat_id=chat_id, after=after)) >= count

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(ready), within)
        return self.calls_to(method, chat_id=chat_id, after=after)

    async def drained(self, within: float = 5.0) -> None:
        """Wait until every injected update was handed out."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: not self.updates), within)

    # ---- the HTTP side --------------------------------------------------------------------------
    async def _dispatch(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return Failure(401, "Unauthorized").response()
        method = request.match_info["method"]
        try:
            params = await request.json() if request.can_read_body else {}
        except ValueError:
            return Failure(400, "Bad Request: body is not JSON").response()
        call = Call(method, params if isinstance(params, dict) else {})
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()
        if self.latency and method.startswith("send"):
            await asyncio.sleep(self.latency)
        if self.delays.get(method):
            await asyncio.sleep(self.delays[method])
        scripted = self._scripted.get(method)
        if scripted:
            return scripted.popleft().response()
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return Failure(404, "Not Found").response()
        result = await (self._m_getUpdates(call, request) if method == "getUpdates" else handler(call))
        if isinstance(result, Failure):
            return result.response()
        if method in ("sendMessage", "sendPhoto"):
            self.delivered.append(call)
        return web.json_response({"ok": True, "result": result})

    def _sent(self) -> JSON:
        return {"message_id": uuid.uuid4().hex, "date": int(time.time() * 1000)}

    async def _m_getMe(self, call: Call) -> JSON:
        return {"id": "7d1f00ba5e", "account_name": "bot.tocongnghesotest", "account_type": "BASIC",
                "can_join_groups": False}

    async def _m_getUpdates(self, call: Call, request: web.Request | None = None) -> JSON | Failure:
        if self.webhook.get("url"):
            return Failure(400, "Bad Request: webhook is active", http_status=200)
        try:
            timeout = float(call.params.get("timeout") or 30)
        except (TypeError, ValueError):
            return Failure(400, "Bad Request: timeout must be a number")
        deadline = time.monotonic() + timeout
        while not self.updates and not self._closing:
            self._has_updates.clear()
            try:
                await asyncio.wait_for(self._has_updates.wait(), max(0.0, deadline - time.monotonic()))
            except TimeoutError:
                break
        if not self.updates:
            return Failure(408, "Request timeout")
        if request is not None and (request.transport is None or request.transport.is_closing()):
            # The poller hung up (a stopped bot): keep the update for the next one rather than lose it.
            return Failure(408, "Request timeout")
        update = self.updates.popleft()
        async with self._changed:
            self._changed.notify_all()
        return update

    async def _m_sendMessage(self, call: Call) -> JSON | Failure:
        text = call.params.get("text")
        if not call.chat_id or not isinstance(text, str) or not 1 <= len(text) <= MAX_TEXT:
            return Failure(400, "Bad Request: text must be 1-2000 characters", http_status=200)
        return FORBIDDEN if call.chat_id in self.forbidden else self._sent()

    async def _m_sendPhoto(self, call: Call) -> JSON | Failure:
        photo = str(call.params.get("photo") or "")
        if not call.chat_id or not photo.startswith("https://"):
            return Failure(400, "Bad Request: photo must be a public https URL", http_status=200)
        return FORBIDDEN if call.chat_id in self.forbidden else self._sent()

    async def _m_sendVoice(self, call: Call) -> JSON | Failure:
        url = str(call.params.get("voice_url") or "")
        if not call.chat_id or not url.startswith(("https://", "http://127.0.0.1")):
            return Failure(400, "Bad Request: voice_url must be a public https URL", http_status=200)
        return FORBIDDEN if call.chat_id in self.forbidden else self._sent()

    async def _m_sendChatAction(self, call: Call) -> JSON | Failure:
        if call.params.get("action") != "typing":
            return Failure(400, "Bad Request: unsupported action", http_status=200)
        return {}

    async def _m_setWebhook(self, call: Call) -> JSON | Failure:
        url, secret = str(call.params.get("url") or ""), str(call.params.get("secret_token") or "")
        if not url.startswith("https://") or not 8 <= len(secret) <= 256:
            return Failure(400, "Bad Request: https url and an 8-256 character secret_token", http_status=200)
        self.webhook = {"url": url, "secret_token": secret, "updated_at": int(time.time() * 1000)}
        return {"url": url, "updated_at": self.webhook["updated_at"]}

    async def _m_deleteWebhook(self, call: Call) -> JSON:
        self.webhook = {}
        return {"url": "", "updated_at": int(time.time() * 1000)}

    async def _m_getWebhookInfo(self, call: Call) -> JSON:
        return {"url": self.webhook.get("url", ""), "updated_at": self.webhook.get("updated_at", 0)}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def user_id(n: int) -> str:
    """A Zalo-looking user id: 16 hex digits."""
    return f"{0x5a10c0de00000000 + n:016x}"


def update(event_name: str, user: str, *, text: str | None = None, name: str = "Bà Lan",
           chat_id: str | None = None, chat_type: str = "PRIVATE", message_id: str | None = None,
           **content: Any) -> JSON:
    """A bare update in the documented shape (ids are strings, the date is in milliseconds)."""
    message: JSON = {
        "from": {"id": user, "display_name": name, "is_bot": False},
        "chat": {"id": chat_id or user, "chat_type": chat_type},
        "message_id": message_id or uuid.uuid4().hex, "date": int(time.time() * 1000), **content,
    }
    if text is not None:
        message["text"] = text
    return {"event_name": event_name, "message": message}
