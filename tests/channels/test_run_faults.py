"""Faults against the real ``python -m bot run`` process and the loopback fake Bot API: kill -9 and SIGTERM in
the middle of a burst, 429 / 500 / slow answers, a flooding group beside a private chat, a full disk."""

from __future__ import annotations

import asyncio
import re
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from bot_process import BotProcess, write_config
from fake_telegram import Call, Failure, FakeTelegram
from members_world import MOT, seed_areas

from storage import conversations, people, teams
from storage.db import connect

ROOT = Path(__file__).resolve().parents[2]
MEMBER = 4001
pytestmark = pytest.mark.slow


def settings(fake: FakeTelegram, folder: Path, **extra: Any) -> dict[str, Any]:
    return {"telegram": {"token": fake.token, "base_url": fake.base_url},
            "database": {"path": str(folder / "bot.db")}, "guides": {"dir": str(ROOT / "guides")}, **extra}


async def seed(db_path: Path, member: int | None = None, residents: range = range(0)) -> None:
    """A team member on Telegram (for /log), and residents who have written before (greeted already)."""
    db = await connect(db_path)
    try:
        await seed_areas(db)
        if member is not None:
            team = await teams.create_team(db, "Tổ CNS thôn Một", MOT)
            person, _ = await people.touch_person(db, "telegram", str(member), str(member), "An", "vi")
            await teams.join_team(db, team.id, person.id)
            await conversations.save_state(db, person.id, {"greeted": True})
        for user in residents:
            person, _ = await people.touch_person(db, "telegram", str(user), str(user), "Bà Lan", "vi")
            await conversations.save_state(db, person.id, {"greeted": True})
    finally:
        await db.close()


async def serving(fake: FakeTelegram, bot: BotProcess) -> BotProcess:
    await bot.start()
    mark = fake.mark()
    await fake.wait_for("getUpdates", after=mark, seconds=30)  # polling: ready
    return bot


def texts_to(fake: FakeTelegram, chat: int, after: int = 0) -> list[str]:
    return [c.text for c in fake.calls_to("sendMessage", chat_id=chat, after=after)]


async def test_kill_9_in_the_middle_of_300_logs_then_restart_loses_nothing(
    fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    await seed(tmp_path / "bot.db", member=MEMBER)
    config = write_config(tmp_path, settings(fake_telegram, tmp_path))
    for n in range(300):
        fake_telegram.message(MEMBER, f"/log vneid-install 1 khách {n}", name="An")
    first = await BotProcess(config, tmp_path / "bot.log").start()
    try:
        await fake_telegram.wait_for("sendMessage", 100, chat_id=MEMBER, seconds=60)
    finally:
        await first.kill()
    answered_before = len(texts_to(fake_telegram, MEMBER))
    assert answered_before < 300  # killed in the middle
    async with await serving(fake_telegram, BotProcess(config, tmp_path / "bot.log")) as second:
        await fake_telegram.wait_for("sendMessage", 300, chat_id=MEMBER, seconds=90)
        await asyncio.sleep(0.5)  # anything handled twice shows up now
        code, _ = await second.stop()
    assert code == 0
    db = await connect(tmp_path / "bot.db")
    try:
        rows = await db.fetchall("SELECT id, names FROM assists")
    finally:
        await db.close()
    names = sorted(int(row["names"].split()[-1]) for row in rows)
    assert names == list(range(300))  # every message saved, once
    saved = [int(m.group(1)) for t in texts_to(fake_telegram, MEMBER) if (m := re.search(r"Đã lưu, số phiếu #(\d+)", t))]
    assert sorted(saved) == sorted(row["id"] for row in rows)  # every save was confirmed, once
    repeated = [t for t in texts_to(fake_telegram, MEMBER) if "đã được lưu rồi" in t]
    assert len(repeated) <= 4, repeated  # at most what was in flight when it was killed


async def test_sigterm_in_the_middle_of_a_burst_stops_within_10_s_and_keeps_the_rest(
    fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    users = range(5000, 5050)
    await seed(tmp_path / "bot.db", residents=users)
    config = write_config(tmp_path, settings(fake_telegram, tmp_path))
    fake_telegram.latency = 0.01
    bot = await serving(fake_telegram, BotProcess(config, tmp_path / "bot.log"))
    for _ in range(4):
        for user in users:
            fake_telegram.message(user, "/help")
    await fake_telegram.wait_for("sendMessage", 30, seconds=30)
    code, took = await bot.stop()
    assert code == 0 and took < 10, (code, took)
    assert "kept for the next start" in bot.log_text()
    async with await serving(fake_telegram, BotProcess(config, tmp_path / "bot.log")) as again:
        await fake_telegram.wait_for("sendMessage", 200, seconds=60)
        await asyncio.sleep(0.3)
        code, _ = await again.stop()
    counts = [len([t for t in texts_to(fake_telegram, user) if "Cách dùng" in t]) for user in users]
    assert counts == [4] * len(users)  # nothing lost, nothing twice
    assert code == 0


async def test_replies_survive_429s_500s_and_slow_answers_and_a_lost_one_is_counted(
    fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    rate_limited, broken_once, slow, broken = 6001, 6002, 6003, 6004
    await seed(tmp_path / "bot.db", residents=range(6001, 6005))
    seen: dict[int, int] = {}

    async def faults(call: Call) -> Failure | None:
        if call.method != "sendMessage":
            return None
        chat = int(call.chat_id)
        seen[chat] = seen.get(chat, 0) + 1
        if chat == rate_limited and seen[chat] <= 2:
            return Failure.too_many_requests(1)
        if (chat == broken_once and seen[chat] == 1) or chat == broken:
            return Failure(500, "Internal Server Error")
        if chat == slow and seen[chat] == 1:
            await asyncio.sleep(6)  # longer than the 5 s read timeout: the bot gives up waiting and retries
        return None

    fake_telegram.hooks.append(faults)
    config = write_config(tmp_path, settings(fake_telegram, tmp_path))
    async with await serving(fake_telegram, BotProcess(config, tmp_path / "bot.log")) as bot:
        for chat in (rate_limited, broken_once, slow, broken):
            fake_telegram.message(chat, "/help")
        started = time.monotonic()
        for chat in (rate_limited, broken_once, slow):
            await fake_telegram.wait_for("sendMessage", chat_id=chat, seconds=30)
        assert time.monotonic() - started < 20
        await asyncio.sleep(10)  # the always-broken chat runs out of attempts
        code, _ = await bot.stop()
    assert code == 0
    assert seen[rate_limited] == 3 and seen[broken_once] == 2
    assert 1 <= seen[slow] <= 2  # a timed-out send may have arrived: its retry can show it twice
    assert 3 <= seen[broken] <= 6  # bounded back-off
    log = bot.log_text()
    assert f"the reply to telegram:{broken} could not be delivered" in log
    assert "replies failed 1" in log  # the status line an operator reads


async def test_a_flooding_group_never_delays_a_private_chat(fake_telegram: FakeTelegram, tmp_path: Path) -> None:
    group, private = -1009001, 7001
    await seed(tmp_path / "bot.db", residents=range(7001, 7030))
    config = write_config(tmp_path, settings(fake_telegram, tmp_path))
    async with await serving(fake_telegram, BotProcess(config, tmp_path / "bot.log")) as bot:
        for n in range(60):
            fake_telegram.message(7002 + n % 28, f"/menu@{fake_telegram.username}", chat_id=group,
                                  chat_type="group")
        await fake_telegram.wait_for("sendMessage", 10, chat_id=group, seconds=30)
        mark = fake_telegram.mark()
        asked = time.monotonic()
        fake_telegram.message(private, "/start")
        await fake_telegram.wait_for("sendMessage", chat_id=private, after=mark, seconds=10)
        waited = time.monotonic() - asked
        in_group = len(fake_telegram.calls_to("sendMessage", chat_id=group))
        code, _ = await bot.stop()
    assert waited < 2.0, waited
    assert in_group <= 22  # the group's own budget: 20 a minute (plus what was already on the way)
    assert code == 0


async def test_a_full_disk_at_start_is_a_one_line_error_and_a_non_zero_exit(
    fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    config = write_config(tmp_path, settings(fake_telegram, tmp_path))
    bot = BotProcess(config, tmp_path / "bot.log", max_file_bytes=16_384)
    await bot.start()
    code = await bot.wait(20)
    output = bot.log_text()
    assert code == 1, output
    assert "Traceback" not in output
    [line] = [line for line in output.splitlines() if line.startswith("error:")]
    assert "cannot write the database" in line and str(tmp_path / "bot.db") in line


async def test_a_disk_that_fills_while_serving_loses_nothing_once_there_is_room(
    fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    users = range(8000, 8020)
    await seed(tmp_path / "bot.db", residents=users)
    config = write_config(tmp_path, settings(fake_telegram, tmp_path))
    async with await serving(fake_telegram, BotProcess(config, tmp_path / "bot.log")) as first:
        assert (await first.stop())[0] == 0  # migrated and settled; the write-ahead log is folded in
    # Room for the 32 KiB shared-memory index and a few pages of write-ahead log, then the disk is full.
    full = await serving(fake_telegram, BotProcess(config, tmp_path / "bot.log", max_file_bytes=40_000))
    for user in users:
        fake_telegram.message(user, "/help")
    await asyncio.sleep(4)
    assert full.running  # a full disk does not kill the bot
    full.send(signal.SIGTERM)
    await full.wait(15)
    log = full.log_text()
    assert "cannot store updates" in log or "kept for a retry" in log, log[-3000:]
    for user in users:  # told once that the answer comes later, not at every retry
        assert len([t for t in texts_to(fake_telegram, user) if "chưa xử lý được" in t]) <= 1
    mark = fake_telegram.mark()
    async with await serving(fake_telegram, BotProcess(config, tmp_path / "bot.log")) as roomy:
        for user in users:
            await fake_telegram.wait_for("sendMessage", chat_id=user, after=mark, seconds=30)
        await asyncio.sleep(0.3)
        assert (await roomy.stop())[0] == 0
    answers = {user: [t for t in texts_to(fake_telegram, user, after=mark) if "Cách dùng" in t] for user in users}
    assert all(len(found) == 1 for found in answers.values()), answers
