"""What the Zalo channels share for work in the background: a pace, a back-off, and the handlers in flight."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Coroutine
from typing import Any


class Pacer:
    """Spaces calls at most ``per_second`` apart; a 429 pushes the next slot back."""

    def __init__(self, per_second: float) -> None:
        self.interval = 1.0 / per_second
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        async with self._lock:
            loop = asyncio.get_running_loop()
            delay = self._next - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            self._next = max(self._next, loop.time()) + self.interval

    def pause(self, seconds: float) -> None:
        self._next = max(self._next, asyncio.get_running_loop().time() + seconds)


class Backoff:
    """Exponential back-off with jitter, reset after a success."""

    def __init__(self, base: float, cap: float) -> None:
        self.base, self.cap, self.attempt = base, cap, 0

    def next(self) -> float:
        delay = min(self.cap, self.base * 2.0 ** min(self.attempt, 20))
        self.attempt += 1
        return delay * random.uniform(0.5, 1.0)  # jitter: many bots restarting together do not retry in step

    def reset(self) -> None:
        self.attempt = 0


class TaskSet:
    """Handlers started after the platform got its answer, kept so that they can be awaited or cancelled."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()

    def __len__(self) -> int:
        return len(self._tasks)

    def start(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def one_finished(self) -> None:
        if self._tasks:
            await asyncio.wait(set(self._tasks), return_when=asyncio.FIRST_COMPLETED)

    async def settled(self) -> None:
        """Return once every handler started so far (and any they started meanwhile) has finished."""
        while self._tasks:
            await asyncio.wait(set(self._tasks))

    async def drain(self, grace: float) -> None:
        """Let the handlers finish for GRACE seconds, then cancel the rest."""
        if self._tasks:
            _, pending = await asyncio.wait(set(self._tasks), timeout=grace)
            for task in pending:
                task.cancel()
