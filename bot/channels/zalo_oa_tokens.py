"""Each OA's access token, kept fresh: refreshed ahead of expiry, rotated by one process at a time.

Zalo's refresh token is single-use: the first refresh that reaches Zalo burns it and returns a new pair.
Two processes refreshing together would leave one of them with a dead token (and, after a crash, the OA
without any). So a refresh first takes a lease in the database (one UPDATE that only one process can win),
spends the refresh token, and stores the new pair; everybody else waits for that pair.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import logging
import secrets
import string
import uuid
import weakref
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from bot.channels.zalo_oa_api import OaApi, OaError, OaNetworkError
from storage import zalo_oa_tokens as store
from storage.db import Database
from storage.zalo_oa_tokens import OaTokens

log = logging.getLogger(__name__)

REFRESH_AHEAD = timedelta(hours=1)  # refresh a token this long before it expires
LEASE = timedelta(seconds=60)  # a refresh taking longer than this is presumed dead (its process stopped)
_ALPHABET = string.ascii_letters + string.digits


class NotConnected(OaError):
    """No tokens are stored for this OA yet: ``python -m bot zalo-oa connect`` has not been run for it."""

    def __init__(self, oa_id: str) -> None:
        super().__init__("token", None, f"OA {oa_id} is not connected: run python -m bot zalo-oa connect --oa {oa_id}")


def new_verifier() -> str:
    """A PKCE code verifier: 43 random letters and digits."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(43))


def code_challenge(verifier: str) -> str:
    """Base64url(SHA-256(verifier)) without padding, as OAuth v4 expects."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class TokenKeeper:
    """Hands out a valid access token per OA; the refresh happens here and nowhere else."""

    def __init__(
        self, db: Database, api: OaApi, clock: Callable[[], datetime], *,
        ahead: timedelta = REFRESH_AHEAD, lease: timedelta = LEASE, poll: float = 0.2,
    ) -> None:
        self.db, self.api, self.clock = db, api, clock
        self.ahead, self.lease, self.poll = ahead, lease, poll
        self.owner = uuid.uuid4().hex  # this process, as named in the lease
        self.refreshes = 0
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        # The pair this process last read or made; another process's refresh shows up as a -216 on it.
        self._known: dict[str, tuple[str, datetime]] = {}

    async def access_token(self, oa_id: str) -> str:
        """A token that is valid for at least ``ahead`` more; refreshes first when it is not."""
        known = self._known.get(oa_id)
        if known is not None and known[1] - self.clock() > self.ahead:
            return known[0]  # read from the database once per pair, not once per message
        tokens = await store.get_tokens(self.db, oa_id)
        if tokens is None:
            raise NotConnected(oa_id)
        if _when(tokens.expires_at) - self.clock() > self.ahead:
            self._known[oa_id] = (tokens.access_token, _when(tokens.expires_at))
            return tokens.access_token
        return await self.refresh(oa_id)

    async def refresh(self, oa_id: str, rejected: str | None = None) -> str:
        """A fresh token. REJECTED: the token Zalo just refused (-216), which must not be handed out again."""
        lock = self._locks.get(oa_id)
        if lock is None:
            lock = self._locks[oa_id] = asyncio.Lock()
        async with lock:  # coroutines of this process wait here; other processes meet the lease below
            deadline = asyncio.get_running_loop().time() + self.lease.total_seconds() + 5
            while True:
                self._known.pop(oa_id, None)
                tokens = await store.get_tokens(self.db, oa_id)
                if tokens is None:
                    raise NotConnected(oa_id)
                if not self._stale(tokens, rejected):
                    self._known[oa_id] = (tokens.access_token, _when(tokens.expires_at))
                    return tokens.access_token
                now = self.clock()
                if await store.claim_refresh(self.db, oa_id, tokens.refresh_token, self.owner, now + self.lease, now):
                    return await self._rotate(tokens)
                if asyncio.get_running_loop().time() > deadline:
                    raise OaNetworkError("refresh", None, f"OA {oa_id}: another process holds the refresh lease")
                await asyncio.sleep(self.poll)  # another process is rotating: wait for its pair

    def _stale(self, tokens: OaTokens, rejected: str | None) -> bool:
        if rejected is not None:
            return tokens.access_token == rejected
        return _when(tokens.expires_at) - self.clock() <= self.ahead

    async def _rotate(self, tokens: OaTokens) -> str:
        oa_id = tokens.oa_id
        try:
            grant = await self.api.refresh(tokens.refresh_token)
        except OaError as exc:
            await store.release_refresh(self.db, oa_id, self.owner)
            if isinstance(exc, OaNetworkError):
                log.warning("zalo_oa: refreshing the token of OA %s failed (%s); will try again", oa_id, exc)
            else:
                log.error("zalo_oa: Zalo refused to refresh the token of OA %s (%s). If this goes on, connect "
                          "the OA again: python -m bot zalo-oa connect --oa %s", oa_id, exc, oa_id)
            raise
        now = self.clock()
        expires = now + timedelta(seconds=grant.expires_in)
        self.refreshes += 1
        self._known[oa_id] = (grant.access_token, expires)
        if not await store.finish_refresh(self.db, oa_id, self.owner, grant.access_token, grant.refresh_token,
                                          expires, now):
            # Our lease ran out mid-call; this pair is still the only live one (the old token is spent).
            log.warning("zalo_oa: the refresh of OA %s outlasted its lease; storing the new tokens anyway", oa_id)
            await store.save_tokens(self.db, oa_id, grant.access_token, grant.refresh_token, expires, now)
        log.info("zalo_oa: token of OA %s refreshed; valid until %s", oa_id, expires.isoformat(timespec="minutes"))
        return grant.access_token

    async def keep_fresh(self, oa_ids: Iterable[str], every: float = 600.0) -> None:
        """Refresh ahead of expiry even when nobody writes, so the refresh token never lapses (runs forever)."""
        while True:
            for oa_id in oa_ids:
                try:
                    await self.access_token(oa_id)
                except NotConnected:
                    pass  # reported at start-up
                except OaError:
                    pass  # logged by _rotate; the next round tries again
            await asyncio.sleep(every)

    async def connect(self, oa_id: str, code: str, verifier: str) -> datetime:
        """Exchange an authorisation code (OAuth v4 + PKCE) for the OA's first tokens; returns their expiry."""
        grant = await self.api.exchange_code(code, verifier)
        now = self.clock()
        expires = now + timedelta(seconds=grant.expires_in)
        await store.save_tokens(self.db, oa_id, grant.access_token, grant.refresh_token, expires, now)
        return expires
