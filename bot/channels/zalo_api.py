"""A typed httpx client for the Zalo Bot Platform: every reply's ``ok`` checked, errors typed."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import httpx

from bot.core.config import mask_token

log = logging.getLogger(__name__)

MAX_TEXT = 2000  # Zalo refuses longer texts and captions
NOTHING_NEW = 408  # getUpdates: no update arrived within the timeout


class ZaloError(Exception):
    """Zalo refused a call, or it could not be made; ``error_code`` is Zalo's (or the HTTP status)."""

    unreachable = False  # True when the person can no longer be messaged (see ZaloForbidden)

    def __init__(self, method: str, error_code: int | None, description: str) -> None:
        super().__init__(f"{method}: {error_code or 'error'} {description}".strip())
        self.method = method
        self.error_code = error_code
        self.description = description


class ZaloNetworkError(ZaloError):
    """The request did not complete (connection refused, timeout, a body that is not JSON)."""


class ZaloRateLimited(ZaloError):
    """429 or "Quota exceeded": wait ``retry_after`` seconds before the next send."""

    def __init__(self, method: str, error_code: int | None, description: str, retry_after: float) -> None:
        super().__init__(method, error_code, description)
        self.retry_after = retry_after


class ZaloForbidden(ZaloError):
    """403: the person cannot be messaged (blocked the bot, or never wrote to it); broadcasts skip them."""

    unreachable = True


class ZaloUnauthorized(ZaloError):
    """401/404 on getMe: the token is wrong or the bot was deleted."""


@dataclass(frozen=True)
class BotInfo:
    id: str
    name: str


@dataclass(frozen=True)
class WebhookInfo:
    url: str
    updated_at: int | None

    @property
    def active(self) -> bool:
        return bool(self.url)


@dataclass(frozen=True)
class SentMessage:
    message_id: str
    date: int | None


DEFAULT_RETRY_AFTER = 5.0


def _error(method: str, status: int, body: Any) -> ZaloError:
    """The typed error for a reply that is not ``ok``."""
    data = body if isinstance(body, dict) else {}
    raw_code = data.get("error_code")
    code = raw_code if isinstance(raw_code, int) else (status if status != 200 else None)
    description = str(data.get("description") or (f"HTTP {status}" if status != 200 else "ok=false"))[:300]
    if code == 429 or status == 429 or "quota" in description.lower():
        params = data.get("parameters")
        retry = params.get("retry_after") if isinstance(params, dict) else None
        wait = float(retry) if isinstance(retry, int | float) and retry > 0 else DEFAULT_RETRY_AFTER
        return ZaloRateLimited(method, code or 429, description, wait)
    if code == 403 or status == 403:
        return ZaloForbidden(method, 403, description)
    if code in (401, 404) or status in (401, 404):
        return ZaloUnauthorized(method, code or status, description)
    return ZaloError(method, code, description)


async def fetch_hosted(client: httpx.AsyncClient, url: str, limit: int, wait: float, local: str = "") -> bytes:
    """GET a file Zalo hosts: an https address (or LOCAL, the tests' fake server), at most LIMIT bytes.
    ValueError for an address or a size refused; httpx errors as they come."""
    if not url.startswith("https://") and not (local and url.startswith(local)):
        raise ValueError("not an https address")
    async with client.stream("GET", url, timeout=wait) as response:
        response.raise_for_status()
        body = bytearray()
        async for chunk in response.aiter_bytes():
            body += chunk
            if len(body) > limit:
                raise ValueError(f"larger than {limit} bytes")
        return bytes(body)


class ZaloApi:
    """One method per Bot API call; raises a ZaloError subclass for anything but ``ok: true``."""

    def __init__(
        self, token: str, base_url: str, client: httpx.AsyncClient | None = None, timeout: float = 15.0
    ) -> None:
        self.token = token
        self.base_url = base_url
        self.timeout = timeout
        self._client = client or httpx.AsyncClient(timeout=timeout)
        self._owns_client = client is None

    async def download(self, url: str, limit: int = 10 * 1024 * 1024) -> bytes:
        """A file Zalo hosts (a resident's photo or voice note): https only, at most LIMIT bytes."""
        try:
            return await fetch_hosted(self._client, url, limit, self.timeout, self.base_url.split("/bot")[0])
        except ValueError as exc:
            raise ZaloNetworkError("download", None, str(exc)) from None
        except httpx.HTTPError as exc:
            raise ZaloNetworkError("download", None, mask_token(f"{type(exc).__name__}: {exc}", self.token)) from None

    async def close(self) -> None:
        if self._owns_client:
            await self._client.aclose()

    async def call(
        self, method: str, payload: dict[str, Any] | None = None, wait: float | None = None
    ) -> Any:
        """POST ``payload`` as JSON to ``<base_url><token>/<method>`` and return ``result``."""
        url = f"{self.base_url}{self.token}/{method}"
        try:
            response = await self._client.post(url, json=payload or {}, timeout=wait or self.timeout)
        except httpx.HTTPError as exc:
            # httpx messages may carry the URL, and the URL carries the token.
            text = mask_token(f"{type(exc).__name__}: {exc}", self.token)
            raise ZaloNetworkError(method, None, text) from None
        try:
            body = response.json()
        except ValueError:
            if response.status_code in (403, 408, 429):
                raise _error(method, response.status_code, None) from None
            raise ZaloNetworkError(method, response.status_code, "reply is not JSON") from None
        if response.status_code == 200 and isinstance(body, dict) and body.get("ok") is True:
            return body.get("result")
        raise _error(method, response.status_code, body)

    async def get_me(self) -> BotInfo:
        result = _mapping(await self.call("getMe"), "getMe")
        name = result.get("account_name") or result.get("display_name") or result.get("name") or ""
        return BotInfo(str(result.get("id", "")), str(name))

    async def get_updates(self, wait: int = 30) -> dict[str, Any] | None:
        """One update, or None when nothing arrived within ``wait`` seconds (408)."""
        try:
            # The local timeout outlasts Zalo's long poll, so a quiet minute is not a network error.
            result = await self.call("getUpdates", {"timeout": str(wait)}, wait=wait + 10)
        except ZaloError as exc:
            if exc.error_code == NOTHING_NEW:
                return None
            raise
        return result if isinstance(result, dict) else None

    async def send_message(self, chat_id: str, text: str) -> SentMessage:
        if not 1 <= len(text) <= MAX_TEXT:
            raise ZaloError("sendMessage", 400, f"text must be 1–{MAX_TEXT} characters, got {len(text)}")
        return _sent(await self.call("sendMessage", {"chat_id": chat_id, "text": text}))

    async def send_photo(self, chat_id: str, photo_url: str, caption: str | None = None) -> SentMessage:
        """A photo by public HTTPS URL (Zalo fetches it; there is no upload)."""
        payload: dict[str, Any] = {"chat_id": chat_id, "photo": photo_url}
        if caption:
            payload["caption"] = caption[:MAX_TEXT]
        return _sent(await self.call("sendPhoto", payload))

    async def send_voice(self, chat_id: str, voice_url: str) -> None:
        """A voice note (AAC) by its public HTTPS address; one-to-one chats only."""
        await self.call("sendVoice", {"chat_id": chat_id, "voice_url": voice_url})

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> None:
        await self.call("sendChatAction", {"chat_id": chat_id, "action": action})

    async def set_webhook(self, url: str, secret_token: str) -> WebhookInfo:
        return _webhook(await self.call("setWebhook", {"url": url, "secret_token": secret_token}))

    async def delete_webhook(self) -> WebhookInfo:
        return _webhook(await self.call("deleteWebhook"))

    async def get_webhook_info(self) -> WebhookInfo:
        return _webhook(await self.call("getWebhookInfo"))


def _mapping(result: Any, method: str) -> dict[str, Any]:
    if not isinstance(result, dict):
        raise ZaloError(method, None, "unexpected result shape")
    return result


def _sent(result: Any) -> SentMessage:
    data = result if isinstance(result, dict) else {}
    date = data.get("date")
    return SentMessage(str(data.get("message_id", "")), date if isinstance(date, int) else None)


def _webhook(result: Any) -> WebhookInfo:
    data = result if isinstance(result, dict) else {}
    updated = data.get("updated_at")
    return WebhookInfo(str(data.get("url") or ""), updated if isinstance(updated, int) else None)
