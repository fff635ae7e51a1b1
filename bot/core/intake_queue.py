"""The intake's queue: each person's updates one at a time and in the order they came, the oldest waiting
update first, per lane (private chats and groups apart)."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from storage.intake import StoredUpdate

Key = tuple[str, str]  # (lane, person)


@dataclass
class Item:
    """One stored update on its way through the engine."""

    row: StoredUpdate
    data: dict[str, Any] | None = None  # the payload, still parsed, when it arrived in this run
    failures: int = 0

    @property
    def key(self) -> Key:
        return self.row.lane, self.row.person_key


class PersonQueues:
    """Updates waiting per person; a person is handed out again only once their previous update is done."""

    def __init__(self, lanes: Iterable[str], capacity: int) -> None:
        self.ready: dict[str, asyncio.PriorityQueue[tuple[int, Key]]] = {lane: asyncio.PriorityQueue() for lane in lanes}
        self.capacity = capacity
        self.count = 0  # waiting or being handled
        self.room = asyncio.Event()  # set while under capacity
        self.room.set()
        self.idle = asyncio.Event()  # set while empty
        self.idle.set()
        self._people: dict[Key, deque[Item]] = {}
        self._scheduled: set[Key] = set()  # waiting in `ready` or being handled

    @property
    def full(self) -> bool:
        return self.count >= self.capacity

    def add(self, item: Item, *, again: bool = False) -> None:
        """Queue ITEM behind its person's earlier updates; AGAIN: in front of them (a retry, still theirs)."""
        queue = self._people.setdefault(item.key, deque())
        if again:
            queue.appendleft(item)
        else:
            queue.append(item)
            self.count += 1
            self.idle.clear()
            if self.full:
                self.room.clear()
        if again or item.key not in self._scheduled:
            self._scheduled.add(item.key)
            self.ready[item.row.lane].put_nowait((queue[0].row.id, item.key))

    async def take(self, lane: str) -> Item:
        """The oldest update of a person who has nothing in flight."""
        _, key = await self.ready[lane].get()
        return self._people[key].popleft()

    def release(self, item: Item, finished: bool) -> None:
        """ITEM's person may go on (FINISHED: handled, or given up for this run; else a retry will come)."""
        if finished:
            self.count -= 1
            if not self.full:
                self.room.set()
            if self.count == 0:
                self.idle.set()
        queue = self._people.get(item.key)
        if queue:
            self.ready[item.key[0]].put_nowait((queue[0].row.id, item.key))
        else:
            self._people.pop(item.key, None)
            self._scheduled.discard(item.key)
