"""Steps read aloud: real espeak-ng and ffmpeg, valid Opus and AAC files, a cache that is hit."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from bot.channels.console import ConsoleChannel
from bot.core.engine import Services
from bot.core.speech import AudioFormat, EspeakSpeaker, Speech

needs_speech = pytest.mark.skipif(not EspeakSpeaker(Path("/tmp")).available(),
                                  reason="espeak-ng and ffmpeg are not installed")


def probe(path: Path) -> tuple[str, float]:
    """(codec, seconds) as ffprobe reads the file."""
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=codec_name:format=duration",
                          "-of", "json", str(path)], capture_output=True, text=True, check=True).stdout
    found = json.loads(out)
    return found["streams"][0]["codec_name"], float(found["format"]["duration"])


@needs_speech
async def test_listen_sends_the_step_as_an_opus_voice_note(console: ConsoleChannel, services: Services) -> None:
    await console.press("g:vneid-install:1")
    listen = next(c for c in console.choices() if c.action == "v:vneid-install:1")
    assert listen.label.startswith("🔊")
    out = await console.press(listen.action)
    assert "🔊" in out and "bước 1/" in out
    clip = console.voice_notes[-1]
    codec, seconds = probe(clip)
    guide = services.library.get("vneid-install")
    assert guide is not None
    words = len(guide.steps[0].text.vi.split())
    assert codec == "opus"
    assert words / 5 < seconds < words * 1.2  # espeak reads 2–4 words a second at this speed


@needs_speech
async def test_a_second_request_is_served_from_the_cache(console: ConsoleChannel, services: Services) -> None:
    speaker = services.speech
    assert isinstance(speaker, EspeakSpeaker)
    await console.press("v:vneid-install:2")
    made = speaker.made
    await console.press("v:vneid-install:2", user="someone-else")
    assert speaker.made == made
    assert console.voice_notes[-1] == console.voice_notes[-2]


@needs_speech
async def test_an_edited_step_gets_a_fresh_clip_and_aac_plays_on_zalo(tmp_path: Path) -> None:
    speaker = EspeakSpeaker(tmp_path)
    first = await Speech("Bước một. Mở ứng dụng VNeID.", speaker).clip(AudioFormat.AAC)
    edited = await Speech("Bước một. Mở ứng dụng VNeID trên điện thoại.", speaker).clip(AudioFormat.AAC)
    assert first != edited and speaker.made == 2
    codec, seconds = probe(edited)
    assert codec == "aac" and 1.5 < seconds < 15


@needs_speech
async def test_voice_first_sends_every_step_as_a_voice_note(console: ConsoleChannel) -> None:
    out = await console.say("/nghe")
    assert "mỗi bước hướng dẫn sẽ kèm một tin nhắn thoại" in out
    await console.press("g:vneid-install:1")
    await console.say("tiếp")
    assert len(console.voice_notes) == 2
    await console.say("/nghe")
    await console.say("tiếp")
    assert len(console.voice_notes) == 2


async def test_without_espeak_there_is_no_button_and_a_polite_answer(console: ConsoleChannel,
                                                                     services: Services) -> None:
    services.speech = None
    await console.press("g:vneid-install:1")
    assert not any(c.action.startswith("v:") for c in console.choices())
    out = await console.press("v:vneid-install:1")  # an old button from before
    assert "chưa được bật" in out
    assert "chưa được bật" in await console.say("/nghe")


async def test_a_stale_listen_button_names_the_problem(console: ConsoleChannel) -> None:
    assert "không còn nữa" in await console.press("v:no-such-guide:1")
    assert "không còn nữa" in await console.press("v:vneid-install:99")


@needs_speech
async def test_the_voice_reads_a_step_in_the_readers_pair(console: ConsoleChannel) -> None:
    def spoken() -> str:
        return next(r.speech for r in console.last_replies if r.speech is not None).text

    await console.press("v:vneid-install:5")
    assert "đứng tên anh chị" in spoken() and "anh/chị" not in spoken()  # said as words, not "slash"
    await console.say("gọi tôi là bác")
    await console.press("v:vneid-install:5")
    assert "đứng tên bác" in spoken()
