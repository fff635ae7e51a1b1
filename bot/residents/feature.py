"""The resident's experience: menu, guides step by step, problems and help, feedback, address."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.core.engine import Feature, Turn
from bot.core.messages import Choice, Reply
from bot.residents import address, optout, screens
from bot.residents.guides import Guide
from bot.residents.search import CLOSE_MARGIN, MATCH_THRESHOLD
from bot.residents.text import T
from storage import media, people, progress

__all__ = ["CLOSE_MARGIN", "FEATURE", "MATCH_THRESHOLD", "main_menu"]


def __getattr__(name: str) -> Any:
    """``question`` lives in bot.residents.ask (it uses this module); kept importable from here."""
    if name == "question":
        from bot.residents.ask import question

        return question
    raise AttributeError(name)


def menu_choices(turn: Turn) -> tuple[Choice, ...]:
    cats = turn.library.current.categories
    choices = [Choice(f"{c.icon} {c.title.get(turn.voice)}".strip(), f"c:{c.id}") for c in cats]
    return (*choices, screens.team_choice(turn),
            Choice(T(turn.locale, "btn_lang"), "l:en" if turn.locale == "vi" else "l:vi"))


def main_menu(turn: Turn, lead: str | None = None) -> list[Reply]:
    text = T(turn.voice, "menu") if lead is None else f"{lead}\n\n{T(turn.voice, 'menu')}"
    return [Reply(text, menu_choices(turn), home=True)]


async def show_menu(turn: Turn, arg: str) -> list[Reply]:
    """Main menu; a stale or unknown button lands here with a short explanation."""
    return main_menu(turn, T(turn.voice, "stale") if arg == "stale" else None)


def greeting_text(turn: Turn) -> str:
    name = turn.person.display_name.strip()
    text = T(turn.voice, "greeting", name=name or "")
    return text.replace(" !", "!")


def first_contact_greeting(turn: Turn) -> Reply:
    """Said before anything else to someone writing for the first time (its own short message)."""
    return Reply(greeting_text(turn))


async def start(turn: Turn, arg: str) -> list[Reply]:
    """/start: greet, offer to resume an unfinished guide, show the menu; ``/start VNEID2`` (a Telegram deep
    link from a poster or handout) opens that guide."""
    linked = turn.library.by_payload(arg)
    if linked is not None:
        return [*await optout.resume(turn), *await open_guide(turn, f"{linked.id}:0")]
    turn.greeted = True
    replies = [*await optout.resume(turn), *main_menu(turn, greeting_text(turn))]  # /start turns announcements on
    guide = turn.library.get(str(turn.state.get("guide", "")))
    step = turn.state.get("step")
    if guide and isinstance(step, int) and 1 <= step <= len(guide.steps):
        where = T(turn.voice, "step", n=step, total=len(guide.steps))
        resume = T(turn.voice, "resume", title=guide.title.get(turn.voice), step=where)
        replies.append(Reply(resume, (Choice(T(turn.voice, "btn_continue"), f"g:{guide.id}:{step}"),
                                      screens.menu_choice(turn))))
    return replies


async def set_language(turn: Turn, arg: str) -> list[Reply]:
    """l:en / l:vi and /lang [en|vi]: switch language (no argument toggles)."""
    wanted = arg.strip().lower()[:2]
    locale = wanted if wanted in ("vi", "en") else ("en" if turn.locale == "vi" else "vi")
    await people.set_locale(turn.db, turn.person.id, locale)
    turn.person = replace(turn.person, locale=locale)
    return main_menu(turn, T(locale, "language"))


async def show_category(turn: Turn, arg: str) -> list[Reply]:
    """c:<category>: the guides in one category."""
    category = next((c for c in turn.library.current.categories if c.id == arg), None)
    if category is None:
        return main_menu(turn, T(turn.voice, "stale"))
    choices = [Choice(g.title.get(turn.voice), f"g:{g.id}:0") for g in turn.library.current.in_category(arg)]
    text = T(turn.voice, "category", icon=category.icon, title=category.title.get(turn.voice))
    return [Reply(text, (*choices, screens.menu_choice(turn)))]


def _parse(turn: Turn, arg: str) -> tuple[Guide, int] | None:
    guide_id, _, number = arg.rpartition(":")
    guide = turn.library.get(guide_id)
    if guide is None or not number.isdigit() or len(number) > 3:
        return None
    return guide, min(int(number), len(guide.steps) + 1)


async def open_guide(turn: Turn, arg: str) -> list[Reply]:
    """g:<id>:<n>: intro (0), step n, or the end with the feedback question."""
    parsed = _parse(turn, arg)
    if parsed is None:
        return main_menu(turn, T(turn.voice, "guide_gone"))
    guide, n = parsed
    total = len(guide.steps)
    if n == 0:
        turn.state.update(guide=guide.id, step=0)
        await progress.record_event(turn.db, turn.person.id, guide.id, "started", None)
        return [screens.intro(turn, guide)]
    if n > total:
        turn.state.pop("guide", None)
        turn.state.pop("step", None)
        await progress.record_event(turn.db, turn.person.id, guide.id, "finished", total)
        question_text = T(turn.voice, "done", title=guide.title.get(turn.voice))
        return [Reply(question_text, (Choice(T(turn.voice, "btn_yes"), f"f:{guide.id}:1"),
                                      Choice(T(turn.voice, "btn_no"), f"f:{guide.id}:0"),
                                      screens.menu_choice(turn)))]
    turn.state.update(guide=guide.id, step=n)
    await progress.record_event(turn.db, turn.person.id, guide.id, "step", n)
    return [screens.step(turn, guide, n)]


async def show_needs(turn: Turn, arg: str) -> list[Reply]:
    """n:<id>: what to prepare, what to do first, warnings."""
    guide = turn.library.get(arg)
    return [screens.needs(turn, guide)] if guide else main_menu(turn, T(turn.voice, "guide_gone"))


async def stuck(turn: Turn, arg: str) -> list[Reply]:
    """s:<id>:<n>: a pick-list of the guide's problems, and a person."""
    parsed = _parse(turn, arg)
    if parsed is None:
        return main_menu(turn, T(turn.voice, "guide_gone"))
    guide, n = parsed
    await progress.record_event(turn.db, turn.person.id, guide.id, "stuck", n)
    return [screens.problems(turn, guide, n)]


async def show_trouble(turn: Turn, arg: str) -> list[Reply]:
    """t:<id>:<n>:<entry>: one problem's answer, then back to step n."""
    head, _, entry = arg.rpartition(":")
    parsed = _parse(turn, head)
    if parsed is None or not entry.isdigit() or int(entry) >= len(parsed[0].troubleshooting):
        return main_menu(turn, T(turn.voice, "guide_gone"))
    return [screens.trouble(turn, parsed[0], parsed[1], int(entry))]


async def ask_team(turn: Turn, arg: str) -> list[Reply]:
    """h:<id>:<n> (or h: with no guide): store a request for in-person help, then let the router place it."""
    parsed = _parse(turn, arg)
    guide_id, step = (parsed[0].id, parsed[1]) if parsed else (None, None)
    request = await progress.open_help_request(
        turn.db, turn.person.id, guide_id, step, turn.person.village_code
    )
    attached = turn.state.pop("attach", None)  # a photo or voice note the resident sent just before
    if isinstance(attached, dict) and {"kind", "ref"} <= attached.keys():
        await media.attach(turn.db, request.id, str(attached["kind"]), str(attached["ref"]))
    replies = [Reply(T(turn.voice, "help_saved", id=request.id))]
    router = turn.services.help_router
    if router is not None:
        replies += await router(turn, request)
    return replies


async def feedback(turn: Turn, arg: str) -> list[Reply]:
    """f:<id>:<1|0>: did the guide help."""
    guide_id, _, answer = arg.rpartition(":")
    guide = turn.library.get(guide_id)
    if guide is None or answer not in ("0", "1"):
        return main_menu(turn, T(turn.voice, "stale"))
    await progress.record_feedback(turn.db, turn.person.id, guide_id, answer == "1")
    if answer == "1":
        return main_menu(turn, T(turn.voice, "thanks_yes"))
    return [Reply(T(turn.voice, "thanks_no"), (screens.team_choice(turn, guide_id, len(guide.steps)),
                                                screens.menu_choice(turn)))]


async def set_address(turn: Turn, arg: str) -> list[Reply]:
    return await address.save(turn, arg)


FEATURE = Feature(
    commands={"start": start, "menu": show_menu, "lang": set_language, "ngonngu": set_language,
              "xungho": address.choose},
    actions={"m": show_menu, "c": show_category, "g": open_guide, "n": show_needs, "s": stuck, "t": show_trouble,
             "h": ask_team, "f": feedback, "l": set_language, "x": set_address},
)
