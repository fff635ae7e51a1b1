"""Command names as people type them: "/hoan tac" with a space, "/gi" meaning "/ghi".

The engine asks here when a command is not known as typed; it never guesses silently — a close name is
offered as a question ("Có phải bạn muốn /hoantac?") that one tap confirms.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Mapping
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from bot.core.i18n import Catalog
from bot.core.messages import Choice, Reply

if TYPE_CHECKING:  # the engine calls in here; only its Turn type is named
    from bot.core.engine import Turn

T = Catalog({
    "unknown_command": {
        "vi": "{Me} chưa hiểu lệnh /{command}. {You} gõ /help để xem các lệnh, hoặc /menu để xem danh mục hướng dẫn.",
        "en": "I don't know the command /{command}. Type /help for the commands, or /menu for the guides.",
    },
    "did_you_mean": {
        "vi": "{Me} chưa hiểu lệnh /{command}. Có phải {you} muốn /{suggestion}? Bấm nút bên dưới để làm đúng như "
              "vậy, hoặc gõ /help để xem các lệnh.",
        "en": "I don't know the command /{command}. Did you mean /{suggestion}? Press the button below to do that, "
              "or type /help for the commands.",
    },
})
STATE_KEY = "did_you_mean"
SUGGEST_CUTOFF = 70  # rapidfuzz ratio: "gi" → "ghi" (80), "hoantc" → "hoantac" (92); "xyz" → nothing


def resolve(command: str, args: str, known: Collection[str]) -> tuple[str, str] | None:
    """(command, arguments) as typed, or with the first argument glued on ("/hoan tac 12"); None if neither."""
    if command in known:
        return command, args
    first, _, rest = args.partition(" ")
    glued = command + first.lower()
    if first and glued in known:
        return glued, rest.strip()
    return None


def closest(command: str, args: str, known: Collection[str]) -> tuple[str, str] | None:
    """The known command nearest to what was typed (alone or glued to its first argument), with the
    arguments that go with it; None when nothing is near enough."""
    first, _, rest = args.partition(" ")
    tries = [(command, args)] + ([(command + first.lower(), rest.strip())] if first else [])
    best: tuple[float, str, str] | None = None
    for typed, tail in tries:
        found = process.extractOne(typed, list(known), scorer=fuzz.ratio, score_cutoff=SUGGEST_CUTOFF)
        if found is not None and (best is None or found[1] > best[0]):
            best = (found[1], found[0], tail)
    return (best[1], best[2]) if best else None


def unknown(turn: Turn, command: str, args: str, known: Collection[str]) -> list[Reply]:
    """Offer the nearest command (kept in the state with its arguments; the "dym" button runs it), else /help."""
    near = closest(command, args, known)
    if near is None:
        return [Reply(T(turn.voice, "unknown_command", command=command[:30]))]
    turn.state[STATE_KEY] = f"{near[0]} {near[1]}".strip()
    label = f"✅ /{near[0]}" + (" …" if near[1] else "")
    text = T(turn.voice, "did_you_mean", command=command[:30], suggestion=near[0])
    return [Reply(text, (Choice(label, "dym"),))]


async def run_suggested(
    turn: Turn, commands: Mapping[str, Callable[[Turn, str], Awaitable[list[Reply]]]]
) -> list[Reply] | None:
    """Run the command kept by ``unknown`` with its arguments; None when there is none any more."""
    name, _, args = str(turn.state.pop(STATE_KEY, "") or "").partition(" ")
    handler = commands.get(name)
    return await handler(turn, args) if handler is not None else None
