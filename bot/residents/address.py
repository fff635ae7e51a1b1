"""How residents want to be called: "gọi tôi là bác", /xungho, stored per person (bác–cháu, anh–em…)."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.core.engine import Turn
from bot.core.i18n import ADDRESS_FORMS, Catalog
from bot.core.messages import Choice, Reply
from bot.core.normalize import fold
from bot.residents import screens
from storage import people

T = Catalog({
    "ask": {
        "vi": "{Me} nên gọi {you} thế nào cho phải phép ạ?",
        "en": "How would you like me to address you in Vietnamese?",
    },
    "saved": {
        "vi": "Dạ, từ giờ {me} xin gọi là {you} ạ. {You} cần {me} giúp việc gì?",
        "en": "Thank you, noted. What can I help you with?",
    },
})
# "gọi tôi là bác", "cứ gọi cô là cô", "xưng hô: anh", "gọi em bằng em" (folded, tones stripped)
_CALL_ME = re.compile(
    r"^(?:xin |cu |hay |ban |chau |em |thi )*(?:goi|xung ho voi|xung ho)"
    r"(?: (?:toi|tui|minh|tao|bac|ong|ba|co|chu|anh|chi|em|con))?(?: (?:la|bang))? "
    r"(bac|ong|ba|co|chu|anh|chi|em|ban)(?: (?:nhe|nha|nhe chau|a|di|thoi))*$"
)


def wanted_form(text: str) -> str | None:
    """The address form asked for in TEXT ("gọi tôi là bác" → "bac"), or None."""
    words = " ".join(fold(text).replace(":", " ").split()).strip(" .!?")
    found = _CALL_ME.match(words)
    return found.group(1) if found else None


async def choose(turn: Turn, arg: str) -> list[Reply]:
    """/xungho [form]: pick how the bot addresses you; a form given directly is saved."""
    form = fold(arg).strip()
    if form in ADDRESS_FORMS:
        return await save(turn, form)
    choices = tuple(Choice(you.capitalize(), f"x:{key}") for key, (you, _) in ADDRESS_FORMS.items())
    return [Reply(T(turn.voice, "ask"), choices)]


async def save(turn: Turn, form: str) -> list[Reply]:
    """x:<form>: store it; everything from now on uses the matching pair."""
    if form not in ADDRESS_FORMS:
        return await choose(turn, "")
    await people.set_address(turn.db, turn.person.id, form)
    turn.person = replace(turn.person, address_as=form)
    return [Reply(T(turn.voice, "saved"), (*_back_to_step(turn), screens.menu_choice(turn)))]


def _back_to_step(turn: Turn) -> tuple[Choice, ...]:
    """Saying how to be called in the middle of a guide keeps the place: one tap back to the step."""
    guide = turn.library.get(str(turn.state.get("guide", "")))
    step = turn.state.get("step")
    if guide is None or not isinstance(step, int) or not 1 <= step <= len(guide.steps):
        return ()
    return (screens.back_choice(turn, guide.id, step),)
