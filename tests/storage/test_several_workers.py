"""Several worker processes on one PostgreSQL database: two engines with their own pools stand in for
two processes behind a load balancer."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator
from pathlib import Path

import databases
import pytest
from broadcast_world import AN_BINH, DONG, FakeSender, add_person, seed_areas, status_counts, wait_until

from bot.app import build_engine, build_services
from bot.coordinators.broadcasts.worker import BroadcastWorker, Pacing
from bot.core.config import Config
from bot.core.engine import Services
from bot.core.messages import Incoming, Kind
from storage import broadcasts, help_requests, people, progress, roles, teams

pytestmark = pytest.mark.skipif(not databases.POSTGRES, reason="several processes need PostgreSQL")
GUIDES = Path(__file__).resolve().parents[2] / "guides"
FAKE = "fake"


@pytest.fixture
async def pair(tmp_path: Path) -> AsyncIterator[tuple[Services, Services]]:
    """Two workers' services on one database."""
    url = databases.database_url(tmp_path / "bot.db")
    config = Config.model_validate({"database": {"url": url, "pool_size": 8}, "guides": {"dir": str(GUIDES)}})
    one, two = await build_services(config), await build_services(config)
    yield one, two
    await one.db.close()
    await two.db.close()


def said(user: str, text: str, message_id: str) -> Incoming:
    return Incoming("console", user, user, text=text, message_id=message_id, numbered_choices=True)


async def test_one_persons_messages_stay_in_order_across_workers(pair: tuple[Services, Services]) -> None:
    engines = [build_engine(services) for services in pair]
    await engines[0].handle(Incoming("console", "lan", "lan", kind=Kind.ACTION, action="g:dvc-submit:1",
                                     message_id="start", numbered_choices=True))
    # Seven "next" at once, alternating between the workers: each must see the step the previous one left.
    replies = await asyncio.gather(*(engines[n % 2].handle(said("lan", "tiếp", f"m{n}")) for n in range(7)))
    steps = sorted(int(m.group(1)) for r in replies for m in [re.search(r"Bước (\d+)/\d+", r[-1].text)] if m)
    assert steps == [2, 3, 4, 5, 6, 7, 8]


async def test_a_redelivered_message_is_answered_once_whichever_worker_gets_it(
    pair: tuple[Services, Services],
) -> None:
    engines = [build_engine(services) for services in pair]
    replies = await asyncio.gather(*(engines[n % 2].handle(said("an", "cai vneid", "same-id")) for n in range(6)))
    assert sum(bool(r) for r in replies) == 1


async def test_only_one_worker_wins_a_help_request_claim(pair: tuple[Services, Services]) -> None:
    one, two = pair
    await seed_areas(one.db)
    resident, _ = await people.touch_person(one.db, "console", "ba", "ba", "Bà Ba", "vi")
    members = [(await people.touch_person(one.db, "console", f"m{n}", f"m{n}", "", "vi"))[0] for n in range(6)]
    ticket = await progress.open_help_request(one.db, resident.id, "vneid-install", 2, DONG)
    won = await asyncio.gather(*(help_requests.claim((one, two)[n % 2].db, ticket.id, m.id, one.clock())
                                 for n, m in enumerate(members)))
    assert won.count(True) == 1


async def test_background_jobs_have_one_leader_and_another_takes_over(pair: tuple[Services, Services]) -> None:
    one, two = pair
    assert await one.db.lead("jobs") and await one.db.lead("jobs")
    assert not await two.db.lead("jobs")
    await one.db.close()
    assert await two.db.lead("jobs")


async def test_two_workers_share_a_broadcast_without_duplicates_and_keep_the_pace(
    pair: tuple[Services, Services],
) -> None:
    one = pair[0]
    await seed_areas(one.db)
    coordinator, _ = await roles.ensure_person(one.db, "console", "coord")
    await teams.grant_coordinator(one.db, coordinator.id, AN_BINH, "test")
    chats = [f"c{n:03d}" for n in range(60)]
    for chat in chats:
        await add_person(one.db, FAKE, chat, DONG)
    sender = FakeSender(latency=0.01)  # both workers hand their messages to the same platform
    for services in pair:
        services.senders[FAKE] = sender
    made = await broadcasts.create_broadcast(one.db, coordinator.id, AN_BINH, "residents", "Họp thôn.", None, [FAKE])
    rate = 40.0
    workers = [BroadcastWorker(s, build_engine(s), Pacing(poll=0.01, rates={FAKE: rate})) for s in pair]
    started = time.monotonic()
    tasks = [asyncio.create_task(w.run()) for w in workers]
    try:
        async def all_sent() -> bool:
            return await status_counts(one.db, made.id) == {"sent": 60}

        await wait_until(all_sent, seconds=30)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    elapsed = time.monotonic() - started
    assert sorted(sender.sent) == chats and all(len(texts) == 1 for texts in sender.sent.values())
    times = sorted(t for tries in sender.attempts.values() for t in tries)
    # Together they keep the one configured pace: 60 messages at 40/s take about 1.5 s, never much less.
    assert times[-1] - times[0] >= (len(times) - 1) / rate * 0.9
    assert elapsed < 20
