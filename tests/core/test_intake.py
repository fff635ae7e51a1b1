"""The durable intake on the real engine and SQLite: stored before acknowledged, each person's messages in order,
leftovers first after a crash, secrets redacted at rest, database faults retried, a bounded stop."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections import defaultdict
from typing import Any

import pytest

from bot.core.delivery import DeliveryError
from bot.core.engine import Engine, Services
from bot.core.intake import MAX_STARTS, Arrival, Intake, IntakeRefused
from bot.core.messages import Incoming, Kind, Reply
from storage import intake as store
from storage import turns


class Recorder:
    """A channel as the intake sees it: updates are {"user", "text", "id"} dicts; answers are kept per user."""

    def __init__(self, delay: float = 0.0) -> None:
        self.answers: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)  # user → (message id, texts)
        self.order: list[str] = []
        self.delay = delay
        self.fail_for: set[str] = set()
        self.open = asyncio.Event()  # cleared: answers wait (so what was accepted is surely still waiting)
        self.open.set()

    def parse(self, payload: dict[str, Any]) -> Incoming | None:
        if payload.get("bot"):
            return None
        user = str(payload["user"])
        return Incoming(channel="test", user_id=user, chat_id=user, display_name="Bà Lan", text=payload["text"],
                        kind=Kind.TEXT, message_id=str(payload["id"]))

    async def answer(self, incoming: Incoming, replies: list[Reply]) -> None:
        await self.open.wait()
        await asyncio.sleep(self.delay)
        if incoming.user_id in self.fail_for:
            raise DeliveryError("the platform said no")
        self.order.append(str(incoming.message_id))
        self.answers[incoming.user_id].append((str(incoming.message_id), [r.text for r in replies]))


def arrival(user: str, n: int, text: str = "/help") -> Arrival:
    return Arrival(f"{user}-{n}", user, {"user": user, "text": text, "id": f"{user}-{n}"})


def intake_for(services: Services, engine: Engine, channel: Recorder, **options: Any) -> Intake:
    return Intake(services, engine, "test", channel.parse, channel.answer, **options)


async def test_each_persons_messages_are_answered_in_order_and_once(services: Services, engine: Engine) -> None:
    channel = Recorder(delay=0.002)
    channel.open.clear()
    intake = intake_for(services, engine, channel, slots=4)
    await intake.start()
    users = [f"u{i}" for i in range(6)]
    for n in range(10):
        assert await intake.accept([arrival(u, n) for u in users]) == len(users)
    assert await intake.accept([arrival("u0", 3)]) == 0  # sent again while still waiting: not stored twice
    channel.open.set()
    await intake.wait_idle()
    for user in users:
        assert [message for message, _ in channel.answers[user]] == [f"{user}-{n}" for n in range(10)]
    assert await store.waiting(services.db) == 0
    assert intake.health()["handled"] == 60 and intake.health()["duplicates"] == 1
    await intake.stop()


async def test_a_flooding_person_takes_one_slot_and_others_are_answered_meanwhile(
    services: Services, engine: Engine
) -> None:
    channel = Recorder(delay=0.005)
    intake = intake_for(services, engine, channel, slots=4)
    await intake.start()
    await intake.accept([arrival("flood", n) for n in range(100)])
    await intake.accept([arrival("calm", 0)])
    await intake.wait_idle()
    assert channel.order.index("calm-0") < 5  # not behind the hundred
    await intake.stop()


async def test_what_a_crash_left_is_handled_first_in_order_even_if_it_was_half_done(
    services: Services, engine: Engine
) -> None:
    crashed = intake_for(services, engine, Recorder())  # stored, never started: as if killed right after
    await crashed.accept([arrival("lan", n) for n in range(3)] + [arrival("tu", 0)])
    # The first one got as far as the engine before the crash: its id is recorded, its answer never went out.
    await engine.answer(Recorder().parse({"user": "lan", "text": "/help", "id": "lan-0"}) or _never())
    channel = Recorder()
    restarted = intake_for(services, engine, channel)
    await restarted.start()
    await restarted.accept([arrival("lan", 3)])
    await restarted.wait_idle()
    assert [message for message, _ in channel.answers["lan"]] == ["lan-0", "lan-1", "lan-2", "lan-3"]
    assert all(texts for _, texts in channel.answers["lan"])  # answered, not dropped as a redelivery
    assert channel.answers["tu"] and restarted.stats["leftovers"] == 4
    await restarted.stop()


def _never() -> Incoming:
    raise AssertionError("parse returned None")


async def test_an_update_that_crashed_the_bot_again_and_again_is_given_up(
    services: Services, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    await intake_for(services, engine, Recorder()).accept([arrival("lan", 0)])
    for _ in range(MAX_STARTS):
        await store.leftovers(services.db, "test")  # each start that died with it counted one attempt
    channel = Recorder()
    intake = intake_for(services, engine, channel)
    await intake.start()
    await intake.wait_idle()
    assert not channel.answers and await store.waiting(services.db) == 0
    assert "crashes in a row; given up" in caplog.text
    await intake.stop()


async def test_a_secret_is_redacted_before_it_is_stored_and_the_person_is_warned(
    services: Services, engine: Engine
) -> None:
    parked = intake_for(services, engine, Recorder())
    await parked.accept([Arrival("lan-0", "lan", {"user": "lan", "text": "mã otp của tôi là 482913", "id": "lan-0"})])
    [row] = await services.db.fetchall("SELECT payload FROM intake")
    assert "482913" not in row["payload"]
    channel = Recorder()
    intake = intake_for(services, engine, channel)
    await intake.start()
    await intake.wait_idle()
    [(_, texts)] = channel.answers["lan"]
    assert "OTP" in texts[-1] and "không lưu" in texts[-1]  # after the greeting of a first contact
    await intake.stop()


async def test_a_database_fault_gets_an_apology_once_and_the_update_is_handled_later(
    services: Services, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = turns.open_turn  # the turn's first call: a fault there comes before any feature
    failures = iter([True, True, False])

    async def flaky(*args: Any, **kwargs: Any) -> Any:
        if next(failures, False):
            raise sqlite3.OperationalError("database or disk is full")
        return await real(*args, **kwargs)

    monkeypatch.setattr(turns, "open_turn", flaky)
    channel = Recorder()
    intake = intake_for(services, engine, channel, retry_after=(0.05, 0.05))
    await intake.start()
    await intake.accept([arrival("lan", 0), arrival("lan", 1)])
    await intake.wait_idle()
    answers = channel.answers["lan"]
    assert [message for message, _ in answers] == ["lan-0", "lan-0", "lan-1"]  # the apology, then the answer
    assert "chưa xử lý được" in answers[0][1][0] and "có thể dùng" in answers[1][1][-1]
    assert intake.stats["kept"] == 2 and await store.waiting(services.db) == 0
    await intake.stop()


async def test_unreadable_and_ignored_updates_are_skipped_with_one_line(
    services: Services, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    channel = Recorder()
    intake = intake_for(services, engine, channel)
    await intake.start()
    await intake.accept([Arrival("bad", "x", {"text": "mật khẩu Lan@1950"}), Arrival("bot", "y", {"bot": True}),
                         arrival("lan", 0)])
    await intake.wait_idle()
    assert intake.stats["unreadable"] == 1 and intake.stats["ignored"] == 1 and channel.answers["lan"]
    assert [r.getMessage() for r in caplog.records if "could not be read" in r.getMessage()] == [
        "test: skipped update bad that could not be read (KeyError)"
    ]
    assert "Lan@1950" not in caplog.text
    await intake.stop()


async def test_a_reply_that_cannot_be_delivered_is_logged_with_the_person_and_counted(
    services: Services, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    channel = Recorder()
    channel.fail_for.add("tu")
    intake = intake_for(services, engine, channel)
    await intake.start()
    await intake.accept([arrival("tu", 0), arrival("lan", 0)])
    await intake.wait_idle()
    assert intake.health()["replies_failed"] == 1 and channel.answers["lan"]
    assert "the reply to test:tu could not be delivered and is lost: the platform said no" in caplog.text
    assert "replies failed 1" in intake.status()
    await intake.stop()


async def test_stop_waits_for_turns_in_flight_only_within_the_grace_and_keeps_the_rest(
    services: Services, engine: Engine
) -> None:
    channel = Recorder(delay=0.3)
    intake = intake_for(services, engine, channel, slots=2, grace=1.0)
    await intake.start()
    await intake.accept([arrival(f"u{i}", 0) for i in range(10)])
    await asyncio.sleep(0.15)  # both slots busy (each answer takes 0.3 s), on either database
    started = asyncio.get_running_loop().time()
    await intake.stop()
    assert asyncio.get_running_loop().time() - started < 1.0
    assert len(channel.order) == 2  # the two in flight finished; the rest waits for the next start
    assert await store.waiting(services.db, "test") == 8
    with pytest.raises(IntakeRefused):
        await intake.accept([arrival("late", 0)])


async def test_a_full_backlog_refuses_more_until_there_is_room(services: Services, engine: Engine) -> None:
    intake = intake_for(services, engine, Recorder(), max_backlog=3)
    await intake.accept([arrival("lan", n) for n in range(3)])
    assert intake.full
    with pytest.raises(IntakeRefused):
        await intake.accept([arrival("lan", 3)])
    await intake.start()
    await asyncio.wait_for(intake.wait_for_room(), 5)
    await intake.wait_idle()
    await intake.stop()
