"""Steps read aloud on Zalo: AAC made offline, sent by the web side's public URL, served by that web side."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fake_zalo import FakeZalo, free_port, update, user_id
from zalo_harness import ZaloBot, pick, zalo_config

from bot.core.speech import EspeakSpeaker
from bot.residents.library import GuideLibrary

pytestmark = pytest.mark.skipif(not EspeakSpeaker(Path("/tmp")).available(),
                                reason="espeak-ng and ffmpeg are not installed")
U = user_id(41)


@pytest.fixture
async def fake() -> AsyncIterator[FakeZalo]:
    async with FakeZalo() as server:
        yield server


@pytest.fixture
async def speaking(fake: FakeZalo, tmp_path: Path, guide_library: GuideLibrary) -> AsyncIterator[ZaloBot]:
    """The Zalo bot with reading aloud on and its web side public at a loopback address."""
    port = free_port()
    web = {"enabled": True, "listen": "127.0.0.1", "port": port, "public_url": f"http://127.0.0.1:{port}"}
    config = zalo_config(fake, tmp_path / "bot.db", web=web)
    async with ZaloBot(fake, config, library=guide_library) as bot:
        assert bot.services is not None
        bot.services.speech = EspeakSpeaker(Path(config.media.cache_dir))
        yield bot


async def test_listen_on_zalo_sends_an_aac_voice_note_the_web_side_serves(
    speaking: ZaloBot, fake: FakeZalo
) -> None:
    bot = speaking
    port = bot.config.web.port
    await bot.say(U, "xin chào")
    intro = await bot.say(U, "cài vneid")
    step = await bot.say(U, pick(intro, "Bắt đầu"))
    mark = fake.mark()
    await bot.say(U, pick(step, "Nghe"))
    [call] = fake.calls_to("sendVoice", chat_id=U, after=mark)
    url = str(call.params["voice_url"])
    assert url.startswith(f"http://127.0.0.1:{port}/voice/") and url.endswith(".aac")
    async with httpx.AsyncClient() as client:  # the bot's own web side, started with it
        answer = await client.get(url)
        missing = await client.get(f"http://127.0.0.1:{port}/voice/{'0' * 32}.aac")
        sneaky = await client.get(f"http://127.0.0.1:{port}/voice/..%2Fbot.db")
    assert answer.status_code == 200 and answer.content[:2] in (b"\xff\xf1", b"\xff\xf9")  # ADTS AAC
    assert "max-age" in answer.headers["cache-control"]
    assert missing.status_code == 404 and sneaky.status_code == 404


async def test_without_a_public_web_address_zalo_offers_no_listen_button(
    fake: FakeZalo, tmp_path: Path, guide_library: GuideLibrary
) -> None:
    async with ZaloBot(fake, zalo_config(fake, tmp_path / "bot.db"), library=guide_library) as bot:
        assert bot.services is not None
        bot.services.speech = EspeakSpeaker(tmp_path / "voice")
        await bot.say(U, "xin chào")
        intro = await bot.say(U, "cài vneid")
        step = await bot.say(U, pick(intro, "Bắt đầu"))
    assert "Bước 1/" in step and "Nghe" not in step


async def test_a_message_zalo_withholds_is_answered_aloud_too(speaking: ZaloBot, fake: FakeZalo) -> None:
    # message.unsupported.received: Zalo hid what someone it flags as unable to read sent. The offer of a
    # person comes as text and as a voice note.
    await speaking.say(U, "xin chào")
    mark = fake.mark()
    text = await speaking.send(update("message.unsupported.received", U))
    assert "chưa xem được tin nhắn" in text and "Nhờ người giúp" in text
    [call] = fake.calls_to("sendVoice", chat_id=U, after=mark)
    assert str(call.params["voice_url"]).endswith(".aac")
