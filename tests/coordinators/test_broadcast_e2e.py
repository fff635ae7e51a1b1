"""Broadcasts end to end: the real Telegram channel (PTB) against the loopback fake Bot API server enforcing
Telegram's limits, and a bot process killed with SIGKILL mid-broadcast and restarted."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import pytest
from bot_process import BotProcess, write_config
from broadcast_world import AN_BINH, DONG, TAY, add_person, seed_areas, status_counts, wait_until
from databases import database_url
from fake_telegram import Call, Failure, FakeTelegram
from telegram import Bot
from telegram.error import BadRequest
from telegram_harness import Resident, TelegramBot
from telegram_limits import TelegramLimits

from bot.channels.telegram_render import TelegramSender
from bot.coordinators.broadcasts.worker import BroadcastWorker, Pacing
from bot.coordinators.roles import grant
from bot.core.config import Config
from bot.core.delivery import RecipientBlocked, RetryLater, TemporaryFailure
from bot.core.messages import Reply
from storage import broadcasts, people
from storage.db import connect

ROOT = Path(__file__).resolve().parents[2]
GUIDES = ROOT / "guides"
COORDINATOR = 900
pytestmark = pytest.mark.slow


def settings(fake: FakeTelegram, db_path: Path) -> dict[str, object]:
    return {
        "telegram": {"token": fake.token, "base_url": fake.base_url},
        "database": {"url": database_url(db_path)}, "guides": {"dir": str(GUIDES)},
        "admins": ["telegram:1"], "broadcast": {"telegram_per_second": 25, "max_attempts": 5},
    }


async def test_the_telegram_sender_raises_what_the_worker_acts_on(
    fake_telegram: FakeTelegram, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    answers = {11: Failure.blocked(), 12: Failure.too_many_requests(3), 13: Failure(500, "Internal Server Error"),
               14: Failure(400, "Bad Request: chat not found")}

    async def hook(call: Call) -> Failure | None:
        return answers.get(int(call.chat_id)) if call.method == "sendMessage" else None

    fake_telegram.hooks.append(hook)
    async with Bot(fake_telegram.token, base_url=fake_telegram.base_url) as bot:
        sender = TelegramSender(bot, GUIDES)
        await sender.send("10", Reply("xin chào"))
        with pytest.raises(RecipientBlocked):
            await sender.send("11", Reply("xin chào"))
        with pytest.raises(RetryLater) as waited:
            await sender.send("12", Reply("xin chào"))
        assert waited.value.retry_after == 3
        with pytest.raises(TemporaryFailure):
            await sender.send("13", Reply("xin chào"))
        with pytest.raises(BadRequest):  # not worth retrying: the worker marks it failed
            await sender.send("14", Reply("xin chào"))
    assert [c.chat_id for c in fake_telegram.calls_to("sendMessage")] == [10, 11, 12, 13, 14]


async def prepare(db_path: Path, recipients: range) -> None:
    """Areas, a coordinator of Xã An Bình, and residents spread over its two villages."""
    db = await connect(database_url(db_path))
    await seed_areas(db)
    await grant(db, f"telegram:{COORDINATOR}", AN_BINH, "test")
    for n, user in enumerate(recipients):
        await add_person(db, "telegram", str(user), DONG if n % 2 else TAY)
    await db.close()


async def test_a_broadcast_reaches_everyone_once_within_telegrams_limits(
    fake_telegram: FakeTelegram, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PTB 22 warns while building RetryAfter unless opted in to timedeltas; tests turn warnings into errors.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    recipients = range(5000, 5060)
    blocked = {5007, 5031}
    limits = TelegramLimits(blocked=blocked, exempt={COORDINATOR}, refuse_at={20, 21, 45})
    fake_telegram.hooks.append(limits)
    await prepare(tmp_path / "bot.db", recipients)
    config = Config.model_validate(settings(fake_telegram, tmp_path / "bot.db"))
    async with TelegramBot(config) as bot:
        assert bot.services is not None and bot.engine is not None
        coordinator = Resident(fake_telegram, COORDINATOR, "Anh Minh")
        greeting, ask = await coordinator.say("/thongbao", count=2)  # their first message: greeted too
        assert "trợ lý tự động" in greeting.text and "Bạn muốn gửi cho ai?" in ask.text
        await coordinator.click("Người dân")
        await coordinator.click("Toàn bộ Xã An Bình")
        await coordinator.say("Chủ nhật này có buổi hướng dẫn cài VNeID ở nhà văn hóa thôn.")
        [preview] = await coordinator.click("Không kèm ảnh")
        assert "Số người nhận: 60 — Telegram 60" in preview.text
        [queued] = await coordinator.click("Gửi ngay")
        assert "cho 60 người" in queued.text
        worker = asyncio.create_task(BroadcastWorker(bot.services, bot.engine, Pacing(poll=0.05)).run())
        try:
            notice = await fake_telegram.replies(COORDINATOR, 1, after=fake_telegram.mark(), seconds=20)
        finally:
            worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await worker
        assert "✅ Thông báo #1 đã gửi xong: 58 người đã nhận, 0 lỗi, 2 đã chặn hoặc tắt nhận tin." in notice[0].text
        for user in recipients:
            assert limits.received(user) == (0 if user in blocked else 1), user
        assert limits.refusals["overall"] == 0 and limits.refusals["per_chat"] == 0  # the pacing kept to the limits
        assert limits.refusals["scripted"] == 3
        assert await status_counts(bot.services.db, 1) == {"sent": 58, "stopped": 2}
        for user in blocked:
            person = await people.find_person(bot.services.db, "telegram", str(user))
            assert person is not None and await broadcasts.is_unreachable(bot.services.db, person.id)
        text = next(c.text for c in limits.accepted if int(c.chat_id) == 5000)
        assert text.startswith("📢 Thông báo – Xã An Bình, Tỉnh Thử Nghiệm\n\nChủ nhật này")


async def _status(db_path: Path) -> tuple[str, dict[str, int]]:
    db = await connect(database_url(db_path))
    try:
        made = await broadcasts.get_broadcast(db, 1)
        return (made.status if made else "?"), await status_counts(db, 1)
    finally:
        await db.close()


async def test_a_killed_bot_resumes_the_broadcast_losing_no_one(fake_telegram: FakeTelegram, tmp_path: Path) -> None:
    recipients = range(7000, 7100)
    blocked = {7013}
    fake_telegram.latency = 0.03  # a few sends are in flight at any moment
    limits = TelegramLimits(blocked=blocked)
    fake_telegram.hooks.append(limits)
    db_path = tmp_path / "bot.db"
    await prepare(db_path, recipients)
    db = await connect(database_url(db_path))
    author = await people.find_person(db, "telegram", str(COORDINATOR))
    assert author is not None
    made = await broadcasts.create_broadcast(db, author.id, AN_BINH, "residents", "Lịch họp thôn.", None,
                                             ["telegram"])
    await db.close()
    assert made.total == 100
    config_file = write_config(tmp_path, settings(fake_telegram, db_path))
    log = tmp_path / "bot.log"

    first = await BotProcess(config_file, log).start()
    try:
        await wait_until(lambda: _true(len(limits.accepted) >= 35), seconds=30, every=0.01)
    finally:
        await first.kill()
    status, counts = await _status(db_path)
    in_flight = counts.get("sending", 0)
    assert status == "sending" and counts.get("queued", 0) > 30, counts  # killed mid-broadcast
    assert in_flight <= Pacing().max_in_flight

    second = await BotProcess(config_file, log).start()
    try:
        async def finished() -> bool:
            return (await _status(db_path))[0] == "done"

        await wait_until(finished, seconds=30, every=0.1)
    finally:
        code, _ = await second.stop()
    assert code == 0
    received = {user: limits.received(user) for user in recipients}
    lost = [user for user, n in received.items() if n == 0 and user not in blocked]
    duplicates = sum(n - 1 for n in received.values() if n > 1)
    assert lost == [], log.read_text(encoding="utf-8")[-2000:]
    assert duplicates <= in_flight, (duplicates, in_flight)
    assert all(received[user] == 0 for user in blocked)
    assert (await _status(db_path))[1] == {"sent": 99, "stopped": 1}


async def _true(value: bool) -> bool:
    return value
