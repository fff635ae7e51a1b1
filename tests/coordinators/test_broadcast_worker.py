"""The broadcast worker against a scripted Sender: pacing, 429, network errors, blocks, cancel, resume."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from broadcast_world import AN_BINH, DONG, TAY, FakeSender, add_person, seed_areas, status_counts, wait_until

from bot.channels.console import ConsoleChannel
from bot.coordinators.broadcasts.worker import BroadcastWorker, Pacing
from bot.core.config import BroadcastConfig
from bot.core.delivery import RecipientBlocked, RetryLater, TemporaryFailure
from bot.core.engine import Engine, Services
from bot.core.messages import Incoming
from storage import broadcast_queue, broadcasts, people, teams
from storage.broadcast_queue import iso
from storage.broadcasts import Broadcast

FAKE = "fake"


@pytest.fixture
async def sender(services: Services, console: ConsoleChannel) -> FakeSender:
    """A province, a coordinator on the console, and a scripted channel named "fake"."""
    await seed_areas(services.db)
    await console.say(f"/grant console:coord {AN_BINH}", user="admin")
    services.config = services.config.model_copy(update={"broadcast": BroadcastConfig(max_attempts=3)})
    fake = FakeSender()
    services.senders[FAKE] = fake
    return fake


async def coordinator(services: Services) -> int:
    person = await people.find_person(services.db, "console", "coord")
    assert person is not None
    return person.id


async def residents(services: Services, count: int, village: str = DONG) -> list[str]:
    chats = [f"c{i:03d}" for i in range(count)]
    for chat in chats:
        await add_person(services.db, FAKE, chat, village)
    return chats


async def queue(services: Services, audience: str = "residents", area: str = AN_BINH, **kw: str) -> Broadcast:
    return await broadcasts.create_broadcast(
        services.db, await coordinator(services), area, audience, "Thông báo họp thôn.", None, [FAKE], **kw
    )


@contextlib.asynccontextmanager
async def running(services: Services, engine: Engine, per_chat: float = 0.5) -> AsyncIterator[BroadcastWorker]:
    pacing = Pacing(poll=0.01, backoff=0.05, per_chat=per_chat, rates={FAKE: 200.0, "console": 200.0})
    worker = BroadcastWorker(services, engine, pacing)
    task = asyncio.create_task(worker.run())
    try:
        yield worker
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def finished(services: Services, broadcast_id: int) -> None:
    async def done() -> bool:
        made = await broadcasts.get_broadcast(services.db, broadcast_id)
        return made is not None and made.status in ("done", "cancelled")

    await wait_until(done)


async def test_everyone_gets_it_once_and_the_author_is_told(
    services: Services, engine: Engine, sender: FakeSender, console: ConsoleChannel
) -> None:
    chats = await residents(services, 30)
    made = await queue(services)
    async with running(services, engine):
        await finished(services, made.id)
        await wait_until(lambda: _true(bool(console.outbox.get("coord"))))
    assert sorted(sender.sent) == chats and all(len(texts) == 1 for texts in sender.sent.values())
    text = sender.sent["c000"][0]
    assert text.startswith("📢 Thông báo – Xã An Bình, Tỉnh Thử Nghiệm\n\nThông báo họp thôn.") and "Hủy nhận tin" in text
    assert await status_counts(services.db, made.id) == {"sent": 30}
    assert "✅ Thông báo #1 đã gửi xong: 30 người đã nhận, 0 lỗi, 0 đã chặn hoặc tắt nhận tin." in console.outbox["coord"]


async def _true(value: bool) -> bool:
    return value


async def test_429_pauses_the_channel_for_retry_after(services: Services, engine: Engine, sender: FakeSender) -> None:
    chats = await residents(services, 10)
    sender.script["c003"] = [RetryLater(0.3)]
    made = await queue(services)
    async with running(services, engine):
        await finished(services, made.id)
    assert all(len(sender.sent[c]) == 1 for c in chats)
    refused_at = sender.attempts["c003"][0]
    after = sorted(t for times in sender.attempts.values() for t in times if t > refused_at)
    assert after and after[0] - refused_at >= 0.29  # nothing at all went out during the pause
    row = await services.db.fetchone("SELECT d.attempts FROM broadcast_deliveries d JOIN people p ON p.id ="
                                     " d.person_id WHERE p.user_id = 'c003'")
    assert row is not None and row["attempts"] == 1  # waiting for a 429 does not use up an attempt


async def test_network_errors_retry_with_backoff_a_bounded_number_of_times(
    services: Services, engine: Engine, sender: FakeSender
) -> None:
    await residents(services, 3)
    sender.always["c000"] = lambda: TemporaryFailure("502 Bad Gateway")
    sender.script["c001"] = [TemporaryFailure("timed out"), TemporaryFailure("timed out"), None]
    made = await queue(services)
    async with running(services, engine):
        await finished(services, made.id)
    assert len(sender.attempts["c000"]) == 3 and "c000" not in sender.sent  # max_attempts = 3, then failed
    first, second, third = sender.attempts["c000"]
    assert second - first >= 0.05 and third - second >= 0.1  # back-off doubles
    assert sender.sent["c001"] and len(sender.attempts["c001"]) == 3
    rows = await services.db.fetchall("SELECT p.user_id, d.status, d.attempts, d.error FROM broadcast_deliveries d"
                                      " JOIN people p ON p.id = d.person_id ORDER BY p.user_id")
    assert [(r["user_id"], r["status"], r["attempts"]) for r in rows] == [
        ("c000", "failed", 3), ("c001", "sent", 3), ("c002", "sent", 1)]
    assert rows[0]["error"] == "502 Bad Gateway"


async def test_a_blocked_recipient_is_stopped_left_out_and_back_after_writing(
    services: Services, engine: Engine, sender: FakeSender
) -> None:
    await residents(services, 4)
    sender.always["c002"] = lambda: RecipientBlocked("Forbidden: bot was blocked by the user")
    made = await queue(services)
    async with running(services, engine):
        await finished(services, made.id)
    assert await status_counts(services.db, made.id) == {"sent": 3, "stopped": 1}
    assert len(sender.attempts["c002"]) == 1
    blocked = await people.find_person(services.db, FAKE, "c002")
    assert blocked is not None and await broadcasts.is_unreachable(services.db, blocked.id)
    author = await coordinator(services)
    assert await broadcasts.audience_counts(services.db, AN_BINH, "residents", [FAKE], author) == {FAKE: 3}
    await engine.handle(Incoming(channel=FAKE, user_id="c002", chat_id="c002", text="xin chào", message_id="w1"))
    assert not await broadcasts.is_unreachable(services.db, blocked.id)
    assert await broadcasts.audience_counts(services.db, AN_BINH, "residents", [FAKE], author) == {FAKE: 4}


async def test_opting_out_after_queueing_is_respected_for_residents_only(
    services: Services, engine: Engine, sender: FakeSender
) -> None:
    team = await teams.create_team(services.db, "Tổ Thôn Tây", TAY)
    member = await add_person(services.db, FAKE, "mem", TAY, team.id)
    await residents(services, 2)
    made = await queue(services, audience="both")
    resident = await people.find_person(services.db, FAKE, "c001")
    assert resident is not None
    await broadcasts.set_announcements(services.db, resident.id, on=False)
    await broadcasts.set_announcements(services.db, member.id, on=False)
    async with running(services, engine):
        await finished(services, made.id)
    assert sorted(sender.sent) == ["c000", "mem"]
    assert "Hủy nhận tin" not in sender.sent["mem"][0]  # members are not offered the residents' opt-out
    assert await status_counts(services.db, made.id) == {"sent": 2, "stopped": 1}


async def test_cancelling_a_running_broadcast_stops_the_rest(
    services: Services, engine: Engine, sender: FakeSender
) -> None:
    await residents(services, 40)
    made = await queue(services)
    async with running(services, engine) as worker:
        worker.pacing.rates[FAKE] = 20.0
        await wait_until(lambda: _true(sender.total >= 5))
        assert await broadcasts.cancel_broadcast(services.db, made.id, await coordinator(services))
        cancelled_at = time.monotonic()
        await asyncio.sleep(0.3)
    late = [t for times in sender.attempts.values() for t in times if t > cancelled_at]
    assert len(late) <= 1  # at most the one already handed over
    counts = await status_counts(services.db, made.id)
    assert counts["sent"] == sender.total and counts["sent"] + counts["cancelled"] == 40
    assert counts["cancelled"] >= 30


async def test_a_restart_sends_what_was_in_flight_and_nothing_twice(
    services: Services, engine: Engine, sender: FakeSender
) -> None:
    chats = await residents(services, 6)
    made = await queue(services)
    ids = [r["id"] for r in await services.db.fetchall(
        "SELECT id FROM broadcast_deliveries WHERE broadcast_id = ? ORDER BY id", (made.id,))]
    # The previous process sent two (and recorded it) and had two in flight when it died.
    for row_id in ids[:4]:
        assert await broadcast_queue.mark_sending(services.db, row_id)
    for row_id in ids[:2]:
        await broadcast_queue.mark_sent(services.db, row_id)
    await services.db.execute("UPDATE broadcast_deliveries SET claimed_by = 'tcns-gone' WHERE status = 'sending'")
    assert await broadcast_queue.in_flight(services.db) == 2
    async with running(services, engine):
        await finished(services, made.id)
    assert sorted(sender.sent) == chats[2:] and all(len(v) == 1 for v in sender.sent.values())
    assert await status_counts(services.db, made.id) == {"sent": 6}


async def test_pacing_holds_the_rate_and_one_message_per_chat_per_interval(
    services: Services, engine: Engine, sender: FakeSender
) -> None:
    await residents(services, 30)
    first = await queue(services)
    second = await queue(services, area=DONG)
    async with running(services, engine, per_chat=0.5) as worker:
        worker.pacing.rates[FAKE] = 50.0
        await finished(services, first.id)
        await finished(services, second.id)
    times = sorted(t for v in sender.attempts.values() for t in v)
    assert len(times) == 60
    rate = (len(times) - 1) / (times[-1] - times[0])
    assert 40 <= rate <= 52
    window = max(sum(1 for t in times if start <= t < start + 0.5) for start in times)
    assert window <= 27  # 50/s: 25 per half second, plus one catching up and one of timing jitter
    gaps = [b - a for a, b in (sender.attempts[c] for c in sender.attempts)]
    assert min(gaps) >= 0.5


async def test_a_scheduled_broadcast_waits_for_its_time(
    services: Services, engine: Engine, sender: FakeSender
) -> None:
    await residents(services, 3)
    at = datetime.now(UTC) + timedelta(seconds=0.4)
    made = await queue(services, scheduled_for=iso(at))
    async with running(services, engine):
        await asyncio.sleep(0.2)
        assert sender.total == 0
        await finished(services, made.id)
    assert min(t for v in sender.attempts.values() for t in v) > 0  # sent once the time came
    assert sender.total == 3 and datetime.now(UTC) >= at
