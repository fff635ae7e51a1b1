"""The broadcast worker: sends queued deliveries at each channel's limit and records every outcome."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.areas import lookup as area_lookup
from bot.coordinators.broadcasts.text import T, compose
from bot.core.delivery import QuotaExhausted, RecipientBlocked, RetryLater, TemporaryFailure
from bot.core.engine import Engine, Sender, Services
from bot.core.messages import Address, Reply
from storage import areas, broadcasts, people
from storage import broadcast_queue as queue
from storage.broadcast_queue import Delivery
from storage.broadcasts import Broadcast

log = logging.getLogger(__name__)

LOCAL_RATE = 100.0  # messages/s on channels without a platform limit (the console)
# Hard caps per second that the platform enforces, whatever pace is configured (Telegram: 30 in bulk).
HARD_LIMITS = {"telegram": 30}
WINDOW_MARGIN = 0.05  # seconds: network jitter must not make two windows' messages arrive in one
RECOVERY_EVERY = 5.0  # seconds between the leader's looks for rows left in flight by a stopped worker


@dataclass(frozen=True)
class Pacing:
    """How fast and how patiently to send; tests shorten the waits."""

    poll: float = 0.5  # seconds between looks at the queue when it is empty
    backoff: float = 2.0  # first wait after a network error; doubles each attempt
    max_backoff: float = 300.0
    per_chat: float = 1.0  # at most one message per chat per this many seconds
    max_in_flight: int = 8  # sends awaiting an answer at once, per channel
    rates: dict[str, float] = field(default_factory=dict)  # overrides of the configured rates


def channel_rate(services: Services, channel: str, pacing: Pacing) -> float:
    """Messages per second allowed on CHANNEL."""
    if channel in pacing.rates:
        return pacing.rates[channel]
    if channel == "telegram":
        return services.config.broadcast.telegram_per_second
    if channel == "zalo":
        return services.config.zalo.messages_per_second
    return LOCAL_RATE


class BroadcastWorker:
    """Starts due broadcasts, runs one pump per channel with a sender, and reports finished ones."""

    def __init__(self, services: Services, engine: Engine | None = None, pacing: Pacing | None = None) -> None:
        self.services = services
        self.engine = engine
        self.pacing = pacing or Pacing()
        self._headers: dict[int, str] = {}
        self._next_recovery = 0.0

    async def run(self) -> None:
        recovered = await queue.requeue_in_flight(self.services.db)
        if recovered:
            log.info("broadcasts: %d message(s) in flight at the last stop will be sent again", recovered)
        pumps: dict[str, asyncio.Task[None]] = {}
        try:
            while True:
                await self.tick(pumps)
                await asyncio.sleep(self.pacing.poll)
        finally:
            for task in pumps.values():
                task.cancel()
            await asyncio.gather(*pumps.values(), return_exceptions=True)

    async def tick(self, pumps: dict[str, asyncio.Task[None]]) -> None:
        db = self.services.db
        if time.monotonic() >= self._next_recovery and await db.lead("jobs"):
            self._next_recovery = time.monotonic() + RECOVERY_EVERY
            # Several workers: rows claimed by one that is no longer connected go back to the queue.
            recovered = await queue.requeue_in_flight(db)
            if recovered:
                log.info("broadcasts: %d message(s) left in flight by a stopped worker will be sent", recovered)
        started = await queue.start_due(db, self.services.clock())
        if started:
            log.info("broadcasts: scheduled %s started", started)
        for channel in list(self.services.senders):
            task = pumps.get(channel)
            if task is not None and task.done() and not task.cancelled() and task.exception():
                log.error("broadcast pump for %s stopped", channel, exc_info=task.exception())
            if task is None or task.done():
                pumps[channel] = asyncio.create_task(ChannelPump(self, channel).run(), name=f"broadcast-{channel}")
        for finished in await queue.finish_completed(db):
            await self.report_done(finished)

    async def header(self, broadcast: Broadcast) -> str:
        """The area named as recipients know it (village, commune, province), cached per broadcast."""
        if broadcast.id not in self._headers:
            area = await areas.get_area(self.services.db, broadcast.area_code)
            name = await area_lookup.describe(self.services.db, area) if area else broadcast.area_code
            self._headers[broadcast.id] = name
        return self._headers[broadcast.id]

    async def report_done(self, broadcast: Broadcast) -> None:
        """Tell the author how it went, through their own channel."""
        log.info("broadcast %d finished", broadcast.id)
        author = await people.get_person(self.services.db, broadcast.author_id)
        if author is None or self.engine is None:
            return
        c = await broadcasts.counts(self.services.db, broadcast.id)
        text = T(author.locale, "done_notice", id=broadcast.id, sent=c.sent, failed=c.failed, stopped=c.stopped)
        await self.engine.deliver(Address(author.channel, author.user_id, author.chat_id), Reply(text))


class ChannelPump:
    """Sends one channel's queue: a steady pace overall, one message per chat per second, pauses on 429."""

    def __init__(self, worker: BroadcastWorker, channel: str) -> None:
        self.worker = worker
        self.services = worker.services
        self.pacing = worker.pacing
        self.channel = channel
        self.interval = 1.0 / channel_rate(self.services, channel, self.pacing)
        self.batch = max(10, int(2 / self.interval))
        self.next_slot = 0.0
        self.per_window = HARD_LIMITS.get(channel)  # sends allowed in any one second, if capped
        self.recent: deque[float] = deque()  # when the sends of the last second left
        self.paused_until = 0.0
        self.last_sent: dict[str, float] = {}
        self.slots = asyncio.Semaphore(self.pacing.max_in_flight)
        self.claimed: dict[int, int] = {}  # broadcast → the last row id claimed here
        self.tasks: set[asyncio.Task[None]] = set()

    async def run(self) -> None:
        try:
            while self.channel in self.services.senders:
                if not await self.drain_once():
                    await asyncio.sleep(self.pacing.poll)
        finally:
            for task in self.tasks:
                task.cancel()
            await asyncio.gather(*self.tasks, return_exceptions=True)

    async def drain_once(self) -> bool:
        """Send up to one batch of the oldest broadcast that has due rows here; False when there was none.

        Each row is claimed just before it is sent (a row cancelled meanwhile is never claimed), so
        several workers share one queue without sending anything twice.
        """
        db = self.services.db
        for broadcast in await queue.sending(db):
            sent = 0
            while sent < self.batch:
                sender = self.services.senders.get(self.channel)
                if sender is None:
                    return True
                await self.pace()
                await self.slots.acquire()
                after = self.claimed.get(broadcast.id, 0)
                row = await queue.claim_next(db, broadcast.id, self.channel, self.services.clock(), after)
                if row is None and after:  # from the start again: retries wait behind the sent rows
                    row = await queue.claim_next(db, broadcast.id, self.channel, self.services.clock())
                if row is None:
                    self.slots.release()
                    self.claimed.pop(broadcast.id, None)
                    break
                self.claimed[broadcast.id] = row.id
                sent += 1
                await self.dispatch(sender, broadcast, row)
            if sent:
                return True
        return False

    async def dispatch(self, sender: Sender, broadcast: Broadcast, row: Delivery) -> None:
        """Send one claimed row (holding one of the in-flight slots, which the send gives back)."""
        db = self.services.db
        if not row.wanted:
            self.slots.release()
            await queue.mark_stopped(db, row.id, row.person_id, blocked=False, error="not wanted any more")
            return
        last = self.last_sent.get(row.chat_id)
        if last is not None:
            wait = last + self.pacing.per_chat - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
        self.remember(row.chat_id)
        task = asyncio.create_task(self.send(sender, broadcast, row))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def pace(self) -> None:
        """Wait for this channel's next sending slot (after any pause a 429 asked for)."""
        while True:
            now = time.monotonic()
            wait = self.paused_until - now
            if wait <= 0:
                # Slots are absolute, so a late wake-up is made good by the next one and the average rate is
                # the configured one; the window check keeps any second (plus a margin for network jitter)
                # under the platform's hard cap even when the configured pace is right at it.
                slot = max(self.next_slot, now - self.interval)
                while self.recent and self.recent[0] <= now - 1.0:
                    self.recent.popleft()
                if self.per_window is not None and len(self.recent) >= self.per_window:
                    slot = max(slot, self.recent[0] + 1.0 + WINDOW_MARGIN)
                wait = slot - now
                if wait <= 0:
                    self.next_slot = slot + self.interval
                    self.recent.append(now)
                    break
            await asyncio.sleep(wait)
        # Other workers send on the same channel: the slot they all share (PostgreSQL) comes last.
        shared = await queue.reserve_slot(self.services.db, self.channel, self.interval)
        if shared > 0:
            await asyncio.sleep(shared)

    def remember(self, chat_id: str) -> None:
        now = time.monotonic()
        self.last_sent[chat_id] = now
        if len(self.last_sent) > 10_000:
            horizon = now - self.pacing.per_chat
            self.last_sent = {k: v for k, v in self.last_sent.items() if v > horizon}

    async def send(self, sender: Sender, broadcast: Broadcast, row: Delivery) -> None:
        db = self.services.db
        try:
            pause = self.paused_until - time.monotonic()
            if pause > 0:  # a 429 arrived after this row was claimed: nothing goes out during the pause
                await asyncio.sleep(pause)
            header = await self.worker.header(broadcast)
            text = compose(header, broadcast.text, row.locale, row.as_member, broadcast.image,
                           replies=broadcast.replies_to != "none")
            await sender.send(row.chat_id, Reply(text, locale=row.locale))
        except RetryLater as exc:
            wait = max(exc.retry_after, 0.05)
            self.paused_until = max(self.paused_until, time.monotonic() + wait)
            await queue.pause_channel(db, self.channel, wait)
            log.info("%s asks to wait %.1f s; pausing broadcasts there", self.channel, wait)
            await queue.retry_at(db, row.id, self._later(wait), str(exc), counts=False)
        except RecipientBlocked as exc:
            await queue.mark_stopped(db, row.id, row.person_id, blocked=True, error=str(exc) or "blocked")
        except TemporaryFailure as exc:
            if row.attempts + 1 >= self.services.config.broadcast.max_attempts:
                await queue.mark_failed(db, row.id, str(exc) or "temporary failure")
            else:
                delay = min(self.pacing.backoff * 2 ** row.attempts, self.pacing.max_backoff)
                await queue.retry_at(db, row.id, self._later(delay), str(exc))
        except QuotaExhausted as exc:  # the account's monthly allowance is spent: a clear outcome, no retry
            await queue.mark_failed(db, row.id, str(exc))
        except Exception as exc:  # anything else (a 400, a bad photo address) will not get better by retrying
            log.warning("broadcast %d to %s:%s failed: %s", broadcast.id, self.channel, row.user_id, exc)
            await queue.mark_failed(db, row.id, f"{type(exc).__name__}: {exc}")
        else:
            await queue.mark_sent(db, row.id)
        finally:
            self.slots.release()

    def _later(self, seconds: float) -> datetime:
        return self.services.clock() + timedelta(seconds=seconds)


async def worker(services: Services, engine: Engine) -> None:
    """The runner's entry point: send broadcasts until cancelled."""
    await BroadcastWorker(services, engine).run()
