"""A typed httpx client for the Zalo Official Account API v3 and OAuth v4: errors mapped, tokens never logged."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx

from bot.channels.zalo_api import fetch_hosted
from bot.core.config import mask_token

log = logging.getLogger(__name__)

MAX_TEXT = 2000
MAX_IMAGE = 1024 * 1024  # upload/image
MAX_FILE = 5 * 1024 * 1024  # upload/file
MAX_BUTTONS = 5
MAX_BUTTON_TITLE = 100


class OaError(Exception):
    """Zalo refused a call or it could not be made; ``code`` is Zalo's error number (or the HTTP status)."""

    def __init__(self, call: str, code: int | None, message: str) -> None:
        super().__init__(f"{call}: {code if code is not None else 'error'} {message}".strip())
        self.call = call
        self.code = code
        self.message = message


class OaNetworkError(OaError):
    """The request did not complete, or the answer was not JSON: worth retrying later."""


class OaTokenInvalid(OaError):
    """-216 / -220: the access token is invalid or expired; refresh and try once more."""


class OaRateLimited(OaError):
    """-32: the app called too often."""


class OaQuotaExhausted(OaError):
    """-211: the OA's quota is used up."""


class OaUnreachable(OaError):
    """The person cannot be messaged until they write again: -230 / -232 (no interaction for 7 days),
    -213 (not following the OA)."""


class OaRefused(OaError):
    """Anything else Zalo refused (-201 invalid parameter or outside the allowed window, a bad upload…)."""


UNREACHABLE = {-230: "no interaction for 7 days", -232: "no interaction in the window",
               -213: "not following the OA"}


def error_for(call: str, code: int | None, message: str) -> OaError:
    """The typed error for Zalo's error CODE."""
    if code in (-216, -220):
        return OaTokenInvalid(call, code, message)
    if code == -32:
        return OaRateLimited(call, code, message)
    if code == -211:
        return OaQuotaExhausted(call, code, message)
    if code in UNREACHABLE:
        return OaUnreachable(call, code, f"{UNREACHABLE[code]} ({message})")
    return OaRefused(call, code, message)


@dataclass(frozen=True)
class TokenGrant:
    access_token: str
    refresh_token: str
    expires_in: int  # seconds; Zalo gives 90,000 (25 h)

    def __repr__(self) -> str:
        return f"TokenGrant(expires_in={self.expires_in})"


@dataclass(frozen=True)
class Sent:
    message_id: str
    quota_type: str | None  # which allowance paid for it: 'reply', 'sub_quota', … (None: not said)
    quota_remain: int | None


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class OaApi:
    """One Zalo app: the API calls every OA under it makes, each with that OA's access token."""

    def __init__(
        self, app_id: str, app_secret: str, api_base_url: str, oauth_base_url: str,
        client: httpx.AsyncClient | None = None, timeout: float = 15.0,
    ) -> None:
        self.app_id, self._secret = app_id, app_secret
        self.api_base_url, self.oauth_base_url = api_base_url.rstrip("/"), oauth_base_url.rstrip("/")
        self._client = client or httpx.AsyncClient(timeout=timeout)
        self._owns_client = client is None

    async def close(self) -> None:
        if self._owns_client:
            await self._client.aclose()

    async def _call(self, call: str, method: str, url: str, secrets: tuple[str, ...], **kw: Any) -> Any:
        try:
            response = await self._client.request(method, url, **kw)
            body = response.json()
        except httpx.HTTPError as exc:
            raise OaNetworkError(call, None, mask_token(f"{type(exc).__name__}: {exc}", *secrets)) from None
        except ValueError:
            raise OaNetworkError(call, response.status_code, "the answer is not JSON") from None
        if not isinstance(body, dict):
            raise OaNetworkError(call, response.status_code, "unexpected answer")
        return body

    async def _api(self, call: str, path: str, access_token: str, method: str = "POST", **kw: Any) -> dict[str, Any]:
        body = await self._call(call, method, f"{self.api_base_url}/{path}", (access_token,),
                                headers={"access_token": access_token}, **kw)
        code = _int(body.get("error"))
        if code != 0:
            raise error_for(call, code, mask_token(str(body.get("message") or "")[:200], access_token))
        data = body.get("data")
        return data if isinstance(data, dict) else {"items": data}

    async def send(self, access_token: str, recipient: dict[str, str], message: dict[str, Any]) -> Sent:
        """POST v3.0/oa/message/cs: a customer-service message (free reply or proactive, by RECIPIENT)."""
        data = await self._api("message/cs", "v3.0/oa/message/cs", access_token,
                               json={"recipient": recipient, "message": message})
        raw = data.get("quota")
        quota: dict[str, Any] = raw if isinstance(raw, dict) else {}
        kind = quota.get("quota_type")
        return Sent(str(data.get("message_id") or ""), kind if isinstance(kind, str) else None,
                    _int(quota.get("remain")))

    async def upload(self, access_token: str, kind: str, content: bytes, name: str, mime: str) -> str:
        """POST v2.0/oa/upload/image|file (multipart): the attachment_id (image) or token (file)."""
        data = await self._api(f"upload/{kind}", f"v2.0/oa/upload/{kind}", access_token,
                               files={"file": (name, content, mime)})
        handle = data.get("attachment_id") if kind == "image" else data.get("token")
        if not isinstance(handle, str) or not handle:
            raise OaRefused(f"upload/{kind}", None, "no attachment in the answer")
        return handle

    async def quota_left(self, access_token: str) -> int | None:
        """The OA's proactive messages left (sum over its quota assets); None when Zalo does not say."""
        data = await self._api("quota/message", "v3.0/oa/quota/message", access_token,
                               json={"quota_owner": "OA", "product_type": "cs", "quota_type": "sub_quota"})
        items = data.get("items") if "items" in data else [data]
        remains = [_int(i.get("remain")) for i in items if isinstance(i, dict)] if isinstance(items, list) else []
        known = [r for r in remains if r is not None]
        return sum(known) if known else None

    async def download(self, url: str, limit: int = 10 * 1024 * 1024) -> bytes:
        """A photo or voice note a person sent, from the address Zalo gave in the event."""
        try:
            return await fetch_hosted(self._client, url, limit, 15.0, self.api_base_url)
        except (ValueError, httpx.HTTPError) as exc:
            raise OaNetworkError("download", None, f"{type(exc).__name__}: {exc}") from None

    async def display_name(self, access_token: str, user_id: str) -> str:
        """GET v3.0/oa/user/detail: the name the person shows on Zalo ('' when Zalo gives none)."""
        data = await self._api("user/detail", "v3.0/oa/user/detail", access_token, method="GET",
                               params={"data": json.dumps({"user_id": user_id})})
        name = data.get("display_name")
        return name.strip()[:100] if isinstance(name, str) else ""

    def permission_url(self, redirect_uri: str, code_challenge: str, state: str) -> str:
        query = urlencode({"app_id": self.app_id, "redirect_uri": redirect_uri, "code_challenge": code_challenge,
                           "state": state})
        return f"{self.oauth_base_url}/v4/oa/permission?{query}"

    async def exchange_code(self, code: str, code_verifier: str) -> TokenGrant:
        return await self._grant({"code": code, "code_verifier": code_verifier, "grant_type": "authorization_code"},
                                 (code, code_verifier))

    async def refresh(self, refresh_token: str) -> TokenGrant:
        """Spend REFRESH_TOKEN (single use) for a new pair."""
        return await self._grant({"refresh_token": refresh_token, "grant_type": "refresh_token"}, (refresh_token,))

    async def _grant(self, form: dict[str, str], secrets: tuple[str, ...]) -> TokenGrant:
        call = f"access_token ({form['grant_type']})"
        body = await self._call(call, "POST", f"{self.oauth_base_url}/v4/oa/access_token",
                                (*secrets, self._secret), headers={"secret_key": self._secret},
                                data={"app_id": self.app_id, **form})
        access, refresh, expires = body.get("access_token"), body.get("refresh_token"), _int(body.get("expires_in"))
        if not (isinstance(access, str) and access and isinstance(refresh, str) and refresh and expires):
            reason = body.get("error_description") or body.get("error_name") or body.get("message") or "no tokens"
            raise error_for(call, _int(body.get("error")), mask_token(str(reason)[:200], *secrets, self._secret))
        return TokenGrant(access, refresh, expires)
