"""The member flows through the real PTB Application against the fake Bot API: buttons, presses, redelivery."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fake_telegram import JSON, Call, FakeTelegram
from members_world import MOT, seed_areas
from telegram_harness import Resident, TelegramBot, telegram_config

from bot.members.help_desk import desk as help_desk
from bot.residents.library import GuideLibrary
from storage import conversations, people, teams

MEMBER, RESIDENT = 2001, 3001


@pytest.fixture
async def bot(fake_telegram: FakeTelegram, tmp_path: Path, guide_library: GuideLibrary) -> AsyncIterator[TelegramBot]:
    async with TelegramBot(telegram_config(fake_telegram, tmp_path / "bot.db"), guide_library) as running:
        assert running.services is not None
        db = running.services.db
        running.services.help_router = help_desk.route_request
        await seed_areas(db)
        team = await teams.create_team(db, "Tổ CNS thôn Một", MOT)
        member, _ = await people.touch_person(db, "telegram", str(MEMBER), str(MEMBER), "An", "vi")
        await teams.join_team(db, team.id, member.id)
        resident, _ = await people.touch_person(db, "telegram", str(RESIDENT), str(RESIDENT), "Bà Lan", "vi")
        for person in (member, resident):  # both have written before and were greeted then
            await conversations.save_state(db, person.id, {"greeted": True})
        await people.set_village(db, resident.id, MOT)
        yield running


async def tap(fake: FakeTelegram, user: int, name: str, label: str, message: JSON | None = None) -> list[Call]:
    """Press the button labelled LABEL as USER named NAME (the harness's click always says «Bà Lan»)."""
    message = message or [m for m in fake.sent(user) if m.get("reply_markup")][-1]
    data = next(b["callback_data"] for row in message["reply_markup"]["inline_keyboard"] for b in row
                if label in b["text"])
    mark = fake.mark()
    fake.press(user, message, data, name=name)
    await fake.wait_for("answerCallbackQuery", after=mark)
    return await fake.replies(user, after=mark)


async def count(bot: TelegramBot, sql: str) -> int:
    assert bot.services is not None
    row = await bot.services.db.fetchone(sql)
    assert row is not None
    return int(row[0])


async def test_log_on_telegram_by_buttons_and_typed_digits_is_saved_once(
        bot: TelegramBot, fake_telegram: FakeTelegram, guide_library: GuideLibrary) -> None:
    an = Resident(fake_telegram, MEMBER, name="An")
    [form] = await an.say("/ghi")
    assert "gõ một dòng: việc gì, cho ai, hộ nào, ở đâu" in form.text
    level2 = guide_library.get("vneid-level2")
    assert level2 is not None
    [ask] = await tap(fake_telegram, MEMBER, "An", level2.title.vi)
    assert "Ai được giúp?" in ask.text and [label for row in ask.buttons for label, _ in row] == ["◀️ Quay lại"]
    [summary] = await an.say("bà Lan, ông Tư")
    assert "• Số người: 2" in summary.text and "• Tên: bà Lan, ông Tư" in summary.text
    labels = [label for row in summary.buttons for label, _ in row]
    assert labels[0] == "💾 Lưu" and labels[1] == "🤝 Mình làm hộ" and labels[-1] == "✖️ Huỷ"
    [again] = await an.say("2")  # typed, not pressed: the same meaning as the second button
    assert "• Cách làm: làm hộ" in again.text
    confirm_message = an.last_with_buttons()
    mark = fake_telegram.mark()
    press = fake_telegram.press(MEMBER, confirm_message, next(
        data for row in again.buttons for label, data in row if "Lưu" in label), name="An")
    [saved] = await fake_telegram.replies(MEMBER, after=mark)
    assert "✅ Đã lưu, số phiếu #1." in saved.text
    mark = fake_telegram.mark()
    fake_telegram.redeliver(press)  # Telegram sends the same press again: answered, nothing new said
    await fake_telegram.wait_for("answerCallbackQuery", after=mark)
    [second] = await tap(fake_telegram, MEMBER, "An", "Lưu", message=confirm_message)  # a second tap
    assert "đã được lưu rồi, số phiếu #1" in second.text
    assert len(fake_telegram.calls_to("sendMessage", chat_id=MEMBER, after=mark)) == 1
    assert await count(bot, "SELECT count(*) FROM assists") == 1
    assert await count(bot, "SELECT count(*) FROM assists WHERE mode = 'for_them' AND people_count = 2") == 1


async def test_help_request_reaches_the_member_who_claims_and_answers(bot: TelegramBot,
                                                                       fake_telegram: FakeTelegram) -> None:
    lan = Resident(fake_telegram, RESIDENT, name="Bà Lan")
    an = Resident(fake_telegram, MEMBER, name="An")
    await lan.say("/start")
    await lan.say("cách tải app vneid về điện thoại")
    await lan.click("Bắt đầu")
    await lan.click("Tôi bị kẹt")
    mark = fake_telegram.mark()
    saved, sent = await lan.click("Nhờ tổ công nghệ số", count=2)
    assert "Em đã ghi lại yêu cầu số 1" in saved.text and "tổ công nghệ số Thôn Một" in sent.text
    [alert] = await fake_telegram.replies(MEMBER, after=mark)
    assert "🆘 Yêu cầu hỗ trợ #1" in alert.text and "Bà Lan (Thôn Một)" in alert.text
    assert "Đang kẹt ở bước 1/" in alert.text
    assert [data for row in alert.buttons for _, data in row] == ["rq:claim:1"]
    mark = fake_telegram.mark()
    [claimed] = await tap(fake_telegram, MEMBER, "An", "Nhận việc")
    assert "Bạn đã nhận yêu cầu #1" in claimed.text
    [told] = await fake_telegram.replies(RESIDENT, after=mark)
    assert "An ở tổ công nghệ số đã nhận yêu cầu #1" in told.text
    await tap(fake_telegram, MEMBER, "An", "Nhắn cho người dân")
    mark = fake_telegram.mark()
    await an.say("Cháu qua lúc 3 giờ chiều ạ")
    [relayed] = await fake_telegram.replies(RESIDENT, after=mark)
    assert relayed.text.startswith("💬 An (tổ công nghệ số) nhắn:")
    # The resident answers with a photo, no button first: the member gets the same file, copied by file_id.
    mark = fake_telegram.mark()
    fake_telegram.photo(RESIDENT, name="Bà Lan", caption="màn hình báo lỗi")
    [told_resident] = await fake_telegram.replies(RESIDENT, after=mark)
    assert "Đã chuyển cho An" in told_resident.text
    header, photo = await fake_telegram.replies(MEMBER, 2, after=mark)
    assert header.text.startswith("💬 Bà Lan (yêu cầu #1) nhắn:") and "màn hình báo lỗi" in header.text
    assert photo.method == "sendPhoto" and photo.params["photo"] == "photo-1"
