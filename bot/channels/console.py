"""The console channel: the reference adapter, a way to try the bot, and the tests' driver."""

from __future__ import annotations

import asyncio
import sys
from collections import defaultdict
from itertools import count
from pathlib import Path
from typing import TextIO
from uuid import uuid4

from bot.channels.numbered import render
from bot.core.engine import Engine
from bot.core.messages import Choice, Incoming, Kind, Media, Reply
from bot.core.speech import AudioFormat, SpeechError

CHANNEL = "console"
# Typed in the console to send a file as if it were a photo or a voice note from a phone.
MEDIA_PREFIXES = {":anh": Kind.PHOTO, ":photo": Kind.PHOTO, ":thoai": Kind.VOICE, ":voice": Kind.VOICE}


class ConsoleChannel:
    """Turns typed lines into Incoming and replies into numbered text."""

    numbered = True

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.outbox: dict[str, list[str]] = defaultdict(list)  # chat id → texts sent by others' turns
        self.last_replies: list[Reply] = []
        self.voice_notes: list[Path] = []  # clips the bot "sent", newest last
        self._ids = count(1)
        self._session = uuid4().hex[:8]  # message ids stay unique across restarts

    async def send(self, chat_id: str, reply: Reply) -> None:
        """Deliver a message that another person's turn produced (team alerts, broadcasts)."""
        self.outbox[chat_id].append(render(reply, reply.locale))

    async def say(self, text: str, user: str = "local", name: str = "Bạn", private: bool = True) -> str:
        """Send TEXT as USER and return everything the bot answered, rendered."""
        incoming = Incoming(
            channel=CHANNEL, user_id=user, chat_id=user, display_name=name, text=text, kind=Kind.TEXT,
            message_id=f"{self._session}:{user}:{next(self._ids)}", is_private=private, numbered_choices=True,
        )
        return await self.deliver(incoming)

    async def press(self, action: str, user: str = "local", name: str = "Bạn") -> str:
        """Press a button by its action string (as Telegram would)."""
        incoming = Incoming(
            channel=CHANNEL, user_id=user, chat_id=user, display_name=name, action=action, kind=Kind.ACTION,
            message_id=f"{self._session}:{user}:{next(self._ids)}", numbered_choices=True,
        )
        return await self.deliver(incoming)

    async def send_file(self, path: str | Path, kind: Kind, user: str = "local", caption: str | None = None) -> str:
        """Send a local file as a photo or voice note; the bot fetches it back through ``fetch_media``."""
        incoming = Incoming(
            channel=CHANNEL, user_id=user, chat_id=user, display_name="Bạn", kind=kind,
            message_id=f"{self._session}:{user}:{next(self._ids)}", numbered_choices=True,
            media=Media(kind, str(path), caption=caption),
        )
        return await self.deliver(incoming)

    async def fetch_media(self, media: Media) -> bytes:
        return await asyncio.to_thread(Path(media.ref).read_bytes)

    async def deliver(self, incoming: Incoming) -> str:
        self.last_replies = await self.engine.handle(incoming)
        return "\n\n".join([await self._draw(reply) for reply in self.last_replies])

    async def _draw(self, reply: Reply) -> str:
        text = render(reply, reply.locale)
        if reply.speech is None:
            return text
        try:
            clip = await reply.speech.clip(AudioFormat.OPUS)
        except SpeechError as exc:
            return f"{text}\n(🔊 {exc})"
        self.voice_notes.append(clip)
        return f"{text}\n(🔊 {clip})"

    def choices(self) -> list[Choice]:
        """The choices of the last reply that had any."""
        with_choices = [r for r in self.last_replies if r.choices]
        return list(with_choices[-1].choices) if with_choices else []

    async def interact(self, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout, user: str = "local") -> None:
        """Read lines until end of input or /quit, printing the bot's answers."""
        # Nobody's name is known at a terminal: greeted without one ("Xin chào!"), never as "Bạn".
        stdout.write(await self.say("/start", user, name="") + "\n")
        while True:
            stdout.write("\n> ")
            stdout.flush()
            line = await asyncio.to_thread(stdin.readline)
            if not line or line.strip() in ("/quit", "/exit"):
                return
            if not line.strip():
                continue
            prefix, _, rest = line.strip().partition(" ")
            if prefix in MEDIA_PREFIXES and rest:
                stdout.write("\n" + await self.send_file(rest.strip(), MEDIA_PREFIXES[prefix], user) + "\n")
                continue
            stdout.write("\n" + await self.say(line.rstrip("\n"), user, name="") + "\n")
            for text in self.outbox.pop(user, []):
                stdout.write("\n" + text + "\n")
