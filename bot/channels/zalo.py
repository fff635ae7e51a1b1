"""The Zalo channel: polling or webhook in, numbered text and photos by URL out."""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections import Counter
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlparse

from bot.channels.background import Backoff, Pacer, TaskSet
from bot.channels.zalo_api import (
    ZaloApi,
    ZaloError,
    ZaloForbidden,
    ZaloNetworkError,
    ZaloRateLimited,
    ZaloUnauthorized,
)
from bot.channels.zalo_render import Outgoing, plan
from bot.channels.zalo_updates import CHANNEL, RecentIds, to_incoming
from bot.channels.zalo_webhook import health_handler, make_handler
from bot.core.config import Config, ConfigError, ZaloConfig
from bot.core.delivery import DeliveryError, RecipientBlocked, RetryLater, TemporaryFailure
from bot.core.engine import Engine, Services
from bot.core.messages import Incoming, Media, Reply
from bot.core.routes import Route, Routes
from bot.core.speech import AudioFormat, SpeechError

log = logging.getLogger(__name__)

MAX_PENDING = 256  # updates being handled at once before polling waits for some to finish
HEALTH_PATH = "/healthz/zalo"
QUOTA_HINT = "the free tier is reported as about 3,000 messages a month"


class ZaloChannel:
    """Receives updates, runs them through the engine and sends the answers; also the Zalo Sender."""

    numbered = True

    def __init__(
        self, engine: Engine, api: ZaloApi, config: ZaloConfig, *,
        backoff_base: float = 1.0, backoff_cap: float = 30.0, send_attempts: int = 3, concurrency: int = 4,
    ) -> None:
        self.engine = engine
        self.api = api
        self.config = config
        self.pacer = Pacer(config.messages_per_second)
        self.backoff_base, self.backoff_cap, self.send_attempts = backoff_base, backoff_cap, send_attempts
        self.stats: Counter[str] = Counter()
        self.recent = RecentIds()
        self.tasks = TaskSet()
        # Like Telegram's concurrent_updates: a few turns in flight keep SQLite busy while one waits on
        # the network; many only add contention (measured in bench/bench_zalo.py).
        self._slots = asyncio.Semaphore(concurrency)
        self._chat_locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        # Zalo plays voice notes only from a public URL: this process's web side serves the clips.
        web = engine.services.config.web
        self.voice_base = web.public_url if web.public_url and (web.enabled or config.mode == "webhook") else None

    async def fetch_media(self, media: Media) -> bytes:
        """A resident's photo or voice note, from the URL Zalo gave in the update."""
        return await self.api.download(media.ref)

    # Sender: messages the bot starts (team alerts, broadcasts), paced; failures go to the caller.
    async def send(self, chat_id: str, reply: Reply) -> None:
        """Deliver REPLY or raise a bot.delivery error: RecipientBlocked, RetryLater, TemporaryFailure."""
        for part in plan([reply], self.config.images_base_url):
            await self.pacer.wait()
            try:
                await self._call(chat_id, part)
            except ZaloRateLimited as exc:
                self._rate_limited(exc)
                raise RetryLater(exc.retry_after, str(exc)) from exc
            except ZaloForbidden as exc:
                self.stats["forbidden"] += 1
                raise RecipientBlocked(str(exc)) from exc
            except ZaloError as exc:
                self.stats["errors"] += 1
                temporary = isinstance(exc, ZaloNetworkError) or (exc.error_code or 0) >= 500
                raise (TemporaryFailure if temporary else DeliveryError)(str(exc)) from exc

    # Receiving: one path for polling and the webhook.
    def accept(self, update: dict[str, Any]) -> bool:
        """Start handling UPDATE in the background; False when it is ignored or a duplicate."""
        incoming = to_incoming(update, plays_voice=self.voice_base is not None)
        if incoming is None:
            self.stats["ignored"] += 1
            return False
        if incoming.message_id and not self.recent.first_time(incoming.message_id):
            self.stats["duplicates"] += 1
            return False
        self.stats["received"] += 1
        self.tasks.start(self._process(incoming))
        return True

    async def _process(self, incoming: Incoming) -> None:
        # One chat at a time, in arrival order, so answers never overtake each other.
        lock = self._chat_locks.get(incoming.chat_id)
        if lock is None:
            lock = self._chat_locks[incoming.chat_id] = asyncio.Lock()
        async with lock, self._slots:
            try:
                replies = await self.engine.handle(incoming)
                await self.answer(incoming.chat_id, replies)
            except Exception:
                self.stats["errors"] += 1
                log.exception("zalo: handling a message from %s failed", incoming.user_id)

    async def answer(self, chat_id: str, replies: Sequence[Reply]) -> None:
        """Send a turn's replies; a 429 waits and retries, a 403 or other error is logged, never raised."""
        for part in plan(replies, self.config.images_base_url):
            for attempt in range(1, self.send_attempts + 1):
                try:
                    await self._call(chat_id, part)
                    break
                except ZaloRateLimited as exc:
                    self._rate_limited(exc)
                    if attempt == self.send_attempts:
                        log.warning("zalo: gave up a message to %s after %d tries", chat_id, attempt)
                        return
                    await asyncio.sleep(min(exc.retry_after, self.backoff_cap))
                except ZaloForbidden as exc:
                    self.stats["forbidden"] += 1
                    log.warning("zalo: %s cannot be messaged (%s)", chat_id, exc.description)
                    return
                except ZaloError as exc:
                    self.stats["errors"] += 1
                    log.warning("zalo: sending to %s failed: %s", chat_id, exc)
                    break

    async def _call(self, chat_id: str, part: Outgoing) -> None:
        if part.speech is not None:
            if self.voice_base is None:
                return
            try:
                clip = await part.speech.clip(AudioFormat.AAC)
            except SpeechError:
                log.warning("zalo: voice note not made; the text was sent", exc_info=True)
                return
            await self.api.send_voice(chat_id, f"{self.voice_base}/voice/{clip.name}")
        elif part.photo:
            await self.api.send_photo(chat_id, part.photo)
        elif part.text:
            await self.api.send_message(chat_id, part.text)
        self.stats["sent"] += 1

    def _rate_limited(self, exc: ZaloRateLimited) -> None:
        self.stats["rate_limited"] += 1
        self.pacer.pause(exc.retry_after)
        log.warning("zalo: %s (%s); pausing sends for %.0f s — %s",
                    exc.description, exc.method, exc.retry_after, QUOTA_HINT)

    def health(self) -> dict[str, Any]:
        return {"channel": CHANNEL, "mode": self.config.mode, "pending": len(self.tasks), **self.stats}

    async def check_token(self) -> None:
        """getMe once: a rejected token stops start-up with a clear message; a network error does not."""
        try:
            me = await self.api.get_me()
        except ZaloUnauthorized as exc:
            raise ConfigError(f"zalo.token was rejected by Zalo ({exc.description}). Check the token from "
                              "Zalo Bot Manager. / Zalo không nhận token này, hãy kiểm tra lại.") from None
        except ZaloError as exc:
            log.warning("zalo: getMe failed (%s); continuing", exc)
            return
        log.info("zalo: connected as %s (%s)", me.name or "?", me.id)

    async def poll_forever(self) -> None:
        """getUpdates one at a time until cancelled; refuses to start while a webhook is set."""
        backoff = Backoff(self.backoff_base, self.backoff_cap)
        while True:
            try:
                info = await self.api.get_webhook_info()
                break
            except ZaloError as exc:
                log.warning("zalo: getWebhookInfo failed (%s); retrying", exc)
                await asyncio.sleep(backoff.next())
        if info.active:
            raise ConfigError(
                f"zalo: a webhook is set for this bot ({info.url}), and Zalo does not deliver to polling "
                "while it is. Either set zalo.mode: webhook, or remove the webhook with "
                "`python -m bot.channels.zalo_admin delete-webhook --config FILE` and start again. / "
                "Bot Zalo đang dùng webhook nên không thể nhận tin bằng polling."
            )
        backoff.reset()
        log.info("zalo: polling for messages")
        while True:
            if len(self.tasks) >= MAX_PENDING:
                await self.tasks.one_finished()
            try:
                update = await self.api.get_updates(self.config.poll_timeout)
            except ZaloRateLimited as exc:
                self._rate_limited(exc)
                await asyncio.sleep(min(max(exc.retry_after, backoff.next()), self.backoff_cap))
                continue
            except ZaloError as exc:
                self.stats["poll_errors"] += 1
                level = logging.INFO if isinstance(exc, ZaloNetworkError) else logging.WARNING
                log.log(level, "zalo: getUpdates failed: %s", exc)
                await asyncio.sleep(backoff.next())
                continue
            except Exception:
                self.stats["poll_errors"] += 1
                log.exception("zalo: unexpected error while polling")
                await asyncio.sleep(backoff.next())
                continue
            backoff.reset()
            if update is not None:
                self.accept(update)

    def webhook_path(self) -> str:
        hook = self.config.webhook
        path = hook.path or (urlparse(hook.url).path if hook.url else "") or "/zalo"
        return path if path.startswith("/") else "/" + path

    async def serve_webhook(self, routes: Routes) -> None:
        """Register the public URL if configured, then answer on the web server's path until cancelled."""
        hook = self.config.webhook
        secret = hook.secret_token
        if not secret:
            raise ConfigError("zalo.webhook.secret_token is required when zalo.mode is webhook")
        if hook.url:
            await self._register(hook.url, secret)
        else:
            log.warning("zalo: webhook.url is not set; make sure setWebhook points at this server")
        path = self.webhook_path()
        mounted = [Route(path, make_handler(secret, self.accept), CHANNEL),
                   Route(HEALTH_PATH, health_handler(self.health), CHANNEL, frozenset({"GET"}))]
        for route in mounted:
            routes.mount(route)
        log.info("zalo: webhook answering on %s of the web server", path)
        try:
            await asyncio.Event().wait()
        finally:
            for route in mounted:
                routes.unmount(route.path, CHANNEL)

    async def _register(self, url: str, secret: str) -> None:
        try:
            if (await self.api.get_webhook_info()).url != url:
                await self.api.set_webhook(url, secret)
                log.info("zalo: webhook set to %s", url)
        except ZaloNetworkError as exc:
            log.warning("zalo: could not check the webhook (%s); serving anyway", exc)
        except ZaloError as exc:
            raise ConfigError(f"zalo: setWebhook refused {url}: {exc.description}") from None

    async def drain(self, grace: float = 5.0) -> None:
        """Let messages being handled finish (for GRACE seconds), then cancel the rest."""
        await self.tasks.drain(grace)


def configured(config: Config) -> bool:
    return bool(config.zalo.token)


async def run(services: Services, engine: Engine) -> None:
    """Serve Zalo (polling or webhook per config) until cancelled, beside any other channel."""
    config = services.config.zalo
    if not config.token:
        raise ConfigError("zalo.token is not set")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # httpx logs request URLs, and ours carry the token
    api = ZaloApi(config.token, config.base_url)
    channel = ZaloChannel(engine, api, config)
    services.senders[CHANNEL] = channel
    try:
        await channel.check_token()
        if config.mode == "webhook":
            await channel.serve_webhook(services.routes)
        else:
            await channel.poll_forever()
    finally:
        if services.senders.get(CHANNEL) is channel:
            del services.senders[CHANNEL]
        await channel.drain()
        await api.close()
