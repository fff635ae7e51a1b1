"""The Zalo Official Account channel: one webhook for one Zalo app and every commune's or province's OA.

Each OA is tied to an area: whoever writes to commune X's OA is a resident of X (``Incoming.area``), and
people are named per OA (``zalo_oa:<oa_id>:<user_id>``: Zalo user ids differ from one OA to the next).
"""

from __future__ import annotations

import asyncio
import json
import logging
import weakref
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.channels.background import TaskSet
from bot.channels.zalo_oa_api import OaApi
from bot.channels.zalo_oa_events import CHANNEL, OaEvent, chat_id, parse, to_incoming
from bot.channels.zalo_oa_render import plan
from bot.channels.zalo_oa_send import OaSender, route
from bot.channels.zalo_oa_tokens import TokenKeeper
from bot.channels.zalo_oa_webhook import OaWebhook, Verified
from bot.channels.zalo_webhook import health_handler
from bot.core.config import Config, ConfigError
from bot.core.delivery import DeliveryError, Reach
from bot.core.engine import Engine, Services
from bot.core.messages import Kind, Media, Reply
from bot.core.privacy import find_secret
from bot.core.routes import Route, Routes
from storage import areas, people
from storage import zalo_oa as oa_store
from storage.zalo_oa_tokens import get_tokens

log = logging.getLogger(__name__)

HEALTH_PATH = "/healthz/zalo_oa"
INBOX_KEPT = timedelta(days=2)  # handled event keys kept this long to drop Zalo's redeliveries
_INTERACTIONS = (Kind.FOLLOW, Kind.OPENED)  # open the 7-day window, but carry no message id to reply to


class ZaloOaChannel:
    """Receives verified events, runs them through the engine, answers; also the ``zalo_oa`` Sender."""

    numbered = True

    def __init__(self, engine: Engine, api: OaApi, keeper: TokenKeeper, *, concurrency: int = 4) -> None:
        services = engine.services
        config = services.config.zalo_oa
        self.engine, self.services, self.config, self.keeper, self.api = engine, services, config, keeper, api
        self.guides_dir = Path(services.config.guides.dir)
        self.sender = OaSender(services.db, api, keeper, config.accounts, services.clock, services.config.tz,
                               config.messages_per_second)
        self.areas = {a.oa_id: a.area for a in config.accounts}
        self.webhook = OaWebhook(config.app_id or "", {a.oa_id: a.secret_key or "" for a in config.accounts},
                                 self.store, self.accept, services.clock, timedelta(seconds=config.max_event_age))
        self.stats: Counter[str] = Counter()
        self.tasks = TaskSet()
        self._slots = asyncio.Semaphore(concurrency)
        self._chat_locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        self._named: set[str] = set()  # people whose Zalo name was looked up by this process

    # ---- intake: verify (the webhook) → store → 200 → handle -------------------------------------
    async def store(self, item: Verified) -> bool:
        """Keep the event before Zalo gets its 200; an OTP or ID number in it is not written down."""
        body = item.body
        message = body.get("message")
        if isinstance(message, dict) and isinstance(message.get("text"), str) and find_secret(message["text"]):
            body = {**body, "message": {**message, "text": ""}}  # handled from memory; a crash loses only it
        fresh = await oa_store.store_event(self.services.db, item.oa_id, item.key,
                                        json.dumps(body, ensure_ascii=False), self.services.clock())
        self.stats["received" if fresh else "duplicates"] += 1
        return fresh

    def accept(self, item: Verified) -> None:
        """Handle a stored event in the background (the webhook has already answered)."""
        self.tasks.start(self._process(item.event))

    async def _process(self, event: OaEvent) -> None:
        chat = chat_id(event.oa_id, event.user_id)
        lock = self._chat_locks.get(chat)
        if lock is None:
            lock = self._chat_locks[chat] = asyncio.Lock()
        async with lock, self._slots:  # one person's events in arrival order, a few people at once
            try:
                await self.handle(event)
            except Exception:
                self.stats["errors"] += 1
                log.exception("zalo_oa: handling %s for OA %s failed", event.name, event.oa_id)
            finally:
                await oa_store.event_done(self.services.db, event.oa_id, event.key, self.services.clock())

    async def handle(self, event: OaEvent) -> None:
        if event.kind is not None and (event.message_id or event.kind in _INTERACTIONS):
            await oa_store.touch_window(self.services.db, event.oa_id, event.user_id, event.at, event.message_id)
        incoming = to_incoming(event, self.areas.get(event.oa_id))
        if incoming is None:
            return
        if event.kind != Kind.UNFOLLOW:
            incoming = replace(incoming, display_name=await self._name(event.oa_id, event.user_id))
        replies = await self.engine.handle(incoming)
        self.stats["handled"] += 1
        await self.answer(event.oa_id, event.user_id, replies)

    async def _name(self, oa_id: str, user_id: str) -> str:
        """Webhook events carry no name: ask Zalo once per person (the engine keeps a stored name on '')."""
        chat = chat_id(oa_id, user_id)
        if chat in self._named:
            return ""
        self._named.add(chat)  # one try per process, even when Zalo gives no name
        known = await people.find_person(self.services.db, CHANNEL, chat)
        if known is not None and known.display_name:
            return ""
        return await self.sender.display_name(oa_id, user_id)

    async def answer(self, oa_id: str, user_id: str, replies: Sequence[Reply]) -> None:
        """Send a turn's replies; a refusal is logged (the person is told nothing they cannot receive)."""
        if not replies:
            return
        try:
            await self.sender.deliver(oa_id, user_id, plan(replies, self.guides_dir))
        except DeliveryError as exc:
            log.warning("zalo_oa: answering %s on OA %s failed: %s", user_id, oa_id, exc)

    async def recover(self) -> int:
        """Handle what was stored but not handled when the process last stopped."""
        pending = await oa_store.pending_events(self.services.db)
        for stored in pending:
            event = parse(json.loads(stored.body)) if stored.body else None
            if event is None or event.oa_id not in self.areas:
                await oa_store.event_done(self.services.db, stored.oa_id, stored.event_key, self.services.clock())
                continue
            await self._process(event)
        if pending:
            log.info("zalo_oa: %d event(s) stored before the last stop were handled", len(pending))
        return len(pending)

    async def fetch_media(self, media: Media) -> bytes:
        """A photo someone sent (to read the error on it), from the address Zalo gave."""
        return await self.api.download(media.ref)

    # ---- the Sender (team alerts, broadcasts) and the broadcast preview ---------------------------
    async def send(self, chat_id: str, reply: Reply) -> None:
        oa_id, _, user_id = chat_id.partition(":")
        if oa_id not in self.areas or not user_id:
            raise DeliveryError(f"{chat_id!r} is not a person of a configured OA")
        await self.sender.deliver(oa_id, user_id, plan([reply], self.guides_dir))

    async def reach(self, chat_ids: Sequence[str]) -> list[Reach]:
        """Per OA: recipients in a free window, needing quota (as far as it lasts), and out of reach."""
        by_oa: dict[str, list[str]] = defaultdict(list)
        for chat in chat_ids:
            oa_id, _, user_id = chat.partition(":")
            if oa_id in self.areas and user_id:
                by_oa[oa_id].append(user_id)
        now, found = self.services.clock(), []
        for account in self.config.accounts:
            users = by_oa.get(account.oa_id)
            if not users:
                continue
            windows = await oa_store.windows_of(self.services.db, account.oa_id, users)
            counts = Counter(route(windows.get(u), now) for u in users)
            left = await self.sender.quota_left(account.oa_id)
            paid = min(counts["paid"], left)
            found.append(Reach(account.name or f"OA {account.oa_id}", counts["free"], paid,
                               counts["closed"] + counts["paid"] - paid, left))
        return found

    # ---- running ---------------------------------------------------------------------------------
    async def check_accounts(self) -> list[str]:
        """Refuse an OA tied to an unknown area; warn about OAs not connected yet. Returns the connected."""
        db, connected = self.services.db, []
        for account in self.config.accounts:
            area = await areas.get_area(db, account.area)
            if area is None or area.level not in ("commune", "province"):
                raise ConfigError(f"zalo_oa.accounts: OA {account.oa_id} is tied to area {account.area!r}, which is "
                                  "not a known commune or province (import the areas first: python -m bot areas seed)")
            if await get_tokens(db, account.oa_id) is None:
                log.error("zalo_oa: OA %s (%s) is not connected yet; run: python -m bot zalo-oa connect --oa %s",
                          account.oa_id, account.name or area.name, account.oa_id)
            else:
                connected.append(account.oa_id)
        if not connected:
            raise ConfigError("zalo_oa: no Official Account is connected yet. Run python -m bot zalo-oa connect "
                              "--oa <oa_id> --config FILE for each one first. / Chưa kết nối OA nào.")
        return connected

    def health(self) -> dict[str, Any]:
        return {"channel": CHANNEL, "pending": len(self.tasks), **self.stats, **self.sender.stats,
                "refreshes": self.keeper.refreshes}

    async def serve(self, routes: Routes) -> None:
        """The webhook on the web server's path, the token keeper and the inbox pruning, until cancelled."""
        path = self.config.webhook_path
        mounted = [Route(path, self.webhook.receive, CHANNEL),
                   Route(HEALTH_PATH, health_handler(self.health), CHANNEL, frozenset({"GET"}))]
        for mount in mounted:
            routes.mount(mount)
        log.info("zalo_oa: webhook answering on %s of the web server for %d OA(s)", path, len(self.areas))
        keeper = asyncio.create_task(self.keeper.keep_fresh(list(self.areas)))
        try:
            while True:
                await oa_store.prune_events(self.services.db, self.services.clock() - INBOX_KEPT)
                await asyncio.sleep(3600)
        finally:
            for mount in mounted:
                routes.unmount(mount.path, CHANNEL)
            keeper.cancel()
            await asyncio.gather(keeper, return_exceptions=True)

    async def settled(self) -> None:
        """Return once every event accepted so far has been handled and answered."""
        await self.tasks.settled()

    async def drain(self, grace: float = 5.0) -> None:
        await self.tasks.drain(grace)


def configured(config: Config) -> bool:
    return bool(config.zalo_oa.accounts)


async def run(services: Services, engine: Engine) -> None:
    """Serve every configured OA beside any other channel, until cancelled."""
    config = services.config.zalo_oa
    logging.getLogger("httpx").setLevel(logging.WARNING)
    api = OaApi(config.app_id or "", config.app_secret or "", config.api_base_url, config.oauth_base_url)
    channel = ZaloOaChannel(engine, api, TokenKeeper(services.db, api, services.clock))
    try:
        await channel.check_accounts()
        services.senders[CHANNEL] = channel
        await channel.recover()
        await channel.serve(services.routes)
    finally:
        if services.senders.get(CHANNEL) is channel:
            del services.senders[CHANNEL]
        await channel.drain()
        await api.close()
