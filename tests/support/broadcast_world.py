"""A small province for broadcast and role tests: areas, people on several channels, a scripted Sender."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable

from bot.areas.lookup import area_norm
from bot.core.messages import Reply
from storage import conversations, people, teams
from storage.areas import upsert_area
from storage.db import Database
from storage.people import Person

PROVINCE, AN_BINH, PHU_LOC = "99", "99001", "99002"
DONG, TAY, BAC = "99001-001", "99001-002", "99002-001"


async def seed_areas(db: Database) -> None:
    """Tỉnh Thử Nghiệm with two communes; An Bình has two villages, Phú Lộc one."""
    rows = [
        (PROVINCE, "province", "Tỉnh Thử Nghiệm", None, PROVINCE, None),
        (AN_BINH, "commune", "Xã An Bình", PROVINCE, PROVINCE, AN_BINH),
        (PHU_LOC, "commune", "Xã Phú Lộc", PROVINCE, PROVINCE, PHU_LOC),
        (DONG, "village", "Thôn Đông", AN_BINH, PROVINCE, AN_BINH),
        (TAY, "village", "Thôn Tây", AN_BINH, PROVINCE, AN_BINH),
        (BAC, "village", "Thôn Bắc", PHU_LOC, PROVINCE, PHU_LOC),
    ]
    for code, level, name, parent, province, commune in rows:
        await upsert_area(db, code, level, name, area_norm(name), parent, province, commune)


async def add_person(
    db: Database, channel: str, user: str, village: str | None = None, team_id: int | None = None,
    name: str = "",
) -> Person:
    """A person who has written once (their chat is their user id), optionally living in VILLAGE or on a team."""
    person, _ = await people.touch_person(db, channel, user, user, name, "vi")
    await conversations.save_state(db, person.id, {"greeted": True})  # already greeted on that first message
    if village is not None:
        await people.set_village(db, person.id, village)
    if team_id is not None:
        await teams.join_team(db, team_id, person.id)
    return await people.get_person(db, person.id) or person


Outcome = BaseException | None


class FakeSender:
    """Records every send; scripted per chat: a list of exceptions to raise (None = succeed) in order."""

    def __init__(self, numbered: bool = False, latency: float = 0.0) -> None:
        self.numbered = numbered
        self.latency = latency
        self.sent: dict[str, list[str]] = defaultdict(list)  # chat → texts delivered
        self.attempts: dict[str, list[float]] = defaultdict(list)  # chat → monotonic time of each try
        self.script: dict[str, list[Outcome]] = {}
        self.always: dict[str, Callable[[], BaseException]] = {}
        self.gate: Callable[[], Awaitable[None]] | None = None

    async def send(self, chat_id: str, reply: Reply) -> None:
        self.attempts[chat_id].append(time.monotonic())
        if self.gate is not None:
            await self.gate()
        if self.latency:
            await asyncio.sleep(self.latency)
        if chat_id in self.always:
            raise self.always[chat_id]()
        planned = self.script.get(chat_id)
        if planned:
            outcome = planned.pop(0)
            if outcome is not None:
                raise outcome
        self.sent[chat_id].append(reply.text)

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.sent.values())


async def wait_until(check: Callable[[], Awaitable[bool]], seconds: float = 10.0, every: float = 0.02) -> None:
    """Poll CHECK until it is true; fail after SECONDS."""
    deadline = time.monotonic() + seconds
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(every)


async def status_counts(db: Database, broadcast_id: int) -> dict[str, int]:
    rows = await db.fetchall(
        "SELECT status, count(*) AS n FROM broadcast_deliveries WHERE broadcast_id = ? GROUP BY status",
        (broadcast_id,),
    )
    return {r["status"]: int(r["n"]) for r in rows}
