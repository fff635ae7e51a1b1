"""A loopback fake of the Telegram Bot API (aiohttp on 127.0.0.1) for end-to-end tests and benchmarks.

The bot under test talks to it through ``base_url`` (``fake.base_url`` → ``http://127.0.0.1:PORT/bot``).
Tests inject updates (``message``, ``press``, ``sticker`` …), then await what the bot sent (``wait_for``).
Every call is recorded as a ``Call``. Hooks run before each method and may return a ``Failure`` (429 with
retry_after, 403 for a blocked chat …): that is where rate-limit enforcement plugs in.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientError, ClientSession, web
from loopback import serve

JSON = dict[str, Any]
# Fields Telegram takes as plain strings; every other form value is JSON-encoded by the client.
_STRING_FIELDS = frozenset({
    "text", "caption", "callback_query_id", "secret_token", "url", "parse_mode", "filename",
    "language_code", "ip_address", "inline_message_id", "description", "short_description", "name",
})


@dataclass(frozen=True)
class Call:
    """One request the bot made: method name, decoded parameters, uploaded files."""

    method: str
    params: JSON
    files: dict[str, bytes] = field(default_factory=dict)
    filenames: dict[str, str] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)

    @property
    def chat_id(self) -> Any:
        return self.params.get("chat_id")

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def buttons(self) -> list[list[tuple[str, str]]]:
        """Inline keyboard rows as (label, callback_data)."""
        markup = self.params.get("reply_markup") or {}
        return [[(b["text"], b.get("callback_data", "")) for b in row] for row in markup.get("inline_keyboard", [])]


@dataclass(frozen=True)
class Failure:
    """An error reply in the Bot API's shape."""

    status: int
    description: str
    retry_after: int | None = None
    migrate_to_chat_id: int | None = None

    @classmethod
    def too_many_requests(cls, retry_after: int) -> Failure:
        return cls(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)

    @classmethod
    def blocked(cls) -> Failure:
        return cls(403, "Forbidden: bot was blocked by the user")

    def body(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.status, "description": self.description}
        parameters = {k: v for k, v in (("retry_after", self.retry_after),
                                        ("migrate_to_chat_id", self.migrate_to_chat_id)) if v is not None}
        if parameters:
            body["parameters"] = parameters
        return body


class FakeError(Exception):
    """Raised by a method handler to answer with a Failure."""

    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.description)
        self.failure = failure


Hook = Callable[[Call], Awaitable[Failure | None]]
Method = Callable[[Call], Awaitable[Any]]


class FakeTelegram:
    """The fake server: start with ``async with FakeTelegram() as fake``."""

    def __init__(self, token: str = "123456:TEST-fake-token", *, username: str = "tcns_test_bot",
                 bot_id: int = 123456, latency: float = 0.0) -> None:
        self.token, self.username, self.bot_id = token, username, bot_id
        self.latency = latency  # seconds added to every method but getUpdates (simulated network)
        self.calls: list[Call] = []
        self.hooks: list[Hook] = []
        self.pending: list[JSON] = []  # updates not yet confirmed by a getUpdates offset
        self.chats: dict[int, JSON] = {}
        self.messages: dict[tuple[int, int], JSON] = {}  # (chat id, message id) → message the bot sent
        self.commands: dict[str, list[JSON]] = {}  # language code ("" = default) → setMyCommands list
        self.webhook: JSON = {}  # url, secret_token once setWebhook was called
        self.webhook_statuses: list[int] = []
        self.files: dict[str, bytes] = {}  # file_id → content, for getFile and the file download URL
        self.methods: dict[str, Method] = {
            name[len("_m_"):]: getattr(self, name) for name in dir(self) if name.startswith("_m_")
        }
        self.port = 0
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._query_ids = itertools.count(1)
        self._open_queries: set[str] = set()
        self._changed = asyncio.Condition()  # a call was recorded
        self._has_updates = asyncio.Event()  # wakes a long-polling getUpdates
        self._runner: web.AppRunner | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._closing = False

    # ---- lifecycle -------------------------------------------------------------------------------
    async def __aenter__(self) -> FakeTelegram:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._dispatch)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner, self.port = await serve(app)
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._closing = True
        self._has_updates.set()
        async with self._changed:
            self._changed.notify_all()
        for task in list(self._tasks):
            await task
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    # ---- the HTTP side ---------------------------------------------------------------------------
    async def _dispatch(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        call = await self._decode(request)
        handler = self.methods.get(call.method)
        if handler is None:
            failure = Failure(404, "Not Found: method not found")
            return web.json_response(failure.body(), status=404)
        if self.latency and call.method != "getUpdates":
            await asyncio.sleep(self.latency)
        await self._record(call)
        try:
            for hook in self.hooks:
                failure_or_none = await hook(call)
                if failure_or_none is not None:
                    raise FakeError(failure_or_none)
            result = await handler(call)
        except FakeError as exc:
            return web.json_response(exc.failure.body(), status=exc.failure.status)
        return web.json_response({"ok": True, "result": result})

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        file_id = request.match_info["path"].rsplit("/", 1)[-1]
        if file_id not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[file_id], content_type="application/octet-stream")

    async def _decode(self, request: web.Request) -> Call:
        method = request.match_info["method"]
        # Parameters may come in the query string too, as the real Bot API accepts.
        params: JSON = {key: _decode_value(key, value) for key, value in request.query.items()}
        files: dict[str, bytes] = {}
        names: dict[str, str] = {}
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.method == "POST":
            for key, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    files[key], names[key] = value.file.read(), value.filename
                else:
                    params[key] = _decode_value(key, str(value))
        return Call(method, params, files, names)

    async def _record(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    # ---- what tests observe ----------------------------------------------------------------------
    def mark(self) -> int:
        """Position in the call log; pass as ``after`` to wait only for newer calls."""
        return len(self.calls)

    def calls_to(self, method: str, *, chat_id: int | None = None, after: int = 0) -> list[Call]:
        return [c for c in self.calls[after:] if c.method == method and (chat_id is None or c.chat_id == chat_id)]

    async def wait_for(self, method: str, count: int = 1, *, chat_id: int | None = None, after: int = 0,
                       seconds: float = 5.0) -> list[Call]:
        """Wait until at least COUNT matching calls were made after AFTER; return them all."""
        await self.wait_until(lambda: len(self.calls_to(method, chat_id=chat_id, after=after)) >= count, seconds)
        return self.calls_to(method, chat_id=chat_id, after=after)

    async def wait_until(self, ready: Callable[[], bool], seconds: float = 5.0) -> None:
        """Wait until READY() holds, checked after every call the bot makes."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(ready), seconds)

    async def replies(self, chat_id: int, count: int = 1, *, after: int = 0, seconds: float = 5.0) -> list[Call]:
        """Messages, photos and documents sent to CHAT_ID after AFTER (at least COUNT of them)."""
        kinds = {"sendMessage", "sendPhoto", "sendDocument", "sendVoice"}

        def ready() -> bool:
            return sum(1 for c in self.calls[after:] if c.method in kinds and c.chat_id == chat_id) >= count

        await self.wait_until(ready, seconds)
        return [c for c in self.calls[after:] if c.method in kinds and c.chat_id == chat_id]

    def sent(self, chat_id: int) -> list[JSON]:
        """Messages the bot sent to CHAT_ID, as the fake returned them (press their buttons)."""
        return [m for (chat, _), m in sorted(self.messages.items()) if chat == chat_id]

    # ---- injecting updates -----------------------------------------------------------------------
    def add_update(self, payload: JSON) -> JSON:
        """Queue an update (an update_id is assigned); pushed at once when a webhook is set."""
        update = {"update_id": next(self._update_ids), **payload}
        self.pending.append(update)
        if self.webhook.get("url"):
            task = asyncio.get_running_loop().create_task(self._push(update))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        self._has_updates.set()
        return update

    def redeliver(self, update: JSON) -> JSON:
        """The same update content again under a new update_id (Telegram resending after a crash)."""
        return self.add_update({k: v for k, v in update.items() if k != "update_id"})

    def user(self, user_id: int, name: str = "Bà Lan", language: str = "vi") -> JSON:
        return {"id": user_id, "is_bot": False, "first_name": name, "language_code": language}

    def chat(self, chat_id: int, chat_type: str = "private", name: str = "Bà Lan") -> JSON:
        chat = self.chats.get(chat_id)
        if chat is None:
            chat = {"id": chat_id, "type": chat_type}
            chat.update({"first_name": name} if chat_type == "private" else {"title": "Nhóm thôn"})
            self.chats[chat_id] = chat
        return chat

    def message(self, user_id: int, text: str | None = None, *, chat_id: int | None = None,
                chat_type: str = "private", name: str = "Bà Lan", language: str = "vi",
                reply_to: JSON | None = None, edited: bool = False, **content: Any) -> JSON:
        """A message from USER_ID (commands get their bot_command entity); ``edited`` makes an edit."""
        chat = self.chat(user_id if chat_id is None else chat_id, chat_type, name)
        body: JSON = {
            "message_id": self._next_message_id(chat["id"]), "date": int(time.time()),
            "chat": chat, "from": self.user(user_id, name, language), **content,
        }
        if text is not None:
            body["text"] = text
            if text.startswith("/"):
                body["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        if reply_to is not None:
            body["reply_to_message"] = reply_to
        if edited:
            body["edit_date"] = int(time.time())
        return self.add_update({"edited_message" if edited else "message": body})

    def sticker(self, user_id: int, **kw: Any) -> JSON:
        sticker = {"file_id": "sticker-1", "file_unique_id": "s1", "type": "regular", "width": 512,
                   "height": 512, "is_animated": False, "is_video": False}
        return self.message(user_id, sticker=sticker, **kw)

    def photo(self, user_id: int, content: bytes | None = None, file_id: str = "photo-1", **kw: Any) -> JSON:
        """A photo message; CONTENT is what getFile and the download URL give back for it."""
        if content is not None:
            self.files[file_id] = content
        sizes = [{"file_id": file_id, "file_unique_id": f"u-{file_id}", "width": 540, "height": 980}]
        return self.message(user_id, photo=sizes, **kw)

    def press(self, user_id: int, message: JSON, data: str, *, name: str = "Bà Lan") -> JSON:
        """A button press on MESSAGE (one the bot sent) carrying DATA, as Telegram would send it."""
        query_id = f"q{next(self._query_ids)}"
        self._open_queries.add(query_id)
        query = {"id": query_id, "from": self.user(user_id, name), "chat_instance": f"ci{message['chat']['id']}",
                 "data": data, "message": message}
        return self.add_update({"callback_query": query})

    def click(self, user_id: int, message: JSON, label: str) -> JSON:
        """Press the button of MESSAGE whose label contains LABEL."""
        for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                if label in button["text"]:
                    return self.press(user_id, message, button["callback_data"])
        raise LookupError(f"no button {label!r} in {message.get('reply_markup')}")

    async def post_update(self, update: JSON, secret_token: str | None, url: str | None = None) -> int:
        """POST UPDATE to the bot's webhook (or URL) as Telegram does; returns the HTTP status."""
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret_token} if secret_token else {}
        async with ClientSession() as session, session.post(
            url or self.webhook["url"], json=update, headers=headers
        ) as response:
            return response.status

    async def _push(self, update: JSON) -> None:
        try:
            status = await self.post_update(update, self.webhook.get("secret_token"))
        except ClientError:
            status = 0  # the bot's webhook is down; Telegram would retry later
        self.webhook_statuses.append(status)
        if status == 200:
            self.pending.remove(update)

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    # ---- Bot API methods (``_m_<name>``; replace or add through ``self.methods``) ------------------
    async def _m_getMe(self, call: Call) -> JSON:
        return {"id": self.bot_id, "is_bot": True, "first_name": "Trợ lý Tổ CNS", "username": self.username,
                "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}

    async def _m_getUpdates(self, call: Call) -> list[JSON]:
        if self.webhook.get("url"):
            raise FakeError(Failure(409, "Conflict: can't use getUpdates method while webhook is active"))
        offset, limit = int(call.params.get("offset") or 0), int(call.params.get("limit") or 100)
        self.pending = [u for u in self.pending if u["update_id"] >= offset]
        timeout = float(call.params.get("timeout") or 0)
        if not self.pending and timeout > 0 and not self._closing:
            self._has_updates.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._has_updates.wait(), timeout)
        return self.pending[:limit]

    def _bot_message(self, call: Call, **content: Any) -> JSON:
        chat_id = int(call.params["chat_id"])
        markup = call.params.get("reply_markup")
        for row in (markup or {}).get("inline_keyboard", []):
            for button in row:
                if len(button.get("callback_data", "").encode()) > 64:
                    raise FakeError(Failure(400, "Bad Request: BUTTON_DATA_INVALID"))
        message: JSON = {"message_id": self._next_message_id(chat_id), "date": int(time.time()),
                         "chat": self.chat(chat_id), "from": {"id": self.bot_id, "is_bot": True,
                                                              "first_name": "Trợ lý Tổ CNS"}, **content}
        if markup:
            message["reply_markup"] = markup
        self.messages[(chat_id, message["message_id"])] = message
        return message

    async def _m_sendMessage(self, call: Call) -> JSON:
        text = str(call.params.get("text") or "")
        if not text.strip():
            raise FakeError(Failure(400, "Bad Request: message text is empty"))
        if len(text) > 4096:
            raise FakeError(Failure(400, "Bad Request: message is too long"))
        return self._bot_message(call, text=text)

    async def _m_editMessageText(self, call: Call) -> JSON:
        key = (int(call.params["chat_id"]), int(call.params["message_id"]))
        if key not in self.messages:
            raise FakeError(Failure(400, "Bad Request: message to edit not found"))
        self.messages[key] = {**self.messages[key], "text": call.params["text"],
                              "reply_markup": call.params.get("reply_markup"), "edit_date": int(time.time())}
        return self.messages[key]

    async def _m_answerCallbackQuery(self, call: Call) -> bool:
        query_id = call.params.get("callback_query_id")
        if query_id not in self._open_queries:
            raise FakeError(Failure(400, "Bad Request: query is too old and response timeout expired "
                                         "or query ID is invalid"))
        self._open_queries.discard(query_id)
        return True

    async def _m_sendPhoto(self, call: Call) -> JSON:
        if len(call.params.get("caption") or "") > 1024:
            raise FakeError(Failure(400, "Bad Request: message caption is too long"))
        size = {"file_id": "sent-photo", "file_unique_id": "sp", "width": 800, "height": 600}
        return self._bot_message(call, photo=[size], **({"caption": call.params["caption"]}
                                                        if call.params.get("caption") else {}))

    async def _m_getFile(self, call: Call) -> JSON:
        file_id = str(call.params.get("file_id"))
        if file_id not in self.files:
            raise FakeError(Failure(400, "Bad Request: invalid file_id"))
        return {"file_id": file_id, "file_unique_id": f"u-{file_id}", "file_size": len(self.files[file_id]),
                "file_path": f"photos/{file_id}"}

    async def _m_sendVoice(self, call: Call) -> JSON:
        return self._bot_message(call, voice={"file_id": "sent-voice", "file_unique_id": "sv", "duration": 1,
                                              "mime_type": "audio/ogg"})

    async def _m_sendDocument(self, call: Call) -> JSON:
        name = call.filenames.get("document") or str(call.params.get("filename") or "file")
        return self._bot_message(call, document={"file_id": "sent-doc", "file_unique_id": "sd", "file_name": name})

    async def _m_setMyCommands(self, call: Call) -> bool:
        commands = call.params.get("commands") or []
        for command in commands:
            if not 1 <= len(command.get("description", "")) <= 256:
                raise FakeError(Failure(400, "Bad Request: command description is invalid"))
        self.commands[str(call.params.get("language_code") or "")] = commands
        return True

    async def _m_setWebhook(self, call: Call) -> bool:
        self.webhook = {"url": call.params.get("url"), "secret_token": call.params.get("secret_token")}
        return True

    async def _m_deleteWebhook(self, call: Call) -> bool:
        self.webhook = {}
        return True

    async def _m_getWebhookInfo(self, call: Call) -> JSON:
        return {"url": self.webhook.get("url") or "", "has_custom_certificate": False,
                "pending_update_count": len(self.pending)}


def _decode_value(key: str, value: str) -> Any:
    if key in _STRING_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value
