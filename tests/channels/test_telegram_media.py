"""Photos read and steps spoken on Telegram: the real PTB application against the loopback fake Bot API."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fake_telegram import FakeTelegram
from screenshots import error_dialog
from telegram_harness import Resident, TelegramBot, telegram_config

from bot.core.ocr import TesseractReader
from bot.core.speech import EspeakSpeaker
from bot.residents.library import GuideLibrary

pytestmark = pytest.mark.skipif(
    not (TesseractReader().available() and EspeakSpeaker(Path("/tmp")).available()),
    reason="tesseract-ocr(-vie), espeak-ng and ffmpeg are not installed",
)


@pytest.fixture
async def bot(fake_telegram: FakeTelegram, tmp_path: Path, guide_library: GuideLibrary) -> AsyncIterator[TelegramBot]:
    async with TelegramBot(telegram_config(fake_telegram, tmp_path / "bot.db"), guide_library) as running:
        running.services.ocr = TesseractReader()
        running.services.speech = EspeakSpeaker(tmp_path / "voice")
        yield running


async def test_a_screenshot_sent_on_telegram_is_downloaded_read_and_answered(
    bot: TelegramBot, fake_telegram: FakeTelegram
) -> None:
    lan = Resident(fake_telegram, 3001)
    await lan.say("/start")
    mark = fake_telegram.mark()
    fake_telegram.photo(lan.user_id, content=error_dialog("Hệ thống đang bảo trì", seed=5), file_id="screen-1")
    [answer] = await fake_telegram.replies(lan.user_id, 1, after=mark)
    assert "Màn hình báo «Hệ thống đang bảo trì»" in answer.text
    assert [c.params["file_id"] for c in fake_telegram.calls_to("getFile", after=mark)] == ["screen-1"]


async def test_listen_sends_an_opus_voice_note_through_send_voice(
    bot: TelegramBot, fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    lan = Resident(fake_telegram, 3002)
    await lan.say("/start")
    await lan.press("g:vneid-install:1")
    buttons = [data for row in lan.last_with_buttons()["reply_markup"]["inline_keyboard"]
               for data in [row[0]["callback_data"]]]
    assert "v:vneid-install:1" in buttons
    mark = fake_telegram.mark()
    await lan.press("v:vneid-install:1", count=2)
    [voice] = fake_telegram.calls_to("sendVoice", after=mark)
    clip = tmp_path / "sent.ogg"
    clip.write_bytes(voice.files["voice"])
    probe = await asyncio.create_subprocess_exec(
        "ffprobe", "-v", "error", "-show_entries", "stream=codec_name:format=duration", "-of", "json", str(clip),
        stdout=asyncio.subprocess.PIPE)
    probed = json.loads((await probe.communicate())[0])
    assert probed["streams"][0]["codec_name"] == "opus" and float(probed["format"]["duration"]) > 1
