"""Reading text aloud, offline: espeak-ng makes a WAV, ffmpeg turns it into what a channel plays.

Telegram plays OGG/Opus voice notes, Zalo's Bot Platform AAC. Clips are cached on disk by a hash of the
voice, the format and the exact text, so a guide step edited in its YAML gets a fresh clip and an unchanged
one is made once. Without espeak-ng or ffmpeg the feature is off: `available()` says so once at start.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)

MAX_CHARS = 1200  # a step is a few sentences; longer text is cut rather than read for minutes
TIMEOUT = 20.0  # seconds for synthesis plus encoding; a stuck process must not hold a turn


class AudioFormat(StrEnum):
    OPUS = "ogg"  # Telegram sendVoice: OGG container, Opus codec
    AAC = "aac"  # Zalo Bot Platform sendVoice: AAC (ADTS) at a public URL


_ENCODERS = {
    AudioFormat.OPUS: ["-c:a", "libopus", "-b:a", "24k", "-ac", "1", "-f", "ogg"],
    AudioFormat.AAC: ["-c:a", "aac", "-b:a", "48k", "-ac", "1", "-f", "adts"],
}


class SpeechError(Exception):
    """Synthesis or encoding failed; the caller answers with text only."""


class Speaker(Protocol):
    """Turns text into a playable file; a Piper or other voice can stand in for espeak-ng."""

    def available(self) -> bool: ...

    async def clip(self, text: str, fmt: AudioFormat) -> Path: ...


class Recognizer(Protocol):
    """Speech to text for residents' voice notes. No offline Vietnamese recogniser installs from the package
    registries today, so none ships; an operator's model plugs in here."""

    async def transcribe(self, audio: bytes, mime: str | None) -> str: ...


@dataclass
class EspeakSpeaker:
    """espeak-ng's Vietnamese voice (robotic but intelligible) with a disk cache."""

    cache_dir: Path
    voice: str = "vi"
    speed: int = 150  # words per minute; elderly listeners asked for slower than espeak's 175
    made: int = 0  # clips synthesised by this process (the rest came from the cache)

    def available(self) -> bool:
        return shutil.which("espeak-ng") is not None and shutil.which("ffmpeg") is not None

    def path_for(self, text: str, fmt: AudioFormat) -> Path:
        key = hashlib.sha256(f"espeak|{self.voice}|{self.speed}|{fmt}|{text}".encode()).hexdigest()[:32]
        return self.cache_dir / f"{key}.{fmt.value}"

    async def clip(self, text: str, fmt: AudioFormat) -> Path:
        """The cached clip for TEXT, made now when missing."""
        text = " ".join(text.split())[:MAX_CHARS]
        if not text:
            raise SpeechError("nothing to say")
        target = self.path_for(text, fmt)
        if target.is_file():
            return target
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=self.cache_dir) as scratch:
            wav = Path(scratch) / "speech.wav"
            await _run(["espeak-ng", "-v", self.voice, "-s", str(self.speed), "-w", str(wav), "--", text])
            partial = Path(scratch) / f"clip.{fmt.value}"
            await _run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", str(wav), *_ENCODERS[fmt], str(partial)])
            os.replace(partial, target)  # atomic: a concurrent request never reads half a file
        self.made += 1
        return target


@dataclass(frozen=True)
class Speech:
    """Text a reply also offers as a voice note; each channel asks for the format it plays."""

    text: str
    speaker: Speaker

    async def clip(self, fmt: AudioFormat) -> Path:
        return await self.speaker.clip(self.text, fmt)


async def _run(argv: list[str]) -> None:
    process = await asyncio.create_subprocess_exec(
        *argv, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE
    )
    try:
        _, err = await asyncio.wait_for(process.communicate(), TIMEOUT)
    except TimeoutError as exc:
        process.kill()
        await process.wait()
        raise SpeechError(f"{argv[0]} took longer than {TIMEOUT:.0f} s") from exc
    if process.returncode != 0:
        raise SpeechError(f"{argv[0]} failed: {err.decode(errors='replace').strip()[:200]}")
