"""Steps read aloud: "🔊 Nghe" under a step, and /nghe for people who want every step as a voice note."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.core.engine import Feature, Turn
from bot.core.i18n import Catalog
from bot.core.messages import Choice, Reply
from bot.core.speech import Speech
from bot.residents.guides import Guide

T = Catalog({
    "btn_listen": {"vi": "🔊 Nghe đọc bước này", "en": "🔊 Listen to this step"},
    "caption": {"vi": "🔊 {title} — bước {n}/{total}", "en": "🔊 {title} — step {n}/{total}"},
    "spoken_step": {"vi": "Bước {n}.", "en": "Step {n}."},
    "off": {
        "vi": "{Me} xin lỗi, chức năng đọc to chưa được bật trên máy chủ này. Mời {you} đọc chữ ở trên, hoặc "
              "bấm «Nhờ tổ công nghệ số» để có người giúp.",
        "en": "Sorry, reading aloud is not switched on for this service. Please read the text above, or ask "
              "the village team for help.",
    },
    "voice_on": {
        "vi": "🔊 Từ giờ mỗi bước hướng dẫn sẽ kèm một tin nhắn thoại đọc to. Gõ /nghe lần nữa để tắt.",
        "en": "🔊 From now on every guide step comes with a voice note. Type /nghe again to turn it off.",
    },
    "voice_off": {
        "vi": "Đã tắt đọc to tự động. {You} vẫn bấm «🔊 Nghe» ở từng bước được.",
        "en": "Automatic reading aloud is off. You can still press “🔊 Listen” on any step.",
    },
    "guide_gone": {"vi": "Hướng dẫn này không còn nữa.", "en": "That guide is no longer available."},
})

VOICE_FIRST = "voice_first"  # state key: every step also comes as a voice note
_SYMBOLS = re.compile(r"[^\w\s.,;:!?()%/-]")  # emoji, arrows and quote marks are not read out


def spoken(text: str) -> str:
    """What the voice reads: the words, without emoji and decorations."""
    return " ".join(_SYMBOLS.sub(" ", text).split())


def step_speech(turn: Turn, guide: Guide, n: int) -> Speech | None:
    speaker = turn.services.speech
    if speaker is None:
        return None
    step = guide.steps[n - 1]
    voice = replace(turn.voice, you=turn.voice.you.replace("/", " "))  # "anh/chị" is said "anh chị"
    parts = [T(turn.locale, "spoken_step", n=n), step.text.get(voice)]
    if step.warning:
        parts.append(step.warning.get(voice))
    return Speech(spoken(" ".join(parts)), speaker)


def listen_choice(turn: Turn, guide: Guide, n: int) -> tuple[Choice, ...]:
    """The "🔊 Nghe" button, only where reading aloud works."""
    if turn.services.speech is None or not turn.incoming.plays_voice:
        return ()
    return (Choice(T(turn.voice, "btn_listen"), f"v:{guide.id}:{n}"),)


def voice_first(turn: Turn) -> bool:
    return turn.state.get(VOICE_FIRST) is True


async def listen(turn: Turn, arg: str) -> list[Reply]:
    """v:<guide>:<n>: the step as a voice note."""
    guide_id, _, number = arg.rpartition(":")
    guide = turn.library.get(guide_id)
    if guide is None or not number.isdigit() or not 1 <= int(number) <= len(guide.steps):
        return [Reply(T(turn.voice, "guide_gone"), (Choice("📋 Menu", "m"),))]
    n = int(number)
    speech = step_speech(turn, guide, n)
    if speech is None:
        return [Reply(T(turn.voice, "off"))]
    caption = T(turn.voice, "caption", title=guide.title.get(turn.voice), n=n, total=len(guide.steps))
    return [Reply(caption, speech=speech)]


async def toggle(turn: Turn, arg: str) -> list[Reply]:
    """/nghe: every step read aloud, or not."""
    if turn.services.speech is None:
        return [Reply(T(turn.voice, "off"))]
    on = not voice_first(turn)
    if on:
        turn.state[VOICE_FIRST] = True
    else:
        turn.state.pop(VOICE_FIRST, None)
    return [Reply(T(turn.voice, "voice_on" if on else "voice_off"))]


FEATURE = Feature(commands={"nghe": toggle, "listen": toggle}, actions={"v": listen})
