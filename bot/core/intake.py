"""Durable intake: an update is stored before the platform hears it arrived, handled from the store, and
forgotten once answered. What a crash leaves behind is handled first at the next start, each person's
messages in the order they came. Any channel plugs in with a parse and an answer function:

    intake = Intake(services, engine, "zalo", parse=to_incoming, answer=send_replies)
    await intake.start()                        # leftovers of the last run are queued first
    await intake.accept([Arrival(message_id, sender_id, update)])   # durable: now answer the webhook 200
    await intake.stop()                         # in-flight turns finish within the grace, the rest stay stored
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.core.delivery import RecipientBlocked
from bot.core.engine import Engine, Services
from bot.core.intake_queue import Item, PersonQueues
from bot.core.messages import Incoming, Reply
from bot.core.privacy import redact
from storage import intake as store
from storage.db import STORAGE_ERRORS
from storage.intake import GROUP, PRIVATE, NewUpdate

log = logging.getLogger(__name__)

Parse = Callable[[dict[str, Any]], Incoming | None]  # None: nothing for the engine (a bot, an edit, chatter)
Answer = Callable[[Incoming, list[Reply]], Awaitable[None]]  # raises when the replies could not be delivered
MAX_STARTS = 5  # an update that was being handled at this many crashes in a row is given up, loudly
STATUS_EVERY = 60.0  # seconds between status lines (only when something changed)


@dataclass(frozen=True)
class Arrival:
    """One update as the platform sent it: its id (for dropping a redelivery), whose it is (for order)."""

    update_key: str
    person_key: str
    payload: dict[str, Any]
    group: bool = False  # group chats get their own slots: a flooding group never holds up private chats


class IntakeRefused(Exception):
    """The bot is stopping, or too many updates wait already: the platform should deliver it again later."""


class Intake:
    """Stores, orders and runs one channel's updates through the engine with a bounded number at once."""

    def __init__(
        self, services: Services, engine: Engine, channel: str, parse: Parse, answer: Answer, *,
        slots: int = 4, group_slots: int = 2, grace: float = 5.0, max_backlog: int = 10_000,
        retry_after: Sequence[float] = (2.0, 10.0, 60.0),
    ) -> None:
        self.services, self.engine, self.channel = services, engine, channel
        self.parse, self.answer = parse, answer
        self.slots = {PRIVATE: slots, GROUP: group_slots}
        self.grace, self.retry_after = grace, tuple(retry_after)
        self.stats: Counter[str] = Counter()
        self.queue = PersonQueues(self.slots, max_backlog)
        self._done: list[int] = []
        # One flush at a time: wait_idle's flush must not return while the background one is still writing.
        self._flushing = asyncio.Lock()
        self._flush_wanted = asyncio.Event()
        self._workers: list[asyncio.Task[None]] = []
        self._handling: set[asyncio.Task[Any]] = set()
        self._helpers: list[asyncio.Task[None]] = []
        self._timers: dict[int, asyncio.TimerHandle] = {}  # update id → its retry
        self._started = self._closing = False

    @property
    def backlog(self) -> int:
        """Updates stored in this run or left over, not yet handled."""
        return self.queue.count

    @property
    def full(self) -> bool:
        return self.queue.full

    async def wait_for_room(self) -> None:
        """Until the backlog is under its cap (a poller stops fetching meanwhile; the platform keeps them)."""
        await self.queue.room.wait()

    async def start(self) -> None:
        """Queue what the last run left unhandled, then start handling."""
        if self._started:
            return
        self._started = True
        given_up = []
        for row in await store.leftovers(self.services.db, self.channel):
            if row.attempts > MAX_STARTS:
                log.error("%s: update %s of %s was being handled at %d crashes in a row; given up",
                          self.channel, row.update_key, row.person_key, row.attempts - 1)
                given_up.append(row.id)
                continue
            self.queue.add(Item(row))
        if given_up:
            await store.done(self.services.db, given_up)
        self.stats["leftovers"] = self.backlog
        if self.backlog:
            log.info("%s: %d update(s) left from the last run are handled first", self.channel, self.backlog)
        for lane, count in self.slots.items():
            self._workers += [asyncio.create_task(self._work(lane)) for _ in range(max(1, count))]
        self._helpers = [asyncio.create_task(self._flush_forever()), asyncio.create_task(self._report_forever())]

    async def accept(self, arrivals: Sequence[Arrival]) -> int:
        """Store ARRIVALS durably (secrets redacted first) and queue them; returns how many were new.

        When this returns, the platform may be told the updates arrived. Raises IntakeRefused while stopping
        or full, and a storage error when the database cannot take them; either way the platform must deliver
        them again.
        """
        if self._closing or self.full:
            raise IntakeRefused(f"{self.channel}: {'stopping' if self._closing else 'too many updates waiting'}")
        rows, parsed = [], {}
        for arrival in arrivals:
            payload, secret = redact(arrival.payload)
            self.stats["secrets_redacted"] += secret
            rows.append(NewUpdate(arrival.update_key, arrival.person_key, _dumps(payload),
                                  GROUP if arrival.group else PRIVATE))
            parsed[arrival.update_key] = payload
        stored = await store.store(self.services.db, self.channel, rows)
        self.stats["received"] += len(stored)
        self.stats["duplicates"] += len(rows) - len(stored)
        for row in stored:
            self.queue.add(Item(row, parsed.get(row.update_key)))
        return len(stored)

    async def wait_idle(self) -> None:
        """Until everything accepted so far is handled and forgotten."""
        await self.queue.idle.wait()
        await self._flush()

    async def stop(self) -> None:
        """Stop taking updates; turns in flight get ``grace`` seconds; whatever is left stays stored."""
        if not self._started or self._closing:
            return
        self._closing = True
        for timer in self._timers.values():
            timer.cancel()
        busy = {task for task in self._workers if task in self._handling}
        for task in set(self._workers) - busy:
            task.cancel()
        if busy:
            _, late = await asyncio.wait(busy, timeout=self.grace)
            for task in late:
                task.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)
        with contextlib.suppress(TimeoutError, *STORAGE_ERRORS):
            await asyncio.wait_for(self._flush(), 2.0)
        for task in self._helpers:
            task.cancel()
        await asyncio.gather(*self._helpers, return_exceptions=True)
        log.info("%s: stopped; %s", self.channel, self.status())
        if self.backlog:
            log.info("%s: %d update(s) kept for the next start", self.channel, self.backlog)

    def status(self) -> str:
        """One line for an operator: what came in, what was answered, what failed."""
        return ", ".join(f"{name.replace('_', ' ')} {value}" for name, value in self.health().items())

    def health(self) -> dict[str, int]:
        """The figures an operator watches (``/healthz``, the status line), always all of them."""
        shown = ("received", "handled", "backlog", "replies_failed", "blocked", "kept", "unreadable", "duplicates")
        values = {**self.stats, "backlog": self.backlog}
        return {name: values.get(name, 0) for name in shown}

    # ---- handling ------------------------------------------------------------------------------------
    async def _work(self, lane: str) -> None:
        task = asyncio.current_task()
        assert task is not None
        while not self._closing:
            item = await self.queue.take(lane)
            self._handling.add(task)
            try:
                finished = await self._handle(item)
            except Exception:
                log.exception("%s: handling update %s failed", self.channel, item.row.update_key)
                self._finish(item)
                finished = True
            finally:
                self._handling.discard(task)
            if finished:
                self.queue.release(item, True)
            elif item.failures <= len(self.retry_after):
                delay = self.retry_after[item.failures - 1]
                self._timers[item.row.id] = asyncio.get_running_loop().call_later(delay, self._retry, item)
            else:
                log.error("%s: update %s of %s still fails; kept for the next start",
                          self.channel, item.row.update_key, item.row.person_key)
                self.queue.release(item, True)

    def _retry(self, item: Item) -> None:
        self._timers.pop(item.row.id, None)
        if not self._closing:
            self.queue.add(item, again=True)

    async def _handle(self, item: Item) -> bool:
        """Run one update through the engine and answer; False when it must be tried again later."""
        try:
            data = item.data if item.data is not None else json.loads(item.row.payload)
            incoming = self.parse(data)
        except Exception as exc:  # a malformed update: one line, never its content (it may hold a secret)
            log.warning("%s: skipped update %s that could not be read (%s)",
                        self.channel, item.row.update_key, type(exc).__name__)
            self.stats["unreadable"] += 1
            self._finish(item)
            return True
        if incoming is None:
            self.stats["ignored"] += 1
            self._finish(item)
            return True
        outcome = await self.engine.answer(incoming, replay=item.row.attempts > 0 or item.failures > 0)
        if outcome.keep:
            item.failures += 1
            self.stats["kept"] += 1
            if item.failures == 1:  # the apology once, not at every retry
                await self._send(incoming, outcome.replies)
            return False
        await self._send(incoming, outcome.replies)
        self.stats["handled"] += 1
        self._finish(item)
        return True

    async def _send(self, incoming: Incoming, replies: list[Reply]) -> None:
        try:  # even with no replies: a channel may owe the platform an answer (a button's spinner)
            await self.answer(incoming, replies)
        except RecipientBlocked as exc:
            self.stats["blocked"] += 1
            log.warning("%s: %s cannot be messaged: %s", self.channel, incoming.identity, exc)
        except Exception as exc:
            self.stats["replies_failed"] += 1
            log.error("%s: the reply to %s could not be delivered and is lost: %s",
                      self.channel, incoming.identity, exc)

    # ---- forgetting handled updates, a few at a time ----------------------------------------------------
    def _finish(self, item: Item) -> None:
        self._done.append(item.row.id)
        self._flush_wanted.set()

    async def _flush(self) -> None:
        async with self._flushing:
            ids, self._done = self._done, []
            if not ids:
                return
            try:
                await store.done(self.services.db, ids)
            except BaseException:
                self._done = ids + self._done
                raise

    async def _flush_forever(self) -> None:
        while True:
            await self._flush_wanted.wait()
            self._flush_wanted.clear()
            try:
                await self._flush()
            except STORAGE_ERRORS as exc:
                log.warning("%s: could not forget handled updates yet: %s", self.channel, exc)
                await asyncio.sleep(1.0)
                self._flush_wanted.set()

    async def _report_forever(self) -> None:
        last = ""
        while True:
            await asyncio.sleep(STATUS_EVERY)
            line = self.status()
            if line != last:
                log.info("%s status: %s", self.channel, line)
                last = line


def _dumps(payload: dict[str, Any]) -> str:
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a broken client: escape it, the engine cleans it
        text = json.dumps(payload, separators=(",", ":"))
    return text
