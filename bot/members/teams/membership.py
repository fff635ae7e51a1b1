"""Leaving a team (with a confirmation) and coordinators removing members of teams in their area."""

from __future__ import annotations

from bot.areas.lookup import area_norm
from bot.areas.manage import within
from bot.core.access import Scope, coordinator
from bot.core.access import T as ROLES
from bot.core.engine import Turn
from bot.core.flows import clear
from bot.core.messages import Address, Choice, Reply
from bot.members.teams.text import T
from storage import areas, people, teams
from storage.teams import Team


def _menu(turn: Turn) -> Choice:
    return Choice(T(turn.locale, "btn_menu"), "m")


async def pick_team(turn: Turn, scope: Scope, arg: str, purpose: str) -> Team | list[Reply]:
    """The team ARG names (number or name) inside the scope; with no ARG, the only one or a list to pick."""
    found = await teams.teams_within(turn.db, within(scope))
    text = arg.strip().lstrip("#")
    if text:
        hits = [t for t in found if str(t.id) == text] if text.isdigit() else [
            t for t in found if area_norm(text) in area_norm(t.name)]
        if len(hits) == 1:
            return hits[0]
        if not hits:
            return [Reply(T(turn.locale, "no_such_team", text=arg.strip()[:60]))]
        found = hits
    if not found:
        return [Reply(T(turn.locale, "no_teams"))]
    if len(found) == 1:
        return found[0]
    places = await areas.get_areas(turn.db, [t.area_code for t in found])
    action = {"invite": "tm:iv:{id}:1", "remove": "tm:rm:{id}"}[purpose]
    choices = tuple(Choice(T(turn.locale, "team_label", name=t.name, id=t.id,
                             place=places[t.area_code].name if t.area_code in places else t.area_code),
                           action.format(id=t.id)) for t in found[:20])
    return [Reply(T(turn.locale, f"pick_team_{purpose}"), (*choices, _menu(turn)))]


async def leave(turn: Turn, arg: str) -> list[Reply]:
    """/leave (/roito): ask before leaving the team."""
    clear(turn)
    team = await teams.active_team(turn.db, turn.person.id)
    if team is None:
        return [Reply(T(turn.locale, "leave_none"), (_menu(turn),))]
    choices = (Choice(T(turn.locale, "btn_leave_yes"), f"tm:lv:{team.id}"),
               Choice(T(turn.locale, "btn_leave_no"), "tm:no:stay"))
    return [Reply(T(turn.locale, "leave_confirm", team=team.name), choices)]


async def remove(turn: Turn, arg: str) -> list[Reply]:
    """/remove (/loaibo) [team]: a coordinator picks a team, then the member to remove."""
    clear(turn)
    scope = await coordinator(turn)
    if isinstance(scope, list):
        return scope
    team = await pick_team(turn, scope, arg, "remove")
    return team if isinstance(team, list) else await _members(turn, scope, team)


async def _covered(turn: Turn, scope: Scope, team: Team) -> list[Reply] | None:
    """None when the coordinator may act on TEAM, else the refusal."""
    area = await areas.get_area(turn.db, team.area_code)
    if area is not None and scope.covers(area):
        return None
    return [Reply(ROLES(turn.locale, "outside_area", area=area.name if area else team.name))]


async def _members(turn: Turn, scope: Scope, team: Team) -> list[Reply]:
    refusal = await _covered(turn, scope, team)
    if refusal:
        return refusal
    members = await teams.team_members(turn.db, team.id)
    if not members:
        return [Reply(T(turn.locale, "members_none", team=team.name), (_menu(turn),))]
    choices = tuple(Choice(m.display_name or f"#{m.id}", f"tm:rx:{team.id}:{m.id}") for m in members[:30])
    return [Reply(T(turn.locale, "members_pick", team=team.name), (*choices, _menu(turn)))]


async def on_action(turn: Turn, kind: str, rest: list[str]) -> list[Reply]:
    """tm:lv:<team> leave, tm:no:… cancel, tm:rm:<team> members, tm:rx / tm:ry:<team>:<person> remove."""
    if kind == "no":
        return [Reply(T(turn.locale, "stayed" if rest[:1] == ["stay"] else "cancelled"), (_menu(turn),))]
    numbers = [int(r) for r in rest if r.isdigit()]
    team = await teams.get_team(turn.db, numbers[0]) if numbers else None
    if team is None:
        return [Reply(T(turn.locale, "stale"), (_menu(turn),))]
    if kind == "lv":
        current = await teams.active_team(turn.db, turn.person.id)
        if current is None or current.id != team.id:
            return [Reply(T(turn.locale, "leave_none"), (_menu(turn),))]
        await teams.leave_team(turn.db, turn.person.id)
        return [Reply(T(turn.locale, "left", team=team.name), (_menu(turn),))]
    scope = await coordinator(turn)
    if isinstance(scope, list):
        return scope
    if kind == "rm":
        return await _members(turn, scope, team)
    refusal = await _covered(turn, scope, team)
    if refusal:
        return refusal
    member = await people.get_person(turn.db, numbers[1]) if len(numbers) > 1 else None
    if member is None or not await teams.is_member_of(turn.db, team.id, member.id):
        return [Reply(T(turn.locale, "not_in_team"), (_menu(turn),))]
    name = member.display_name or f"#{member.id}"
    if kind == "rx":
        choices = (Choice(T(turn.locale, "btn_remove_yes"), f"tm:ry:{team.id}:{member.id}"),
                   Choice(T(turn.locale, "btn_cancel"), "tm:no:cancel"))
        return [Reply(T(turn.locale, "remove_confirm", name=name, team=team.name), choices)]
    await teams.leave_team(turn.db, member.id, removed_by=turn.person.id)
    notice = Reply(T(member.locale, "removed_notice", team=team.name),
                   to=Address(member.channel, member.user_id, member.chat_id))
    return [Reply(T(turn.locale, "removed", name=name, team=team.name), (_menu(turn),)), notice]
