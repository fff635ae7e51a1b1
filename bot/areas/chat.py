"""The areas feature: residents choose their village; coordinators add and rename villages."""

from __future__ import annotations

from bot.areas import manage as areas_manage
from bot.areas import village as areas_village
from bot.areas.text import T
from bot.core.engine import Feature, Turn
from bot.core.messages import Choice, Reply


async def on_action(turn: Turn, arg: str) -> list[Reply]:
    """ar:<kind>:<args>: route to the resident's picker or the coordinator's tools."""
    kind, *rest = arg.split(":")
    for handler in (areas_village.on_action, areas_manage.on_action):
        replies = await handler(turn, kind, rest)
        if replies is not None:
            return replies
    return [Reply(T(turn.voice, "stale"), (Choice(T(turn.voice, "btn_menu"), "m"),))]


FEATURE = Feature(
    commands={
        "village": areas_village.choose, "thon": areas_village.choose,
        "addvillage": areas_manage.add_village, "themthon": areas_manage.add_village,
        "renamevillage": areas_manage.rename_village, "doiten": areas_manage.rename_village,
    },
    actions={"ar": on_action},
    flows={**areas_village.FLOWS, **areas_manage.FLOWS},
)
