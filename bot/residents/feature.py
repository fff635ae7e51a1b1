"""The resident's experience: menu, guides step by step, stuck and help, feedback, questions."""

from __future__ import annotations

from bot.core.engine import Feature, Turn
from bot.core.messages import Choice, Reply
from bot.core.normalize import normal
from bot.residents import optout
from bot.residents.guides import Guide
from bot.residents.search import CLOSE_MARGIN, MATCH_THRESHOLD
from bot.residents.text import T
from storage import people, progress

_NEXT = {"tiep", "tiep theo", "tiep tuc", "next", "ok", "xong", "roi", "duoc roi", "lam tiep"}
_BACK = {"quay lai", "lui", "lui lai", "back", "tro lai"}
_MENU = {"menu", "danh muc", "muc luc", "bat dau lai", "trang chu"}
_STUCK = {"ket", "bi ket", "toi bi ket", "kho qua", "khong lam duoc", "stuck"}
_HELLO = {"xin chao", "chao", "chao ban", "hello", "hi", "alo", "start"}


def menu_choices(turn: Turn) -> tuple[Choice, ...]:
    cats = turn.library.current.categories
    choices = [Choice(f"{c.icon} {c.title.get(turn.locale)}".strip(), f"c:{c.id}") for c in cats]
    return (*choices, Choice(T(turn.locale, "btn_lang"), "l:en" if turn.locale == "vi" else "l:vi"))


def main_menu(turn: Turn, lead: str | None = None) -> list[Reply]:
    text = T(turn.locale, "menu") if lead is None else f"{lead}\n\n{T(turn.locale, 'menu')}"
    return [Reply(text, menu_choices(turn))]


async def show_menu(turn: Turn, arg: str) -> list[Reply]:
    """Main menu; a stale or unknown button lands here with a short explanation."""
    return main_menu(turn, T(turn.locale, "stale") if arg == "stale" else None)


def greeting_text(turn: Turn) -> str:
    return T(turn.locale, "greeting", name=turn.person.display_name or "bạn").replace(" bạn!", "!")


def first_contact_greeting(turn: Turn) -> Reply:
    """Said before anything else to someone writing for the first time."""
    return Reply(greeting_text(turn))


async def start(turn: Turn, arg: str) -> list[Reply]:
    """/start: greet, offer to resume an unfinished guide, show the menu."""
    turn.greeted = True
    replies = [*await optout.resume(turn), *main_menu(turn, greeting_text(turn))]  # /start turns announcements on
    guide = turn.library.get(str(turn.state.get("guide", "")))
    step = turn.state.get("step")
    if guide and isinstance(step, int) and 1 <= step <= len(guide.steps):
        where = T(turn.locale, "step", n=step, total=len(guide.steps))
        resume = T(turn.locale, "resume", title=guide.title.get(turn.locale), step=where)
        replies.append(Reply(resume, (Choice(T(turn.locale, "btn_continue"), f"g:{guide.id}:{step}"),
                                      Choice(T(turn.locale, "btn_menu"), "m"))))
    return replies


async def set_language(turn: Turn, arg: str) -> list[Reply]:
    """l:en / l:vi and /lang [en|vi]: switch language (no argument toggles)."""
    wanted = arg.strip().lower()[:2]
    locale = wanted if wanted in ("vi", "en") else ("en" if turn.locale == "vi" else "vi")
    await people.set_locale(turn.db, turn.person.id, locale)
    turn.person = await people.get_person(turn.db, turn.person.id) or turn.person
    return main_menu(turn, T(locale, "language"))


async def show_category(turn: Turn, arg: str) -> list[Reply]:
    """c:<category>: the guides in one category."""
    category = next((c for c in turn.library.current.categories if c.id == arg), None)
    if category is None:
        return main_menu(turn, T(turn.locale, "stale"))
    choices = [Choice(g.title.get(turn.locale), f"g:{g.id}:0") for g in turn.library.current.in_category(arg)]
    text = T(turn.locale, "category", icon=category.icon, title=category.title.get(turn.locale))
    return [Reply(text, (*choices, Choice(T(turn.locale, "btn_menu"), "m")))]


def _intro(turn: Turn, guide: Guide) -> Reply:
    loc = turn.locale
    parts = [f"📘 {guide.title.get(loc)}", guide.summary.get(loc)]
    if guide.needs:
        parts.append(T(loc, "intro_needs") + "\n" + "\n".join(f"• {n.get(loc)}" for n in guide.needs))
    prereqs = [p.title.get(loc) for pid in guide.prerequisites if (p := turn.library.get(pid))]
    if prereqs:
        parts.append(T(loc, "intro_prereq", titles=", ".join(f"«{t}»" for t in prereqs)))
    parts += [w.get(loc) for w in guide.warnings]
    parts.append(T(loc, "intro_steps", n=len(guide.steps)))
    choices = [Choice(T(loc, "btn_start"), f"g:{guide.id}:1")]
    choices += [Choice(f"👉 {p.title.get(loc)}", f"g:{p.id}:0") for pid in guide.prerequisites
                if (p := turn.library.get(pid))]
    return Reply("\n\n".join(parts), (*choices, Choice(T(loc, "btn_menu"), "m")))


def _step(turn: Turn, guide: Guide, n: int) -> Reply:
    loc, total = turn.locale, len(guide.steps)
    step = guide.steps[n - 1]
    text = f"📘 {guide.title.get(loc)} — {T(loc, 'step', n=n, total=total)}\n\n{step.text.get(loc)}"
    if step.warning:
        text += f"\n\n{step.warning.get(loc)}"
    forward = Choice(T(loc, "btn_next" if n < total else "btn_finish"), f"g:{guide.id}:{n + 1}")
    back = Choice(T(loc, "btn_back"), f"g:{guide.id}:{n - 1}")
    choices = (forward, back, Choice(T(loc, "btn_stuck"), f"s:{guide.id}:{n}"), Choice(T(loc, "btn_menu"), "m"))
    return Reply(text, choices, image=step.image)


def _parse(turn: Turn, arg: str) -> tuple[Guide, int] | None:
    guide_id, _, number = arg.rpartition(":")
    guide = turn.library.get(guide_id)
    if guide is None or not number.isdigit():
        return None
    return guide, min(int(number), len(guide.steps) + 1)


async def open_guide(turn: Turn, arg: str) -> list[Reply]:
    """g:<id>:<n>: intro (0), step n, or the end with the feedback question."""
    parsed = _parse(turn, arg)
    if parsed is None:
        return main_menu(turn, T(turn.locale, "guide_gone"))
    guide, n = parsed
    total = len(guide.steps)
    if n == 0:
        turn.state.update(guide=guide.id, step=0)
        await progress.record_event(turn.db, turn.person.id, guide.id, "started", None)
        return [_intro(turn, guide)]
    if n > total:
        turn.state.pop("guide", None)
        turn.state.pop("step", None)
        await progress.record_event(turn.db, turn.person.id, guide.id, "finished", total)
        question = T(turn.locale, "done", title=guide.title.get(turn.locale))
        return [Reply(question, (Choice(T(turn.locale, "btn_yes"), f"f:{guide.id}:1"),
                                 Choice(T(turn.locale, "btn_no"), f"f:{guide.id}:0"),
                                 Choice(T(turn.locale, "btn_menu"), "m")))]
    turn.state.update(guide=guide.id, step=n)
    await progress.record_event(turn.db, turn.person.id, guide.id, "step", n)
    return [_step(turn, guide, n)]


async def stuck(turn: Turn, arg: str) -> list[Reply]:
    """s:<id>:<n>: the guide's troubleshooting and an offer of in-person help."""
    parsed = _parse(turn, arg)
    if parsed is None:
        return main_menu(turn, T(turn.locale, "guide_gone"))
    guide, n = parsed
    await progress.record_event(turn.db, turn.person.id, guide.id, "stuck", n)
    loc = turn.locale
    tips = "\n\n".join(f"❓ {t.problem.get(loc)}\n👉 {t.answer.get(loc)}" for t in guide.troubleshooting)
    choices = (Choice(T(loc, "btn_team"), f"h:{guide.id}:{n}"),
               Choice(T(loc, "btn_back"), f"g:{guide.id}:{max(n, 1)}"), Choice(T(loc, "btn_menu"), "m"))
    return [Reply(f"{T(loc, 'stuck')}\n\n{tips}"), Reply(T(loc, "ask_team"), choices)]


async def ask_team(turn: Turn, arg: str) -> list[Reply]:
    """h:<id>:<n>: store a request for in-person help, then let the router tell the team."""
    parsed = _parse(turn, arg)
    guide_id, step = (parsed[0].id, parsed[1]) if parsed else (None, None)
    request = await progress.open_help_request(
        turn.db, turn.person.id, guide_id, step, turn.person.village_code
    )
    replies = [Reply(T(turn.locale, "help_saved", id=request.id), (Choice(T(turn.locale, "btn_menu"), "m"),))]
    router = turn.services.help_router
    if router is not None:
        replies += await router(turn, request)
    return replies


async def feedback(turn: Turn, arg: str) -> list[Reply]:
    """f:<id>:<1|0>: did the guide help."""
    guide_id, _, answer = arg.rpartition(":")
    guide = turn.library.get(guide_id)
    if guide is None or answer not in ("0", "1"):
        return main_menu(turn, T(turn.locale, "stale"))
    await progress.record_feedback(turn.db, turn.person.id, guide_id, answer == "1")
    if answer == "1":
        return main_menu(turn, T(turn.locale, "thanks_yes"))
    step = len(guide.steps)
    return [Reply(T(turn.locale, "thanks_no"), (Choice(T(turn.locale, "btn_team"), f"h:{guide_id}:{step}"),
                                                Choice(T(turn.locale, "btn_menu"), "m")))]


async def question(turn: Turn, text: str) -> list[Reply]:
    """Free text: navigation words, greetings, or a question for the guide search."""
    words = normal(text)
    guide_id, saved_step = turn.state.get("guide"), turn.state.get("step")
    in_guide = isinstance(guide_id, str) and isinstance(saved_step, int)
    step = saved_step if isinstance(saved_step, int) else 0
    if in_guide and words in _NEXT:
        return await open_guide(turn, f"{guide_id}:{step + 1}")
    if in_guide and words in _BACK:
        return await open_guide(turn, f"{guide_id}:{max(step - 1, 0)}")
    if in_guide and words in _STUCK:
        return await stuck(turn, f"{guide_id}:{max(step, 1)}")
    if words in _MENU:
        return main_menu(turn)
    if words in _HELLO:
        return await start(turn, "")
    hits = [h for h in turn.library.search(text) if h.score >= MATCH_THRESHOLD]
    if not hits:
        return main_menu(turn, T(turn.locale, "not_found"))
    close = [h for h in hits if hits[0].score - h.score <= CLOSE_MARGIN]
    if len(close) > 1:
        guides = [g for h in close if (g := turn.library.get(h.guide_id))]
        choices = tuple(Choice(g.title.get(turn.locale), f"g:{g.id}:0") for g in guides)
        return [Reply(T(turn.locale, "found_many"), (*choices, Choice(T(turn.locale, "btn_menu"), "m")))]
    intro = (await open_guide(turn, f"{hits[0].guide_id}:0"))[0]
    return [Reply(f"{T(turn.locale, 'found_one')}\n\n{intro.text}", intro.choices)]


FEATURE = Feature(
    commands={"start": start, "menu": show_menu, "lang": set_language,
              "ngonngu": set_language},
    actions={"m": show_menu, "c": show_category, "g": open_guide, "s": stuck, "h": ask_team, "f": feedback,
             "l": set_language},
)
