"""The screens of a guide, each one phone screen: intro, what you need, steps, problems, urgent help.

Every screen offers a person ("🙋 Nhờ tổ công nghệ số"): nobody should need to find that button.
"""

from __future__ import annotations

from bot.core.engine import Turn
from bot.core.messages import Choice, Reply
from bot.residents import listen
from bot.residents.guides import Guide
from bot.residents.text import T

PROBLEM_LABEL = 60  # characters of a problem shown on its button


def team_choice(turn: Turn, guide_id: str = "", step: int = 0) -> Choice:
    return Choice(T(turn.voice, "btn_team"), f"h:{guide_id}:{step}" if guide_id else "h:")


def menu_choice(turn: Turn) -> Choice:
    return Choice(T(turn.voice, "btn_menu"), "m")


def back_choice(turn: Turn, guide_id: str, step: int) -> Choice:
    """One tap back to the step the resident was on ("◀️ Về bước 3")."""
    return Choice(T(turn.voice, "btn_back_to", n=step), f"g:{guide_id}:{step}")


def intro(turn: Turn, guide: Guide) -> Reply:
    """Title, what it achieves, how many steps; needs and warnings are one tap away."""
    voice = turn.voice
    parts = [f"📘 {guide.title.get(voice)}", guide.summary.get(voice), T(voice, "intro_steps",
                                                                                  n=len(guide.steps))]
    choices = [Choice(T(voice, "btn_start"), f"g:{guide.id}:1")]
    if guide.needs or guide.warnings or guide.prerequisites:
        parts[-1] += " " + T(voice, "intro_more")
        choices.append(Choice(T(voice, "btn_needs"), f"n:{guide.id}"))
    return Reply("\n\n".join(parts), (*choices, team_choice(turn, guide.id), menu_choice(turn)))


def needs(turn: Turn, guide: Guide) -> Reply:
    """What to have ready, what to do first, and the guide's warnings."""
    voice = turn.voice
    parts = [T(voice, "needs_title", title=guide.title.get(voice))]
    if guide.needs:
        parts.append("\n".join(f"• {n.get(voice)}" for n in guide.needs))
    prereqs = [p for pid in guide.prerequisites if (p := turn.library.get(pid))]
    if prereqs:
        parts.append(T(voice, "intro_prereq", titles=", ".join(f"«{p.title.get(voice)}»" for p in prereqs)))
    parts += [w.get(voice) for w in guide.warnings]
    choices = [Choice(T(voice, "btn_start"), f"g:{guide.id}:1")]
    choices += [Choice(f"👉 {p.title.get(voice)}", f"g:{p.id}:0") for p in prereqs]
    return Reply("\n\n".join(parts), (*choices, team_choice(turn, guide.id), menu_choice(turn)))


def step(turn: Turn, guide: Guide, n: int) -> Reply:
    voice, total = turn.voice, len(guide.steps)
    current = guide.steps[n - 1]
    text = f"📘 {guide.title.get(voice)} — {T(voice, 'step', n=n, total=total)}\n\n{current.text.get(voice)}"
    if current.warning:
        text += f"\n\n{current.warning.get(voice)}"
    forward = Choice(T(voice, "btn_next" if n < total else "btn_finish"), f"g:{guide.id}:{n + 1}")
    back = Choice(T(voice, "btn_back"), f"g:{guide.id}:{n - 1}")
    # Listen comes late so that the numbers people type by habit keep their meaning.
    choices = (forward, back, Choice(T(voice, "btn_stuck"), f"s:{guide.id}:{n}"), team_choice(turn, guide.id, n),
               *listen.listen_choice(turn, guide, n), menu_choice(turn))
    speech = listen.step_speech(turn, guide, n) if listen.voice_first(turn) else None
    return Reply(text, choices, image=current.image, speech=speech)


def short(text: str) -> str:
    return text if len(text) <= PROBLEM_LABEL else text[:PROBLEM_LABEL].rsplit(" ", 1)[0] + "…"


def problems(turn: Turn, guide: Guide, n: int) -> Reply:
    """The stuck screen: a pick-list of the guide's problems, then a person, then back to the step."""
    voice = turn.voice
    choices = [Choice(short(t.problem.get(voice)), f"t:{guide.id}:{n}:{i}") for i, t in
               enumerate(guide.troubleshooting)]
    choices += [team_choice(turn, guide.id, n)]
    if n:
        choices.append(back_choice(turn, guide.id, n))
    return Reply(T(voice, "stuck"), tuple(choices))


def trouble(turn: Turn, guide: Guide, n: int, entry: int, lead: str | None = None) -> Reply:
    """One problem and its answer; back to the step (or the guide), other problems, a person."""
    voice = turn.voice
    item = guide.troubleshooting[entry]
    text = f"❓ {item.problem.get(voice)}\n👉 {item.answer.get(voice)}\n\n{T(voice, 'trouble_more')}"
    choices = [back_choice(turn, guide.id, n) if n else
               Choice(T(voice, "btn_guide"), f"g:{guide.id}:0"),
               Choice(T(voice, "btn_stuck"), f"s:{guide.id}:{n}"), team_choice(turn, guide.id, n), menu_choice(turn)]
    return Reply(f"{lead}\n\n{text}" if lead else text, tuple(choices))


def urgent(turn: Turn, guide: Guide) -> Reply | None:
    """The guide's urgent block on its own, before anything else ("lỡ đọc mã": call the bank first)."""
    if guide.urgent is None:
        return None
    return Reply(guide.urgent.text.get(turn.voice))


def screens(turn: Turn, guide: Guide) -> list[Reply]:
    """Every screen a resident can reach in GUIDE (for the length limits)."""
    out = [intro(turn, guide), needs(turn, guide), problems(turn, guide, 1)]
    out += [step(turn, guide, n) for n in range(1, len(guide.steps) + 1)]
    out += [trouble(turn, guide, 1, i) for i in range(len(guide.troubleshooting))]
    extra = urgent(turn, guide)
    return out + ([extra] if extra else [])
