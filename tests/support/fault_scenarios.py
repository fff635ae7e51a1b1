"""Fault scenarios against the real ``python -m bot run`` and a FakeTelegram: each returns what was lost and
what arrived twice, for tests/channels/test_run_faults.py (which asserts) and bench/bench_faults.py (prints)."""

from __future__ import annotations

import asyncio
import re
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot_process import ROOT, BotProcess, write_config
from fake_telegram import Call, Failure, FakeTelegram
from members_world import MOT, seed_areas

from storage import conversations, people, teams
from storage.db import connect

MEMBER = 4001
HELP = "có thể dùng"  # in every answer to /help


@dataclass
class Outcome:
    case: str
    sent: int  # messages people sent
    lost: int = 0  # never answered (or never saved)
    duplicated: int = 0  # answered (or saved) more than once
    figures: dict[str, Any] = field(default_factory=dict)
    log: str = ""


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
    """BOT started and polling."""
    mark = fake.mark()
    await bot.start()
    await fake.wait_for("getUpdates", after=mark, seconds=30)
    return bot


def texts_to(fake: FakeTelegram, chat: int, after: int = 0) -> list[str]:
    return [c.text for c in fake.calls_to("sendMessage", chat_id=chat, after=after)]


def help_counts(fake: FakeTelegram, users: range, each: int, after: int = 0) -> tuple[int, int]:
    """(lost, duplicated) when each of USERS sent /help EACH times."""
    counts = [sum(HELP in text for text in texts_to(fake, user, after)) for user in users]
    return sum(max(0, each - n) for n in counts), sum(max(0, n - each) for n in counts)


async def kill_9_mid_burst(fake: FakeTelegram, folder: Path, messages: int = 300) -> Outcome:
    """A member sends MESSAGES one-line /log; the bot is killed with SIGKILL after a third, then restarted."""
    await seed(folder / "bot.db", member=MEMBER)
    config = write_config(folder, settings(fake, folder))
    for n in range(messages):
        fake.message(MEMBER, f"/log vneid-install 1 khách {n}", name="An")
    first = await BotProcess(config, folder / "bot.log").start()
    try:
        await fake.wait_for("sendMessage", messages // 3, chat_id=MEMBER, seconds=60)
    finally:
        await first.kill()
    before = len(texts_to(fake, MEMBER))
    second = await serving(fake, BotProcess(config, folder / "bot.log"))
    try:
        await fake.wait_for("sendMessage", messages, chat_id=MEMBER, seconds=120)
        await asyncio.sleep(0.5)  # anything handled twice shows up now
    finally:
        code, _ = await second.stop()
    db = await connect(folder / "bot.db")
    try:
        rows = await db.fetchall("SELECT id, names, note FROM assists")
    finally:
        await db.close()
    saved = [int(re.findall(r"\d+", f"{row['names']} {row['note']}")[-1]) for row in rows]  # "khách N" kept
    confirmed = [int(m.group(1)) for t in texts_to(fake, MEMBER) if (m := re.search(r"Đã lưu, số phiếu #(\d+)", t))]
    repeated = sum("đã được lưu rồi" in t for t in texts_to(fake, MEMBER))
    unconfirmed = {row["id"] for row in rows} - set(confirmed)
    return Outcome("kill -9 mid-burst (300 /log)", messages, lost=len(set(range(messages)) - set(saved)) + len(unconfirmed),
                   duplicated=len(saved) - len(set(saved)) + len(confirmed) - len(set(confirmed)) + repeated,
                   figures={"answered_before_kill": before, "exit_code": code, "saved": len(set(saved))},
                   log=second.log_text())


async def sigterm_mid_burst(fake: FakeTelegram, folder: Path, users: range = range(5000, 5050), each: int = 4
                            ) -> Outcome:
    """USERS each send /help EACH times; SIGTERM after 30 answers; restarted, everything must be answered once."""
    await seed(folder / "bot.db", residents=users)
    config = write_config(folder, settings(fake, folder))
    bot = await serving(fake, BotProcess(config, folder / "bot.log"))
    for _ in range(each):
        for user in users:
            fake.message(user, "/help")
    await fake.wait_for("sendMessage", 30, seconds=30)
    first_code, took = await bot.stop()
    answered = len(fake.calls_to("sendMessage"))
    again = await serving(fake, BotProcess(config, folder / "bot.log"))
    try:
        await fake.wait_for("sendMessage", len(users) * each, seconds=60)
        await asyncio.sleep(0.3)
    finally:
        code, _ = await again.stop()
    lost, duplicated = help_counts(fake, users, each)
    return Outcome("SIGTERM mid-burst (200 messages)", len(users) * each, lost, duplicated,
                   {"stop_seconds": round(took, 2), "exit_codes": (first_code, code), "answered_before_stop": answered},
                   log=again.log_text())


async def api_faults(fake: FakeTelegram, folder: Path) -> Outcome:
    """Four residents: two 429s in a row, one 500, an answer slower than the read timeout, a chat always 500."""
    rate_limited, broken_once, slow, broken = 6001, 6002, 6003, 6004
    await seed(folder / "bot.db", residents=range(6001, 6005))
    tries: dict[int, int] = {}
    delivered: dict[int, int] = {}  # what the resident really got
    all_delivered = asyncio.Event()

    async def faults(call: Call) -> Failure | None:
        if call.method != "sendMessage":
            return None
        chat = int(call.chat_id)
        tries[chat] = tries.get(chat, 0) + 1
        if chat == rate_limited and tries[chat] <= 2:
            return Failure.too_many_requests(1)
        if (chat == broken_once and tries[chat] == 1) or chat == broken:
            return Failure(500, "Internal Server Error")
        if chat == slow and tries[chat] == 1:
            await asyncio.sleep(6)  # longer than the 5 s read timeout: it arrives, but the bot stopped waiting
        delivered[chat] = delivered.get(chat, 0) + 1
        if all(resident in delivered for resident in (rate_limited, broken_once, slow)):
            all_delivered.set()
        return None

    fake.hooks.append(faults)
    config = write_config(folder, settings(fake, folder))
    bot = await serving(fake, BotProcess(config, folder / "bot.log"))
    try:
        for chat in (rate_limited, broken_once, slow, broken):
            fake.message(chat, "/help")
        started = time.monotonic()
        await asyncio.wait_for(all_delivered.wait(), 30)
        answered_in = time.monotonic() - started
        await asyncio.sleep(10)  # the always-broken chat runs out of attempts
    finally:
        code, _ = await bot.stop()
    fake.hooks.remove(faults)
    got = [delivered.get(chat, 0) for chat in (rate_limited, broken_once, slow)]
    return Outcome("429 x2, 500, slow answer (6 s)", 3, sum(1 for n in got if n < 1), sum(max(0, n - 1) for n in got),
                   {"tries": tries, "answered_within_s": round(answered_in, 1), "exit_code": code,
                    "always_500_given_up_after": tries.get(broken, 0)}, log=bot.log_text())


async def group_flood(fake: FakeTelegram, folder: Path, commands: int = 60) -> Outcome:
    """COMMANDS /menu@bot in one group, then a private /start: how long the private chat waits."""
    group, private = -1009001, 7001
    await seed(folder / "bot.db", residents=range(7001, 7030))
    config = write_config(folder, settings(fake, folder))
    bot = await serving(fake, BotProcess(config, folder / "bot.log"))
    try:
        for n in range(commands):
            fake.message(7002 + n % 28, f"/menu@{fake.username}", chat_id=group, chat_type="group")
        await fake.wait_for("sendMessage", 10, chat_id=group, seconds=30)
        mark = fake.mark()
        asked = time.monotonic()
        fake.message(private, "/start")
        await fake.wait_for("sendMessage", chat_id=private, after=mark, seconds=30)
        waited = time.monotonic() - asked
        in_group = len(fake.calls_to("sendMessage", chat_id=group))
    finally:
        code, _ = await bot.stop()
    return Outcome("group flood (60) beside a private /start", 1, 0, 0,
                   {"private_answered_s": round(waited, 2), "group_answers_so_far": in_group, "exit_code": code},
                   log=bot.log_text())


async def disk_fills(fake: FakeTelegram, folder: Path, users: range = range(8000, 8020)) -> Outcome:
    """The disk fills up (RLIMIT_FSIZE) while USERS write; once there is room again, everything is answered."""
    await seed(folder / "bot.db", residents=users)
    config = write_config(folder, settings(fake, folder))
    first = await serving(fake, BotProcess(config, folder / "bot.log"))
    await first.stop()  # migrated and settled: the write-ahead log is folded into the file
    # Room for the 32 KiB shared-memory index and a few pages of write-ahead log, then the disk is full.
    full = await serving(fake, BotProcess(config, folder / "bot.log", max_file_bytes=40_000))
    for user in users:
        fake.message(user, "/help")
    await asyncio.sleep(4)
    alive = full.running
    full.send(signal.SIGTERM)
    await full.wait(15)
    apologies = max(sum("chưa xử lý được" in t for t in texts_to(fake, user)) for user in users)
    mark = fake.mark()
    roomy = await serving(fake, BotProcess(config, folder / "bot.log"))
    try:
        for user in users:
            await fake.wait_for("sendMessage", chat_id=user, after=mark, seconds=30)
        await asyncio.sleep(0.3)
    finally:
        code, _ = await roomy.stop()
    lost, duplicated = help_counts(fake, users, 1, after=mark)
    return Outcome("disk full while serving, then room again", len(users), lost, duplicated,
                   {"alive_while_full": alive, "most_apologies_per_person": apologies, "exit_code": code},
                   log=full.log_text())
