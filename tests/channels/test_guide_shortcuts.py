"""Codes and deep links on the real channels: Telegram's /start payload, a code typed on Zalo."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fake_telegram import FakeTelegram
from fake_zalo import FakeZalo, user_id
from telegram_harness import Resident, TelegramBot, telegram_config
from zalo_harness import ZaloBot, pick, zalo_config

from bot.residents.library import GuideLibrary


async def test_a_telegram_deep_link_opens_the_guide_with_its_buttons(
    fake_telegram: FakeTelegram, tmp_path: Path, guide_library: GuideLibrary
) -> None:
    async with TelegramBot(telegram_config(fake_telegram, tmp_path / "bot.db"), guide_library):
        resident = Resident(fake_telegram, 4101, "Ông Năm")
        # t.me/<bot>?start=VNEID2 arrives as "/start VNEID2"; a newcomer is also told it is an assistant.
        replies = await resident.say("/start VNEID2", count=2)
        assert "trợ lý tự động" in replies[0].text
        assert "📘 Định danh mức 2 và kích hoạt tài khoản VNeID" in replies[1].text
        assert "g:vneid-level2:1" in [data for row in replies[1].buttons for _, data in row]
        [typed] = await resident.say("qr1")
        assert "📘 Trả tiền bằng cách quét mã QR" in typed.text


@pytest.fixture
async def fake() -> AsyncIterator[FakeZalo]:
    async with FakeZalo() as fake:
        yield fake


async def test_a_code_typed_on_zalo_opens_the_guide_and_numbers_follow_it(
    fake: FakeZalo, tmp_path: Path, guide_library: GuideLibrary
) -> None:
    async with ZaloBot(fake, zalo_config(fake, tmp_path / "bot.db"), via_run=True, library=guide_library) as bot:
        resident = user_id(41)
        text = await bot.say(resident, "Vneid 1")
        install = guide_library.get("vneid-install")
        assert install is not None
        assert "trợ lý tự động" in text and f"📘 {install.title.vi}" in text
        step = await bot.say(resident, pick(text, "Bắt đầu"))
        assert "Bước 1/" in step
