"""The resident's experience on Zalo, end to end: polling against the fake Bot API, a real SQLite file."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fake_zalo import QUOTA, Failure, FakeZalo, update, user_id
from screenshots import error_dialog
from zalo_harness import ZaloBot, numbered, pick, zalo_config

from bot.core.config import ConfigError
from bot.core.ocr import TesseractReader
from bot.residents.library import GuideLibrary
from storage import help_requests, people

U, V = user_id(1), user_id(2)


@pytest.fixture
async def fake() -> AsyncIterator[FakeZalo]:
    async with FakeZalo() as fake:
        yield fake


@pytest.fixture
async def bot(fake: FakeZalo, tmp_path: Path, guide_library: GuideLibrary) -> AsyncIterator[ZaloBot]:
    """Served exactly as ``python -m bot run`` would: the module's own ``run``."""
    async with ZaloBot(fake, zalo_config(fake, tmp_path / "bot.db"), via_run=True, library=guide_library) as bot:
        yield bot


@pytest.fixture
async def fast_bot(fake: FakeZalo, tmp_path: Path, guide_library: GuideLibrary) -> AsyncIterator[ZaloBot]:
    """The same channel with millisecond back-off, for the error tests."""
    async with ZaloBot(fake, zalo_config(fake, tmp_path / "bot.db"), library=guide_library) as bot:
        yield bot


async def test_first_contact_says_automated_assistant_and_shows_a_numbered_menu(
    bot: ZaloBot, fake: FakeZalo, guide_library: GuideLibrary
) -> None:
    text = await bot.say(U, "chào bạn")
    assert "trợ lý tự động" in text
    labels = list(numbered(text))
    assert len(labels) == len(guide_library.current.categories) + 2  # categories, a person, the language switch
    assert labels[0] == "🪪 VNeID và giấy tờ điện tử" and "1. 🪪 VNeID" in text
    assert len(fake.calls_to("sendMessage", chat_id=U)) == 1  # one Zalo message for the whole turn
    person = await people.find_person(bot.db, "zalo", U)
    assert person is not None and (person.user_id, person.chat_id, person.display_name) == (U, U, "Bà Lan")


async def test_a_guide_walked_with_digits_and_words(bot: ZaloBot, guide_library: GuideLibrary) -> None:
    guide = guide_library.get("vneid-install")
    assert guide is not None
    total = len(guide.steps)
    menu = await bot.say(U, "xin chào")
    category = await bot.say(U, pick(menu, "VNeID"))
    assert "chọn một hướng dẫn" in category
    intro = await bot.say(U, pick(category, guide.title.vi))
    assert intro.startswith(f"📘 {guide.title.vi}") and f"Hướng dẫn có {total} bước" in intro
    step = await bot.say(U, pick(intro, "Bắt đầu"))
    assert f"Bước 1/{total}" in step
    step = await bot.say(U, pick(step, "Tiếp"))
    assert f"Bước 2/{total}" in step
    assert f"Bước 3/{total}" in await bot.say(U, "tiếp")
    assert f"Bước 4/{total}" in await bot.say(U, "tiep")  # without diacritics too
    step = await bot.say(U, "quay lại")
    assert f"Bước 3/{total}" in step
    assert f"Bước 2/{total}" in await bot.say(U, pick(step, "Quay lại"))
    assert "cần hướng dẫn về việc gì?" in await bot.say(U, "menu")
    assert "cần hướng dẫn về việc gì?" in await bot.say(U, "0")


async def test_a_stale_number_never_opens_an_older_list(bot: ZaloBot) -> None:
    menu = await bot.say(U, "xin chào")
    category = await bot.say(U, pick(menu, "VNeID"))
    older = numbered(category)
    assert len(older) >= 5
    step = await bot.say(U, pick(await bot.say(U, pick(category, "Cài VNeID")), "Bắt đầu"))
    assert len(numbered(step)) == 5  # Next, Back, I'm stuck, a person, Menu
    beyond = await bot.say(U, "7")  # meant for the category list, gone since a newer list was shown
    assert "Số 7 không có trong danh sách" in beyond and "Bước" not in beyond
    assert "Bước 2/" in await bot.say(U, "tiếp")  # the guide is where it was
    menu = await bot.say(U, "menu")
    second = numbered(menu)
    payment = await bot.say(U, "3")  # the newest list's 3, not the step list's "I'm stuck"
    assert payment.startswith(list(second)[2]) and "Đừng lo" not in payment


async def test_two_lists_in_one_turn_number_only_the_last(bot: ZaloBot) -> None:
    menu = await bot.say(U, "xin chào")
    intro = await bot.say(U, pick(await bot.say(U, pick(menu, "VNeID")), "Cài VNeID"))
    assert "Bước 1/" in await bot.say(U, pick(intro, "Bắt đầu"))
    assert "Bước 2/" in await bot.say(U, "tiếp")
    again = await bot.say(U, "/start")  # greeting with the menu, then "continue where you left off?"
    assert "cần hướng dẫn về việc gì?" in again and "Lần trước anh/chị đang xem" in again
    assert list(numbered(again)) == ["▶️ Làm tiếp", "📋 Danh mục"]
    assert "Bước 2/" in await bot.say(U, "1")  # continue, not the first category


async def test_stuck_leads_to_a_stored_help_request(bot: ZaloBot) -> None:
    menu = await bot.say(U, "xin chào")
    intro = await bot.say(U, pick(await bot.say(U, pick(menu, "VNeID")), "Cài VNeID"))
    step = await bot.say(U, pick(await bot.say(U, pick(intro, "Bắt đầu")), "Tiếp"))
    assert "Bước 2/" in step
    stuck = await bot.say(U, pick(step, "Tôi bị kẹt"))
    assert "Đừng lo" in stuck and "Không nhận được mã OTP" in stuck
    saved = await bot.say(U, pick(stuck, "Nhờ tổ công nghệ số"))
    match = re.search(r"yêu cầu số (\d+)", saved)
    assert match, saved
    ticket = await help_requests.get_ticket(bot.db, int(match.group(1)))
    person = await people.find_person(bot.db, "zalo", U)
    assert ticket is not None and person is not None
    assert (ticket.person_id, ticket.guide_id, ticket.step, ticket.status) == (person.id, "vneid-install", 2, "open")


async def test_secrets_are_warned_about(bot: ZaloBot) -> None:
    await bot.say(U, "xin chào")
    otp = await bot.say(U, "mã OTP của tôi là 482913")
    assert "OTP" in otp and "không lưu" in otp
    id_card = await bot.say(U, "số căn cước của tôi là 001203004567")
    assert "căn cước" in id_card and "không lưu" in id_card


@pytest.mark.parametrize(("event", "content"), [
    ("message.sticker.received", {"sticker": "bd4b6e1c2a"}),
])
async def test_non_text_events_get_a_polite_answer(bot: ZaloBot, event: str, content: dict[str, str]) -> None:
    await bot.say(U, "xin chào")
    text = await bot.send(update(event, U, **content))
    assert "Em chỉ đọc được chữ" in text and "Gõ số để chọn:\n1. " in text


async def test_a_message_zalo_withholds_gets_the_offer_of_a_person(bot: ZaloBot) -> None:
    # Zalo sends message.unsupported.received instead of the text of people it flags as unable to read.
    await bot.say(U, "xin chào")
    text = await bot.send(update("message.unsupported.received", U))
    assert "chưa xem được tin nhắn" in text and "đọc được chữ" not in text
    saved = await bot.say(U, pick(text, "Nhờ người giúp"))
    assert "đã ghi lại yêu cầu số 1" in saved
    assert await help_requests.get_ticket(bot.db, 1) is not None


@pytest.mark.parametrize(("event", "content", "said"), [
    ("message.image.received", {"photo": "https://photo.zdn.vn/abc.jpg", "caption": "cái này là gì"}, "ảnh"),
    ("message.voice.received", {"voice_url": "https://voice.zdn.vn/abc.aac"}, "tin nhắn thoại"),
])
async def test_photos_and_voice_notes_are_offered_to_a_person(bot: ZaloBot, event: str, content: dict[str, str],
                                                              said: str) -> None:
    await bot.say(U, "xin chào")  # no OCR on this bot: nothing is downloaded
    text = await bot.send(update(event, U, **content))
    assert said in text and "Nhờ tổ xem giúp" in text


@pytest.mark.skipif(not TesseractReader().available(), reason="tesseract-ocr and tesseract-ocr-vie are not installed")
async def test_a_screenshot_on_zalo_is_downloaded_and_answered(bot: ZaloBot, fake: FakeZalo) -> None:
    bot.services.ocr = TesseractReader()
    url = fake.host_file("err.jpg", error_dialog("Hệ thống đang bảo trì", seed=2))
    text = await bot.send(update("message.image.received", U, photo=url))
    assert "Màn hình báo «Hệ thống đang bảo trì»" in text


async def test_groups_are_silent_and_malformed_updates_are_skipped(bot: ZaloBot, fake: FakeZalo) -> None:
    assert await bot.say(U, "xin chào", chat_id="9f9f9f", chat_type="GROUP") == ""
    fake.inject({"event_name": "message.text.received"})
    assert "trợ lý tự động" in await bot.say(V, "xin chào")
    assert bot.channel.stats["ignored"] == 1


async def test_rate_limits_errors_and_blocked_users_do_not_stop_the_loop(
    fast_bot: ZaloBot, fake: FakeZalo, caplog: pytest.LogCaptureFixture
) -> None:
    bot = fast_bot
    caplog.set_level(logging.WARNING, logger="bot.channels.zalo")
    fake.fail("getUpdates", Failure(502, "", raw="<html>Bad gateway</html>"), times=2)
    fake.fail("getUpdates", QUOTA)
    fake.fail("sendMessage", Failure(429, "Quota exceeded", retry_after=1))  # the answer waits as told
    assert "trợ lý tự động" in await bot.say(U, "xin chào")
    assert bot.channel.stats["rate_limited"] == 2 and bot.channel.stats["poll_errors"] == 2
    assert any("Quota exceeded" in r.getMessage() for r in caplog.records)

    fake.fail("sendMessage", Failure(500, "Internal error", http_status=200), times=2)  # ok=false: retried
    assert "cần hướng dẫn" in await bot.say(U, "menu")
    fake.fail("sendMessage", Failure(400, "Bad request"))  # cannot succeed later: lost, logged and counted
    assert await bot.say(U, "menu") == ""
    assert bot.channel.health()["replies_failed"] == 1

    fake.forbidden.add(U)
    assert await bot.say(U, "menu") == ""
    assert bot.channel.stats["forbidden"] == 1
    assert "trợ lý tự động" in await bot.say(V, "xin chào")  # everyone else is still served
    fake.forbidden.clear()
    assert "cần hướng dẫn" in await bot.say(U, "menu")
    assert not bot.task or not bot.task.done()


async def test_polling_is_refused_while_a_webhook_is_set(
    fake: FakeZalo, tmp_path: Path, guide_library: GuideLibrary
) -> None:
    fake.webhook = {"url": "https://bot.example.vn/zalo", "secret_token": "s3cret-token"}
    bot = ZaloBot(fake, zalo_config(fake, tmp_path / "bot.db"), via_run=True, library=guide_library)
    await bot.start()
    with pytest.raises(ConfigError) as refused:
        assert bot.task is not None
        await bot.task
    await bot.stop()
    assert "https://bot.example.vn/zalo" in str(refused.value) and "delete-webhook" in str(refused.value)
    assert not fake.calls_to("getUpdates")


async def test_a_rejected_token_stops_start_up_clearly(fake: FakeZalo, tmp_path: Path) -> None:
    config = zalo_config(fake, tmp_path / "bot.db", token="123:not-the-token")
    bot = ZaloBot(fake, config, via_run=True)
    await bot.start()
    with pytest.raises(ConfigError, match=r"zalo\.token was rejected"):
        assert bot.task is not None
        await bot.task
    await bot.stop()
    assert not fake.calls_to("getUpdates")


async def test_a_restart_keeps_the_place_and_loses_no_message(
    fake: FakeZalo, tmp_path: Path, guide_library: GuideLibrary
) -> None:
    config = zalo_config(fake, tmp_path / "bot.db")
    async with ZaloBot(fake, config, library=guide_library) as first:
        await first.say(U, "xin chào")
        intro = await first.say(U, "cài vneid")
        assert "Bước 1/" in await first.say(U, pick(intro, "Bắt đầu"))
        await fake.wait_for("getUpdates", 4)  # a long poll is open when the bot stops
    fake.text(U, "tiếp")  # written while the bot is down
    async with ZaloBot(fake, config, library=guide_library):
        sent = await fake.wait_for("sendMessage", 4, chat_id=U)
    assert "Bước 2/" in sent[-1].text
