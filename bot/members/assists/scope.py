"""Where a member may log: their team's village, or a village of their commune-level team."""

from __future__ import annotations

from bot.core.access import Scope
from bot.core.engine import Turn
from bot.core.normalize import normal
from bot.members.assists.words import match_village
from storage import areas
from storage.areas import Area
from storage.teams import Team


async def team_villages(turn: Turn, team: Team) -> list[Area]:
    """The villages a team covers: its own village, or every village of its commune."""
    area = await areas.get_area(turn.db, team.area_code)
    if area is None:
        return []
    if area.level == "village":
        return [area]
    return [child for child in await areas.children(turn.db, area.code) if child.level == "village"]


async def may_log_in(turn: Turn, team: Team, code: str) -> bool:
    """True when CODE is the team's own area or a village inside its commune."""
    if code == team.area_code:
        return True
    area = await areas.get_area(turn.db, code)
    return area is not None and area.level == "village" and area.parent_code == team.area_code


async def default_village(turn: Turn, team: Team) -> str | None:
    """The member's own village when their team covers it, the team's village, else None (must pick)."""
    home = turn.person.village_code
    if home and await may_log_in(turn, team, home):
        return home
    area = await areas.get_area(turn.db, team.area_code)
    if area is None or area.level == "village":
        return team.area_code
    villages = await team_villages(turn, team)
    return None if villages else team.area_code


async def find_village(turn: Turn, team: Team, text: str) -> list[Area]:
    """The team's village named as typed ("xóm 2" = "Thôn Hai"), else those whose name contains it."""
    villages = await team_villages(turn, team)
    code = match_village(text, [(v.code, v.name) for v in villages])
    if code is not None:
        return [v for v in villages if v.code == code]
    wanted = normal(text)
    return [v for v in villages if wanted and wanted in normal(v.name)]


async def area_name(turn: Turn, code: str | None) -> str:
    if code is None:
        return "—"
    area = await areas.get_area(turn.db, code)
    return area.name if area else code


async def may_change(turn: Turn, scope: Scope, member_id: int, village_code: str | None) -> bool:
    """The member who logged a record, or a coordinator (admin) covering its village, may change it."""
    if member_id == turn.person.id or scope.is_admin:
        return True
    if not scope.area_codes or village_code is None:
        return False
    area = await areas.get_area(turn.db, village_code)
    return area is not None and scope.covers(area)

