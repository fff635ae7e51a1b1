"""Free text from a resident: inside a guide first, then as a question; greetings, help and urgency first.

Order: navigation words in a guide → "nhờ tổ giúp" (always a help request) → how to be called → greetings
and thanks → urgent cases ("lỡ đọc mã": the action before anything) → the current guide's own problems →
the search (guide, troubleshooting entry, referral, near ties as a choice) → "no guide", with a person
one tap away. Inside a guide every answer keeps a way back to the step.
"""

from __future__ import annotations

from bot.core.engine import Turn
from bot.core.messages import Choice, Reply
from bot.core.normalize import normal
from bot.residents import address, screens
from bot.residents.feature import ask_team, main_menu, menu_choices, open_guide, stuck
from bot.residents.guides import Guide
from bot.residents.search import MATCH_THRESHOLD, Hit, near_ties
from bot.residents.text import T

_NEXT = {"tiep", "tiep theo", "tiep tuc", "next", "ok", "xong", "roi", "duoc roi", "lam tiep", "xong roi"}
_BACK = {"quay lai", "lui", "lui lai", "back", "tro lai"}
_MENU = {"menu", "danh muc", "muc luc", "bat dau lai", "trang chu"}
_STUCK = {"ket", "bi ket", "toi bi ket", "kho qua", "khong lam duoc", "stuck"}
# Asking for a person, however it is put: always a help request, never a search.
_HELP = ("nho to", "goi nguoi", "can nguoi", "nho nguoi", "nho ai", "gap nguoi", "nho can bo", "goi to",
         "nho thanh vien", "nho chau", "nho doan thanh nien", "can ai giup", "nguoi that")
_GREETING = {"xin", "chao", "alo", "hello", "hi", "a", "oi", "nhe", "nha", "chau", "bac", "em", "anh", "chi", "co",
             "chu", "ong", "ba", "ban", "minh", "bot", "tro", "ly", "buoi", "sang", "chieu", "toi", "day", "ha",
             "u", "vang", "da"}
_HELLO_WORDS = {"chao", "alo", "hello", "hi", "oi"}  # "oi" (ơi) calls someone: "bạn ơi", "cháu ơi"
_WHO = {"la", "ai", "ten", "gi", "may", "vay", "the"}
_THANKS = {"cam on", "thank", "thanks", "cam on nhieu", "thank you"}
ENTRY_THRESHOLD = 0.25  # inside a guide, its own problems are the likeliest meaning of a vaguer message
IN_GUIDE_MARGIN = 0.25  # … unless another guide answers clearly better


def _is_help(words: str) -> bool:
    return any(f" {phrase} " in f" {words} " for phrase in _HELP)


def _is_greeting(words: str) -> bool:
    tokens = words.split()
    return bool(tokens) and set(tokens) <= _GREETING and bool(_HELLO_WORDS & set(tokens))


def _is_who(words: str) -> bool:
    """"bạn là ai", "cháu tên gì": who the bot is, not a topic ("tên" would open a guide about names)."""
    tokens = set(words.split())
    return bool({"ai", "ten"} & tokens) and tokens <= _GREETING | _WHO


def _is_thanks(words: str) -> bool:
    return any(words.startswith(t) or f" {t}" in words for t in _THANKS) and len(words.split()) <= 6


def _urgent_guide(turn: Turn, words: str) -> Guide | None:
    """The guide whose urgent block names what the question says already happened."""
    padded = f" {words} "
    for guide in turn.library.current.guides.values():
        if guide.urgent and any(f" {normal(w)} " in padded for w in guide.urgent.when):
            return guide
    return None


def _back(turn: Turn, guide_id: str, step: int) -> Choice | None:
    """The way back to where the resident was; none when they had only seen the guide's intro."""
    return screens.back_choice(turn, guide_id, step) if step else None


async def question(turn: Turn, text: str) -> list[Reply]:
    """Free text nobody else took."""
    words = normal(text)
    guide_id, saved_step = turn.state.get("guide"), turn.state.get("step")
    current = turn.library.get(guide_id) if isinstance(guide_id, str) else None
    step = saved_step if isinstance(saved_step, int) and current else 0
    if current and words in _NEXT:
        return await open_guide(turn, f"{current.id}:{step + 1}")
    if current and words in _BACK:
        return await open_guide(turn, f"{current.id}:{max(step - 1, 0)}")
    if current and words in _STUCK:
        return await stuck(turn, f"{current.id}:{max(step, 1)}")
    if words in _MENU:
        return main_menu(turn)
    if _is_help(words):
        return await ask_team(turn, f"{current.id}:{step}" if current else "")
    form = address.wanted_form(text)
    if form:
        return await address.save(turn, form)
    small_talk = "hello" if _is_greeting(words) else "who" if _is_who(words) else None
    if small_talk:  # "cháu ơi" inside a guide often comes before the question: keep the way back to the step
        back = _back(turn, current.id, step) if current else None
        return [Reply(T(turn.voice, small_talk), (*((back,) if back else ()), *menu_choices(turn)), home=not back)]
    if _is_thanks(words):
        return [Reply(T(turn.voice, "thanks"), (screens.menu_choice(turn),))]
    urgent = _urgent_guide(turn, words)
    if urgent is not None:
        return await _urgent(turn, urgent)
    # Inside a guide every hit is wanted (its own problems may rank lower); the search runs once either way.
    found = turn.library.find(text, limit=100 if current is not None else 3)
    hits = [h for h in found[:3] if h.score >= MATCH_THRESHOLD]
    if current is not None:
        return await _in_guide(turn, current, step, found, hits)
    return await _answer(turn, hits)


async def _urgent(turn: Turn, guide: Guide) -> list[Reply]:
    first = screens.urgent(turn, guide)
    opened = await open_guide(turn, f"{guide.id}:0")
    return ([first] if first else []) + opened


async def _in_guide(turn: Turn, guide: Guide, step: int, found: list[Hit], hits: list[Hit]) -> list[Reply]:
    """The current guide's problems first; then a new question, with the way back to the step."""
    own = [h for h in found if h.guide_id == guide.id and h.entry is not None]
    if own and own[0].score >= ENTRY_THRESHOLD and (not hits or hits[0].guide_id == guide.id
                                                     or own[0].score >= hits[0].score - IN_GUIDE_MARGIN):
        return [screens.trouble(turn, guide, step, own[0].entry or 0)]
    if hits:  # a new question; opening another guide moves there, and the old step stays one tap away
        return await _answer(turn, hits, back=_back(turn, guide.id, step))
    where = T(turn.voice, "step", n=step, total=len(guide.steps)) if step else guide.title.get(turn.voice)
    text_out = T(turn.voice, "in_guide_unclear", step=where, title=guide.title.get(turn.voice))
    back = _back(turn, guide.id, step) or Choice(T(turn.voice, "btn_guide"), f"g:{guide.id}:0")
    return [Reply(text_out, (back, Choice(T(turn.voice, "btn_stuck"), f"s:{guide.id}:{max(step, 1)}"),
                             screens.team_choice(turn, guide.id, step), screens.menu_choice(turn)))]


async def _answer(turn: Turn, hits: list[Hit], back: Choice | None = None) -> list[Reply]:
    """What a question leads to: a referral, one guide or entry, or a short choice between near ties."""
    extra = (back,) if back else ()
    if not hits:
        lead = T(turn.voice, "not_found")
        return [Reply(f"{lead}\n\n{T(turn.voice, 'menu')}", (*extra, *menu_choices(turn)), home=not back)]
    best = hits[0]
    if best.referral:
        referral = turn.library.referral(best.referral)
        if referral is not None:
            text = f"ℹ️ {referral.title.get(turn.voice)}\n{referral.answer.get(turn.voice)}"
            return [Reply(text, (*extra, screens.team_choice(turn), screens.menu_choice(turn)))]
    close = near_ties(hits)
    if len(close) > 1:
        choices = [_choice(turn, h) for h in close]
        return [Reply(T(turn.voice, "found_many"), (*[c for c in choices if c], *extra, screens.team_choice(turn),
                                                    screens.menu_choice(turn)))]
    guide = turn.library.get(best.guide_id)
    if guide is None:
        return main_menu(turn, T(turn.voice, "not_found"))
    if best.entry is not None:
        lead = T(turn.voice, "found_entry", title=guide.title.get(turn.voice))
        reply = screens.trouble(turn, guide, 0, best.entry, lead=lead)
        return [Reply(reply.text, (*extra, *reply.choices))]
    intro = (await open_guide(turn, f"{guide.id}:0"))[0]
    return [Reply(f"{T(turn.voice, 'found_one')}\n\n{intro.text}", (*intro.choices, *extra))]


def _choice(turn: Turn, hit: Hit) -> Choice | None:
    guide = turn.library.get(hit.guide_id)
    if guide is None:
        return None
    if hit.entry is not None:
        label = screens.short(guide.troubleshooting[hit.entry].problem.get(turn.voice))
        return Choice(label, f"t:{guide.id}:0:{hit.entry}")
    return Choice(guide.title.get(turn.voice), f"g:{guide.id}:0")
