"""Residents on a commune's OA, off the script: buttons, habits, photos, a day away, following and leaving."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import oa_events
import pytest
from fake_zalo_oa import FakeZaloOa
from members_world import Clock
from screenshots import error_dialog
from zalo_oa_harness import OA_A, OA_B, OaBot, texts, titles

from bot.core.ocr import TesseractReader
from storage import broadcasts, people

GUIDES = Path(__file__).resolve().parents[2] / "guides"
U, V = "5550001112223334", "5550001112229999"


async def test_buttons_round_trip_through_a_whole_guide(oa_bot: OaBot) -> None:
    menu = await oa_bot.say(OA_A, U, "xin chào")
    assert "🪪 VNeID và giấy tờ điện tử" in titles(menu) and "🌐 English" in titles(menu)  # 7 choices: 5 + 2
    category = await oa_bot.press(OA_A, U, "VNeID", menu)
    intro = await oa_bot.press(OA_A, U, "Cài VNeID", category)
    assert "📘 Cài VNeID" in texts(intro)
    step = await oa_bot.press(OA_A, U, "Bắt đầu", intro)
    assert "Bước 1/" in texts(step) and any("Tiếp" in t for t in titles(step))
    step2 = await oa_bot.press(OA_A, U, "Tiếp", step)
    assert "Bước 2/" in texts(step2)
    back = await oa_bot.press(OA_A, U, "Quay lại", step2)
    assert "Bước 1/" in texts(back)
    english = await oa_bot.press(OA_A, U, "English", menu)  # an older button still works: actions carry everything
    assert "What do you need help with?" in texts(english)


async def test_a_typed_number_and_a_forged_button_are_handled(oa_bot: OaBot) -> None:
    await oa_bot.say(OA_A, U, "cài vneid")
    by_habit = await oa_bot.say(OA_A, U, "1")  # people used to numbered lists type the number
    assert "Bước 1/" in texts(by_habit)
    forged = await oa_bot.say(OA_A, U, "#tcns:zz:nothing")
    assert "Nút này đã cũ" in texts(forged) and "cần hướng dẫn về việc gì?" in texts(forged)
    hashtag = await oa_bot.say(OA_A, U, "#vneid")  # a hashtag someone typed is a question like any other
    assert "Nút này đã cũ" not in texts(hashtag)


async def test_a_day_away_then_an_old_button(oa_bot: OaBot, fake_oa: FakeZaloOa, oa_clock: Clock) -> None:
    intro = await oa_bot.say(OA_A, U, "cài vneid")
    oa_clock.now += timedelta(days=3)
    step = await oa_bot.press(OA_A, U, "Bắt đầu", intro)
    assert "Bước 1/" in texts(step)
    assert step and not any(d.paid for d in step)  # the tap is a new message: a fresh free window


async def test_photos_voice_and_locations_get_a_useful_answer_and_nothing_is_lost(
    oa_bot: OaBot, fake_oa: FakeZaloOa,
) -> None:
    await oa_bot.say(OA_A, U, "xin chào")
    photo = fake_oa.message(OA_A, U, "ảnh lỗi đây", "user_send_image",
                            [oa_events.attachment("image", url="https://photo.zdn.vn/x.jpg")])
    seen = await oa_bot.deliver(photo)
    assert "ảnh" in texts(seen) and "#tcns:h:" in [b["payload"] for d in seen for b in d.buttons]  # a person
    voice = fake_oa.message(OA_A, U, None, "user_send_audio", [oa_events.attachment("audio", url="https://v.zdn.vn/a")])
    heard = await oa_bot.deliver(voice)
    assert "tin nhắn thoại" in texts(heard) and "#tcns:h:" in [b["payload"] for d in heard for b in d.buttons]
    spot = fake_oa.message(OA_A, U, None, "user_send_location",
                           [oa_events.attachment("location", coordinates={"latitude": "21.0", "longitude": "105.8"})])
    assert "cần hướng dẫn về việc gì?" in texts(await oa_bot.deliver(spot))
    after = await oa_bot.say(OA_A, U, "quên mật khẩu vneid")  # and the conversation goes on
    assert "VNeID" in texts(after)


async def test_an_otp_is_warned_about_and_not_kept(oa_bot: OaBot) -> None:
    await oa_bot.say(OA_A, U, "xin chào")
    warned = await oa_bot.say(OA_A, U, "mã OTP của tôi là 482913")
    assert "OTP" in texts(warned) and "không lưu" in texts(warned)
    rows = await oa_bot.db.fetchall("SELECT body FROM zalo_oa_inbox")
    assert rows and not [r for r in rows if "482913" in r["body"]]
    state = await oa_bot.db.fetchall("SELECT data FROM conversation_state")
    assert not [r for r in state if "482913" in r["data"]]


async def test_follow_unfollow_and_the_chat_button(oa_bot: OaBot, fake_oa: FakeZaloOa, oa_clock: Clock) -> None:
    followed = await oa_bot.deliver(fake_oa.follow(OA_A, V))
    assert "trợ lý tự động" in texts(followed) and "đã quan tâm!" in texts(followed)
    person = await people.find_person(oa_bot.db, "zalo_oa", f"{OA_A}:{V}")
    assert person is not None and person.village_code == "99001"
    assert not await broadcasts.announcements_off(oa_bot.db, person.id)
    oa_clock.now += timedelta(minutes=5)
    assert await oa_bot.deliver(fake_oa.follow(OA_A, V, "unfollow")) == []  # nothing follows them out
    assert await broadcasts.announcements_off(oa_bot.db, person.id)
    oa_clock.now += timedelta(days=1)
    again = await oa_bot.deliver(fake_oa.follow(OA_A, V))
    assert "đã quan tâm!" in texts(again)
    assert not await broadcasts.announcements_off(oa_bot.db, person.id)
    opened = await oa_bot.deliver(fake_oa.chatnow(OA_B, V))
    assert "trợ lý tự động" in texts(opened) and "🪪 VNeID và giấy tờ điện tử" in titles(opened)
    # No message id to reply to: these answers used the OA's quota (within 7 days of the interaction).
    assert followed and all(d.paid for d in followed + opened)


@pytest.mark.skipif(not TesseractReader().available(), reason="tesseract-ocr and tesseract-ocr-vie are not installed")
async def test_a_screenshot_sent_to_the_oa_is_downloaded_and_read(oa_bot: OaBot, fake_oa: FakeZaloOa) -> None:
    oa_bot.services.ocr = TesseractReader()
    url = fake_oa.host_file("loi.jpg", error_dialog("Hệ thống đang bảo trì", seed=2))
    photo = fake_oa.message(OA_A, U, None, "user_send_image", [oa_events.attachment("image", url=url)])
    assert "Màn hình báo «Hệ thống đang bảo trì»" in texts(await oa_bot.deliver(photo))
