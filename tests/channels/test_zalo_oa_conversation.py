"""Residents on a commune's OA, off the script: buttons, habits, photos, a day away, following and leaving."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import oa_events
import pytest
from fake_zalo_oa import FakeZaloOa
from members_world import Clock
from zalo_oa_harness import OA_A, OA_B, SECRET_A, SECRET_B, START, OaBot, oa_config, texts, titles

from bot.residents.library import GuideLibrary
from storage import broadcasts, people

GUIDES = Path(__file__).resolve().parents[2] / "guides"
U, V = "5550001112223334", "5550001112229999"


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
async def fake(clock: Clock) -> AsyncIterator[FakeZaloOa]:
    async with FakeZaloOa(clock) as fake:
        fake.add_oa(OA_A, SECRET_A)
        fake.add_oa(OA_B, SECRET_B)
        yield fake


@pytest.fixture
async def bot(fake: FakeZaloOa, clock: Clock, tmp_path: Path, guide_library: GuideLibrary) -> AsyncIterator[OaBot]:
    async with OaBot(fake, oa_config(fake, tmp_path / "bot.db", GUIDES), clock, guide_library) as bot:
        yield bot


async def test_buttons_round_trip_through_a_whole_guide(bot: OaBot) -> None:
    menu = await bot.say(OA_A, U, "xin chào")
    assert "🪪 VNeID và giấy tờ điện tử" in titles(menu) and "🌐 English" in titles(menu)  # 7 choices: 5 + 2
    category = await bot.press(OA_A, U, "VNeID", menu)
    intro = await bot.press(OA_A, U, "Cài VNeID", category)
    assert "📘 Cài VNeID" in texts(intro)
    step = await bot.press(OA_A, U, "Bắt đầu", intro)
    assert "Bước 1/" in texts(step) and any("Tiếp" in t for t in titles(step))
    step2 = await bot.press(OA_A, U, "Tiếp", step)
    assert "Bước 2/" in texts(step2)
    back = await bot.press(OA_A, U, "Quay lại", step2)
    assert "Bước 1/" in texts(back)
    english = await bot.press(OA_A, U, "English", menu)  # an older button still works: actions carry everything
    assert "What do you need help with?" in texts(english)


async def test_a_typed_number_and_a_forged_button_are_handled(bot: OaBot) -> None:
    await bot.say(OA_A, U, "cài vneid")
    by_habit = await bot.say(OA_A, U, "1")  # people used to numbered lists type the number
    assert "Bước 1/" in texts(by_habit)
    forged = await bot.say(OA_A, U, "#tcns:zz:nothing")
    assert "Nút này đã cũ" in texts(forged) and "📋 Bạn cần hướng dẫn về việc gì?" in texts(forged)
    hashtag = await bot.say(OA_A, U, "#vneid")  # a hashtag someone typed is a question like any other
    assert "Nút này đã cũ" not in texts(hashtag)


async def test_a_day_away_then_an_old_button(bot: OaBot, fake: FakeZaloOa, clock: Clock) -> None:
    intro = await bot.say(OA_A, U, "cài vneid")
    clock.now += timedelta(days=3)
    step = await bot.press(OA_A, U, "Bắt đầu", intro)
    assert "Bước 1/" in texts(step)
    assert step and not any(d.paid for d in step)  # the tap is a new message: a fresh free window


async def test_photos_voice_and_locations_get_a_polite_answer_and_nothing_is_lost(bot: OaBot, fake: FakeZaloOa) -> None:
    await bot.say(OA_A, U, "xin chào")
    photo = fake.message(OA_A, U, "ảnh lỗi đây", "user_send_image",
                         [oa_events.attachment("image", url="https://photo.zdn.vn/x.jpg")])
    assert "Mình chỉ đọc được chữ" in texts(await bot.deliver(photo))
    voice = fake.message(OA_A, U, None, "user_send_audio", [oa_events.attachment("audio", url="https://v.zdn.vn/a")])
    assert "Mình chỉ đọc được chữ" in texts(await bot.deliver(voice))
    spot = fake.message(OA_A, U, None, "user_send_location",
                        [oa_events.attachment("location", coordinates={"latitude": "21.0", "longitude": "105.8"})])
    assert "📋 Bạn cần hướng dẫn về việc gì?" in texts(await bot.deliver(spot))
    after = await bot.say(OA_A, U, "quên mật khẩu vneid")  # and the conversation goes on
    assert "VNeID" in texts(after)


async def test_an_otp_is_warned_about_and_not_kept(bot: OaBot) -> None:
    await bot.say(OA_A, U, "xin chào")
    warned = await bot.say(OA_A, U, "mã OTP của tôi là 482913")
    assert "OTP" in texts(warned) and "không lưu" in texts(warned)
    rows = await bot.db.fetchall("SELECT body FROM zalo_oa_inbox")
    assert rows and not [r for r in rows if "482913" in r["body"]]
    state = await bot.db.fetchall("SELECT data FROM conversation_state")
    assert not [r for r in state if "482913" in r["data"]]


async def test_follow_unfollow_and_the_chat_button(bot: OaBot, fake: FakeZaloOa, clock: Clock) -> None:
    followed = await bot.deliver(fake.follow(OA_A, V))
    assert "trợ lý tự động" in texts(followed) and "Cảm ơn bạn đã quan tâm" in texts(followed)
    person = await people.find_person(bot.db, "zalo_oa", f"{OA_A}:{V}")
    assert person is not None and person.village_code == "99001"
    assert not await broadcasts.announcements_off(bot.db, person.id)
    clock.now += timedelta(minutes=5)
    assert await bot.deliver(fake.follow(OA_A, V, "unfollow")) == []  # nothing follows them out
    assert await broadcasts.announcements_off(bot.db, person.id)
    clock.now += timedelta(days=1)
    again = await bot.deliver(fake.follow(OA_A, V))
    assert "Cảm ơn bạn đã quan tâm" in texts(again)
    assert not await broadcasts.announcements_off(bot.db, person.id)
    opened = await bot.deliver(fake.chatnow(OA_B, V))
    assert "trợ lý tự động" in texts(opened) and "🪪 VNeID và giấy tờ điện tử" in titles(opened)
    # No message id to reply to: these answers used the OA's quota (within 7 days of the interaction).
    assert followed and all(d.paid for d in followed + opened)
