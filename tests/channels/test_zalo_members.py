"""Team-member flows on Zalo: a help request claimed and answered, an assist logged, all by typed numbers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fake_zalo import FakeZalo, update, user_id
from members_world import MOT, seed_areas
from zalo_harness import ZaloBot, numbered, pick, zalo_config

from bot.residents.library import GuideLibrary
from storage import assists, people, teams

AN, LAN = user_id(21), user_id(22)


@pytest.fixture
async def fake() -> AsyncIterator[FakeZalo]:
    async with FakeZalo() as fake:
        yield fake


@pytest.fixture
async def bot(fake: FakeZalo, tmp_path: Path, guide_library: GuideLibrary) -> AsyncIterator[ZaloBot]:
    """Thôn Một has a team with An; Bà Lan lives there. Both have written to the bot on Zalo before."""
    async with ZaloBot(fake, zalo_config(fake, tmp_path / "bot.db"), via_run=True, library=guide_library) as bot:
        await seed_areas(bot.db)
        team = await teams.create_team(bot.db, "Tổ CNS thôn Một", MOT)
        member, _ = await people.touch_person(bot.db, "zalo", AN, AN, "An", "vi")
        await teams.join_team(bot.db, team.id, member.id)
        resident, _ = await people.touch_person(bot.db, "zalo", LAN, LAN, "Bà Lan", "vi")
        await people.set_village(bot.db, resident.id, MOT)
        yield bot


async def test_a_help_request_is_claimed_and_answered_on_zalo(bot: ZaloBot, fake: FakeZalo) -> None:
    intro = await bot.say(LAN, "cách tải app vneid về điện thoại")
    step = await bot.say(LAN, pick(intro, "Bắt đầu"))
    stuck = await bot.say(LAN, pick(step, "Tôi bị kẹt"))
    mark = fake.mark()
    assert "Em đã ghi lại yêu cầu số 1" in await bot.say(LAN, pick(stuck, "Nhờ tổ công nghệ số"))
    (alert,) = fake.texts(AN, after=mark)
    assert "🆘 Yêu cầu hỗ trợ #1" in alert and "Bà Lan (Thôn Một)" in alert and "Đang kẹt ở bước 1/" in alert

    mark = fake.mark()
    claimed = await bot.say(AN, pick(alert, "Nhận việc"), name="An")
    assert "Bạn đã nhận yêu cầu #1" in claimed
    (told,) = fake.texts(LAN, after=mark)
    assert "An ở tổ công nghệ số đã nhận yêu cầu #1" in told
    assert "Bạn gõ tin nhắn gửi cho Bà Lan" in await bot.say(AN, pick(claimed, "Nhắn cho người dân"), name="An")
    mark = fake.mark()
    assert "Đã gửi" in await bot.say(AN, "Cháu qua lúc 3 giờ chiều ạ", name="An")
    (relayed,) = fake.texts(LAN, after=mark)
    assert relayed.startswith("💬 An (tổ công nghệ số) nhắn:\nCháu qua lúc 3 giờ chiều ạ")
    assert numbered(relayed) == {"↩️ Trả lời": "1", "📋 Danh mục": "0"}


async def test_a_member_logs_an_assist_with_digits_and_a_typed_count(
    bot: ZaloBot, guide_library: GuideLibrary
) -> None:
    level2 = guide_library.get("vneid-level2")
    assert level2 is not None
    form = await bot.say(AN, "/ghi", name="An")
    assert "gõ một dòng: việc gì, cho ai, hộ nào, ở đâu" in form
    ask = await bot.say(AN, pick(form, level2.title.vi), name="An")
    assert "Ai được giúp?" in ask and not numbered(ask)  # no list, so "7" is a number of people
    screen = await bot.say(AN, "7", name="An")
    assert "• Số người: 7" in screen
    screen = await bot.say(AN, pick(screen, "Mình làm hộ"), name="An")
    assert "• Cách làm: làm hộ" in screen and pick(screen, "Lưu") == "1"
    assert "✅ Đã lưu, số phiếu #1." in await bot.say(AN, pick(screen, "Lưu"), name="An")
    member = await people.find_person(bot.db, "zalo", AN)
    assert member is not None
    saved = await assists.last_assist(bot.db, member.id)
    assert saved is not None and (saved.guide_id, saved.people_count, saved.mode) == ("vneid-level2", 7, "for_them")


async def test_a_voice_note_reaches_the_member_who_took_the_request(bot: ZaloBot, fake: FakeZalo) -> None:
    # message.voice.received carries the note's address; while a request is taken it goes to the member.
    intro = await bot.say(LAN, "cách tải app vneid về điện thoại")
    stuck = await bot.say(LAN, pick(await bot.say(LAN, pick(intro, "Bắt đầu")), "Tôi bị kẹt"))
    mark = fake.mark()
    await bot.say(LAN, pick(stuck, "Nhờ tổ công nghệ số"))
    (alert,) = fake.texts(AN, after=mark)
    await bot.say(AN, pick(alert, "Nhận việc"), name="An")
    mark = fake.mark()
    await bot.send(update("message.voice.received", LAN, name="Bà Lan", voice_url="https://voice.zdn.vn/lan.aac"))
    relayed = fake.texts(AN, after=mark)
    assert len(relayed) == 1 and "Bà Lan" in relayed[0] and "https://voice.zdn.vn/lan.aac" in relayed[0]
