"""The resident's journey through the real PTB Application (polling) against the fake Bot API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fake_telegram import FakeTelegram
from telegram_harness import Resident, TelegramBot, telegram_config

from bot.residents.library import GuideLibrary

QUESTION = "cách tải app vneid về điện thoại"  # plainly the vneid-install guide
GUIDE = "vneid-install"


@pytest.fixture
async def bot(fake_telegram: FakeTelegram, tmp_path: Path, guide_library: GuideLibrary) -> AsyncIterator[TelegramBot]:
    async with TelegramBot(telegram_config(fake_telegram, tmp_path / "bot.db"), guide_library) as running:
        yield running


def steps(library: GuideLibrary) -> int:
    guide = library.get(GUIDE)
    assert guide is not None
    return len(guide.steps)


def actions(call_buttons: list[list[tuple[str, str]]]) -> list[str]:
    return [data for row in call_buttons for _, data in row]


async def test_start_publishes_commands_greets_and_shows_the_menu(bot: TelegramBot, fake_telegram: FakeTelegram) -> None:
    vi = {c["command"]: c["description"] for c in fake_telegram.commands[""]}
    en = {c["command"]: c["description"] for c in fake_telegram.commands["en"]}
    assert {"start", "menu", "help", "lang"} <= set(vi)
    assert vi["menu"] == "Danh mục hướng dẫn" and en["menu"] == "Guide menu"
    assert bot.services is not None and bot.services.senders["telegram"].numbered is False

    [greeting] = await Resident(fake_telegram, 1001).say("/start")
    assert "trợ lý tự động" in greeting.text and "Tổ công nghệ số" in greeting.text
    buttons = actions(greeting.buttons)
    assert "c:vneid" in buttons and "l:en" in buttons
    assert all(len(row) == 1 for row in greeting.buttons)  # a menu: one category per row


async def test_question_opens_the_guide_and_buttons_walk_its_steps(
    bot: TelegramBot, fake_telegram: FakeTelegram, guide_library: GuideLibrary
) -> None:
    lan = Resident(fake_telegram, 1002)
    total = steps(guide_library)
    await lan.say("/start")  # what Telegram sends when someone opens the bot
    [intro] = await lan.say(QUESTION)
    assert "Cài VNeID" in intro.text and f"g:{GUIDE}:1" in actions(intro.buttons)

    [first] = await lan.click("Bắt đầu")
    assert f"Bước 1/{total}" in first.text
    [second] = await lan.click("Tiếp")
    assert f"Bước 2/{total}" in second.text
    back, forward = second.buttons[0]
    assert (back[1], forward[1]) == (f"g:{GUIDE}:1", f"g:{GUIDE}:3")  # Back left, Next right, one row
    assert [data for _, data in second.buttons[1]] == [f"s:{GUIDE}:2"]

    [again] = await lan.say("tiếp")  # typed words move on too
    assert f"Bước 3/{total}" in again.text


async def test_stuck_shows_troubleshooting_and_stores_the_help_request(
    bot: TelegramBot, fake_telegram: FakeTelegram, guide_library: GuideLibrary
) -> None:
    lan = Resident(fake_telegram, 1003)
    await lan.say("/start")
    await lan.say(QUESTION)
    await lan.click("Bắt đầu")
    [problems] = await lan.click("Tôi bị kẹt")  # one screen: the problems as buttons, and a person
    guide = guide_library.get(GUIDE)
    assert guide is not None and f"t:{GUIDE}:1:0" in actions(problems.buttons)
    assert f"h:{GUIDE}:1" in actions(problems.buttons)

    [saved] = await lan.click("Nhờ tổ")
    assert bot.services is not None
    rows = await bot.services.db.fetchall("SELECT id, guide_id, step, status FROM help_requests")
    assert [(r["guide_id"], r["step"], r["status"]) for r in rows] == [(GUIDE, 1, "open")]
    assert f"yêu cầu số {rows[0]['id']}" in saved.text


async def test_finishing_a_guide_asks_for_feedback_and_stores_it(
    bot: TelegramBot, fake_telegram: FakeTelegram, guide_library: GuideLibrary
) -> None:
    lan = Resident(fake_telegram, 1004)
    await lan.say("/start")
    await lan.say(QUESTION)
    await lan.click("Bắt đầu")
    for _ in range(steps(guide_library) - 1):
        await lan.click("Tiếp")
    [done] = await lan.click("Xong")
    assert "có giúp được anh/chị không" in done.text
    assert done.buttons[0] == [("👍 Có", f"f:{GUIDE}:1"), ("👎 Chưa", f"f:{GUIDE}:0")]
    await lan.click("Có")
    assert bot.services is not None
    rows = await bot.services.db.fetchall("SELECT guide_id, helpful FROM feedback")
    assert [(r["guide_id"], r["helpful"]) for r in rows] == [(GUIDE, 1)]
    events = await bot.services.db.fetchall("SELECT event FROM guide_events WHERE guide_id = ?", (GUIDE,))
    assert {r["event"] for r in events} == {"started", "step", "finished"}


async def test_buttons_of_old_messages_work_after_a_restart(
    bot: TelegramBot, fake_telegram: FakeTelegram, guide_library: GuideLibrary
) -> None:
    lan = Resident(fake_telegram, 1005)
    total = steps(guide_library)
    await lan.say("/start")
    await lan.say(QUESTION)
    intro = lan.last_with_buttons()
    first_app = bot.application

    await bot.stop()
    mark = fake_telegram.mark()
    fake_telegram.click(lan.user_id, intro, "Bắt đầu")  # pressed while the bot is down
    await bot.start()
    assert bot.application is not first_app
    [step] = await fake_telegram.replies(lan.user_id, after=mark)
    assert f"Bước 1/{total}" in step.text

    await bot.restart()
    [again] = await lan.click("Bắt đầu", message=intro)  # the very first message's button, again
    assert f"Bước 1/{total}" in again.text
    _, resume = await lan.say("/start", count=2)  # the state survived too: offers to continue
    assert f"Bước 1/{total}" in resume.text and f"g:{GUIDE}:1" in actions(resume.buttons)


async def test_a_redelivered_update_is_answered_once(
    fake_telegram: FakeTelegram, tmp_path: Path, guide_library: GuideLibrary
) -> None:
    # One update at a time, so the reply to /help proves the redelivery before it was already dropped.
    config = telegram_config(fake_telegram, tmp_path / "bot.db")
    async with TelegramBot(config, guide_library, concurrent_updates=1):
        await _redelivery(fake_telegram)


async def _redelivery(fake_telegram: FakeTelegram) -> None:
    lan = Resident(fake_telegram, 1006)
    await lan.say("/start")
    mark = fake_telegram.mark()
    update = fake_telegram.message(lan.user_id, "/menu")
    await fake_telegram.replies(lan.user_id, after=mark)
    fake_telegram.redeliver(update)
    await lan.say("/help")
    texts = [c.text for c in fake_telegram.calls_to("sendMessage", chat_id=lan.user_id, after=mark)]
    assert len(texts) == 2 and "có thể dùng:" in texts[1]
