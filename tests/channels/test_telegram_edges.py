"""Odd input on Telegram: stickers, photos, edits, long text, stale buttons, groups, failing chats."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fake_telegram import Call, Failure, FakeTelegram
from telegram_harness import Resident, TelegramBot, telegram_config

from bot.channels.telegram_render import TelegramSender
from bot.core.messages import Choice, Reply
from bot.residents.library import GuideLibrary
from storage import people

GROUP = -100500


@pytest.fixture
async def bot(fake_telegram: FakeTelegram, tmp_path: Path, guide_library: GuideLibrary) -> AsyncIterator[TelegramBot]:
    async with TelegramBot(telegram_config(fake_telegram, tmp_path / "bot.db"), guide_library) as running:
        yield running


@pytest.fixture
async def serial_bot(
    fake_telegram: FakeTelegram, tmp_path: Path, guide_library: GuideLibrary
) -> AsyncIterator[TelegramBot]:
    """One update at a time: once a later update is answered, an earlier silence is proven."""
    config = telegram_config(fake_telegram, tmp_path / "bot.db")
    async with TelegramBot(config, guide_library, concurrent_updates=1) as running:
        yield running


async def test_non_text_long_text_and_stale_buttons_get_polite_answers(
    bot: TelegramBot, fake_telegram: FakeTelegram
) -> None:
    lan = Resident(fake_telegram, 2001)
    await lan.say("/start")
    mark = fake_telegram.mark()
    fake_telegram.sticker(lan.user_id)
    note, menu = await fake_telegram.replies(lan.user_id, 2, after=mark)
    assert "chỉ đọc được chữ" in note.text and "c:vneid" in str(menu.buttons)
    mark = fake_telegram.mark()
    fake_telegram.photo(lan.user_id, file_id="gone")  # a file Telegram no longer has
    [offer] = await fake_telegram.replies(lan.user_id, 1, after=mark)
    assert "chưa nhận ra lỗi" in offer.text and "h:" in str(offer.buttons)

    [too_long] = await lan.say("xin chào " * 500)  # 4,500 characters
    assert "dài quá" in too_long.text

    [stale] = await lan.press("zz:no-such-action:1")
    assert "Nút này đã cũ" in stale.text
    [gone] = await lan.press("g:no-such-guide:3")
    assert "không còn" in gone.text

    [served] = await Resident(fake_telegram, 2002, "Ông Tư").say("/start")  # the next person is served
    assert "Xin chào Ông Tư" in served.text


async def test_edits_and_group_chatter_are_ignored_but_commands_to_the_bot_are_answered(
    serial_bot: TelegramBot, fake_telegram: FakeTelegram
) -> None:
    mark = fake_telegram.mark()
    fake_telegram.message(2003, "cài vneid", edited=True)
    fake_telegram.message(2003, "cài vneid", chat_id=GROUP, chat_type="group")
    fake_telegram.message(2003, "/menu", chat_id=GROUP, chat_type="group")
    fake_telegram.message(2003, "/menu@other_bot", chat_id=GROUP, chat_type="group")
    fake_telegram.message(2003, f"/menu@{fake_telegram.username}", chat_id=GROUP, chat_type="group")
    greeting, menu = await fake_telegram.replies(GROUP, 2, after=mark)  # a first contact is greeted first
    assert "trợ lý tự động" in greeting.text and "cần hướng dẫn về việc gì" in menu.text
    assert fake_telegram.calls_to("sendMessage", chat_id=2003, after=mark) == []

    mark = fake_telegram.mark()
    bot_message = fake_telegram.sent(GROUP)[-1]
    fake_telegram.message(2003, "/help", chat_id=GROUP, chat_type="group", reply_to=bot_message)
    [help_text] = await fake_telegram.replies(GROUP, after=mark)
    assert "có thể dùng:" in help_text.text

    assert serial_bot.services is not None
    person = await people.find_person(serial_bot.services.db, "telegram", "2003")
    assert person is not None and person.chat_id == "2003"  # later messages go to the private chat


async def test_a_failing_chat_is_logged_with_the_token_masked_and_others_are_served(
    bot: TelegramBot, fake_telegram: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    async def refuse(call: Call) -> Failure | None:
        if call.chat_id == 2004:
            return Failure.blocked()
        if call.chat_id == 2005:
            return Failure(400, f"Bad Request: chat not found for {fake_telegram.token}")
        return None

    fake_telegram.hooks.append(refuse)
    caplog.set_level(logging.WARNING)
    mark = fake_telegram.mark()
    fake_telegram.message(2004, "/start")
    fake_telegram.message(2005, "/start")
    await fake_telegram.wait_for("sendMessage", chat_id=2005, after=mark)
    [served] = await Resident(fake_telegram, 2006).say("/start")
    assert "Xin chào" in served.text
    assert any("blocked by the user" in r.getMessage() and r.levelno == logging.WARNING for r in caplog.records)
    assert any("chat not found" in r.getMessage().lower() and r.levelno == logging.ERROR for r in caplog.records)
    assert fake_telegram.token.lower() not in caplog.text.lower() and fake_telegram.token[:4] + "…" in caplog.text


async def test_sender_splits_long_text_and_sends_photos_and_documents(
    bot: TelegramBot, fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    assert bot.services is not None and bot.application is not None
    lines = "\n".join(f"Dòng {n}: thông báo của ban chỉ đạo xã." for n in range(250))  # ~9,500 chars
    mark = fake_telegram.mark()
    await bot.services.senders["telegram"].send("2007", Reply(lines, (Choice("📋 Danh mục", "m"),)))
    pieces = fake_telegram.calls_to("sendMessage", chat_id=2007, after=mark)
    assert len(pieces) == 3 and all(len(p.text) <= 4096 for p in pieces)
    assert "\n".join(p.text for p in pieces) == lines
    assert [p.buttons for p in pieces] == [[], [], [[("📋 Danh mục", "m")]]]

    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "step.png").write_bytes(b"\x89PNG fake image")
    (tmp_path.parent / "secret.txt").write_text("not for residents")
    sender = TelegramSender(bot.application.bot, tmp_path)
    mark = fake_telegram.mark()
    await sender.send("2007", Reply("Bước 1/3", (Choice("Tiếp ▶️", "g:x:2"),), image="img/step.png"))
    await sender.send("2007", Reply("Bước 2/3", image="../secret.txt"))  # outside the guides: text only
    await sender.send("2007", Reply("Báo cáo tháng", document=b"PK\x03\x04xlsx", document_name="bao-cao.xlsx"))
    photo, text, note, document = await fake_telegram.replies(2007, 4, after=mark)
    assert (photo.method, photo.text, photo.files["photo"]) == ("sendPhoto", "Bước 1/3", b"\x89PNG fake image")
    assert photo.buttons == [[("Tiếp ▶️", "g:x:2")]]
    assert (text.method, text.text) == ("sendMessage", "Bước 2/3")
    assert (note.method, document.method) == ("sendMessage", "sendDocument")
    assert document.files["document"] == b"PK\x03\x04xlsx" and document.filenames["document"] == "bao-cao.xlsx"


async def test_buttons_with_callback_data_over_64_bytes_are_dropped(
    bot: TelegramBot, fake_telegram: FakeTelegram
) -> None:
    assert bot.services is not None
    mark = fake_telegram.mark()
    choices = (Choice("Quá dài", "g:" + "x" * 70 + ":1"), Choice("📋 Danh mục", "m"))
    await bot.services.senders["telegram"].send("2008", Reply("Chọn một mục", choices))
    [sent] = await fake_telegram.replies(2008, after=mark)
    assert sent.buttons == [[("📋 Danh mục", "m")]]
