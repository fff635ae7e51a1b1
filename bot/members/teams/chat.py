"""Teams in chat: coordinators create teams and invite codes; anyone joins with a code."""

from __future__ import annotations

import re
from datetime import datetime

from bot.areas.lookup import area_choices, describe, natural_key
from bot.areas.manage import clean_name, scoped_lookup, which_one
from bot.areas.text import T as AREAS
from bot.core.access import Scope, coordinator
from bot.core.access import T as ROLES
from bot.core.engine import Feature, Turn
from bot.core.flows import answer, ask, clear, data
from bot.core.messages import Choice, Reply
from bot.core.normalize import fold
from bot.members.teams import invites as teams_invites
from bot.members.teams import membership as teams_members
from bot.members.teams.text import T
from bot.residents import feature as resident
from storage import areas, teams
from storage.areas import Area
from storage.teams import Team

TEAM_LEVELS = ("commune", "village")
TEAM_CODES = 10  # uses of the "whole team" invite button (teams are 4–9 people)
_AREA_CODE = re.compile(r"^\d{2}$|^\d{5}(-\d{3})?$")


def _menu(turn: Turn) -> Choice:
    return Choice(T(turn.locale, "btn_menu"), "m")


async def new_team(turn: Turn, arg: str) -> list[Reply]:
    """/newteam (/taoto) [area code [name] | area name]."""
    clear(turn)
    scope = await coordinator(turn)
    if isinstance(scope, list):
        return scope
    first, _, rest = arg.strip().partition(" ")
    if _AREA_CODE.match(first):
        area = await areas.get_area(turn.db, first)
        if area is None:
            return [Reply(T(turn.locale, "team_where_type"))]
        return await _create(turn, scope, area, rest) if rest.strip() else await _ask_name(turn, scope, area)
    if arg.strip():
        return await _typed_area(turn, arg)
    ask(turn, "tm_area")
    homes = [a for c in scope.area_codes if (a := await areas.get_area(turn.db, c)) and a.level == "commune"]
    if scope.is_admin or not homes:
        return [Reply(T(turn.locale, "team_where_type"))]
    options: list[Area] = []
    for commune in homes[:3]:
        options += sorted(await areas.children(turn.db, commune.code), key=natural_key)[:9]
        options.append(commune)
    choices = await area_choices(turn.db, options, lambda a: f"tm:na:{a.code}")
    return [Reply(T(turn.locale, "team_where"), (*choices, _menu(turn)))]


async def _typed_area(turn: Turn, text: str) -> list[Reply]:
    scope = await coordinator(turn)
    if isinstance(scope, list):
        return scope
    found = await scoped_lookup(turn, scope, text, TEAM_LEVELS)
    if isinstance(found, list):
        return found
    if found.one:
        return await _ask_name(turn, scope, found.one)
    return await which_one(turn, text, found, lambda a: f"tm:na:{a.code}")


def _suggested(turn: Turn, area: Area) -> str:
    return T(turn.locale, "team_default_name", area=area.name)[:100]


async def _ask_name(turn: Turn, scope: Scope, area: Area) -> list[Reply]:
    if area.level not in TEAM_LEVELS:
        return [Reply(T(turn.locale, "team_level"))]
    if not scope.covers(area):
        return [Reply(ROLES(turn.locale, "outside_area", area=area.name))]
    ask(turn, "tm_name", area=area.code)
    name = _suggested(turn, area)
    text = T(turn.locale, "team_name_ask", place=await describe(turn.db, area))
    return [Reply(text, (Choice(T(turn.locale, "btn_use_name", name=name), f"tm:nd:{area.code}"), _menu(turn)))]


async def _typed_name(turn: Turn, text: str) -> list[Reply]:
    scope = await coordinator(turn)
    if isinstance(scope, list):
        return scope
    area = await areas.get_area(turn.db, str(data(turn).get("area", "")))
    if area is None:
        return [Reply(T(turn.locale, "stale"))]
    return await _create(turn, scope, area, text)


async def _create(turn: Turn, scope: Scope, area: Area, text: str) -> list[Reply]:
    if area.level not in TEAM_LEVELS:
        return [Reply(T(turn.locale, "team_level"))]
    if not scope.covers(area):
        return [Reply(ROLES(turn.locale, "outside_area", area=area.name))]
    name = clean_name(text)
    if name is None:
        return [Reply(AREAS(turn.locale, "name_bad"))]
    team = await teams.create_team(turn.db, name, area.code)
    place = await describe(turn.db, area)
    return [Reply(T(turn.locale, "team_created", name=name, id=team.id, place=place), _invite_buttons(turn, team))]


def _invite_buttons(turn: Turn, team: Team) -> tuple[Choice, ...]:
    return (Choice(T(turn.locale, "btn_invite_one"), f"tm:iv:{team.id}:1"),
            Choice(T(turn.locale, "btn_invite_many", uses=TEAM_CODES), f"tm:iv:{team.id}:{TEAM_CODES}"),
            _menu(turn))


async def invite(turn: Turn, arg: str) -> list[Reply]:
    """/invite (/moi) [team number or name]: a new code with the default expiry and one use."""
    clear(turn)
    scope = await coordinator(turn)
    if isinstance(scope, list):
        return scope
    team = await teams_members.pick_team(turn, scope, arg, "invite")
    return team if isinstance(team, list) else await make_invite(turn, scope, team, teams_invites.DEFAULT_USES)


async def make_invite(turn: Turn, scope: Scope, team: Team, uses: int) -> list[Reply]:
    area = await areas.get_area(turn.db, team.area_code)
    if area is None or not scope.covers(area):
        return [Reply(ROLES(turn.locale, "outside_area", area=area.name if area else team.name))]
    now = turn.services.clock()
    code, made = await teams_invites.create(turn.db, team, turn.incoming.identity, now, uses=uses)
    expires = datetime.fromisoformat(made.expires_at).astimezone(turn.services.config.tz)
    text = T(turn.locale, "invite_made", team=team.name, place=await describe(turn.db, area), code=code,
             uses=uses, expires=expires.strftime("%H:%M %d/%m/%Y"))
    return [Reply(text), Reply(T(turn.locale, "invite_forward", team=team.name, code=code))]


async def join(turn: Turn, arg: str) -> list[Reply]:
    """/join (/thamgia) CODE: become a member of the code's team."""
    clear(turn)
    if not arg.strip():
        ask(turn, "tm_join")
        return [Reply(T(turn.locale, "join_ask"))]
    return await _join(turn, arg)


async def _join(turn: Turn, text: str) -> list[Reply]:
    result = await teams_invites.join(turn.db, turn.person.id, text, turn.services.clock())
    if result.outcome == "limited":
        return [Reply(T(turn.locale, "join_limited", minutes=result.wait_minutes))]
    if result.team is None or result.outcome not in ("ok", "already"):
        return [Reply(T(turn.locale, f"join_{result.outcome}"))]
    if result.outcome == "already":
        return [Reply(T(turn.locale, "join_already", team=result.team.name))]
    area = await areas.get_area(turn.db, result.team.area_code)
    place = await describe(turn.db, area) if area else ""
    lines = [T(turn.locale, "join_ok", team=result.team.name, place=place)]
    if result.previous is not None:
        lines.append(T(turn.locale, "join_moved", team=result.previous.name))
    return [Reply("\n".join(lines), (_menu(turn),))]


# "thamgia K7PM-3QXA" without the slash, a code pasted alone, or the whole invitation pasted.
_JOIN_TYPED = re.compile(r"(?:/?(?:tham ?gia|join)\s*:?\s*)?([a-z2-9]{4}[- ]?[a-z2-9]{4})")
_JOIN_PASTED = re.compile(r"/(?:thamgia|join)\s+([a-z2-9]{4}-?[a-z2-9]{4})\b")
_JOIN_ALONE = {"thamgia", "/thamgia", "join"}


async def join_typed(turn: Turn) -> list[Reply] | None:
    """Claim for text nobody else took that is a way of joining with a code; None for anything else."""
    folded = fold(turn.incoming.text or "").strip()
    if folded in _JOIN_ALONE:
        return await join(turn, "")
    typed = _JOIN_TYPED.fullmatch(folded)
    # Alone, "xong chua" is two words, not a code: a bare code needs its dash or a digit.
    if typed and (folded != typed.group(1) or "-" in folded or any(ch.isdigit() for ch in folded)):
        return await join(turn, typed.group(1))
    pasted = _JOIN_PASTED.search(folded)
    return await join(turn, pasted.group(1)) if pasted else None


async def on_action(turn: Turn, arg: str) -> list[Reply]:
    """tm:na:<area> team here, tm:nd:<area> default name, tm:iv:<team>:<uses>, then members' actions."""
    kind, *rest = arg.split(":")
    if kind in ("lv", "no", "rm", "rx", "ry"):
        return await teams_members.on_action(turn, kind, rest)
    scope = await coordinator(turn)
    if isinstance(scope, list):
        return scope
    if kind in ("na", "nd") and rest and (area := await areas.get_area(turn.db, rest[0])):
        clear(turn)
        return await (_ask_name(turn, scope, area) if kind == "na" else _create(turn, scope, area,
                                                                                 _suggested(turn, area)))
    if kind == "iv" and len(rest) == 2 and rest[0].isdigit() and rest[1].isdigit():
        team = await teams.get_team(turn.db, int(rest[0]))
        if team is not None:
            uses = min(max(int(rest[1]), 1), teams_invites.MAX_USES)
            return await make_invite(turn, scope, team, uses)
    return [Reply(T(turn.locale, "stale"), (_menu(turn),))]


FEATURE = Feature(
    commands={
        "newteam": new_team, "taoto": new_team, "invite": invite, "moi": invite, "join": join, "thamgia": join,
        "leave": teams_members.leave, "roito": teams_members.leave,
        "remove": teams_members.remove, "loaibo": teams_members.remove,
    },
    actions={"tm": on_action},
    claims=(join_typed,),
    flows={
        "tm_area": answer(_typed_area, resident.question),
        "tm_name": answer(_typed_name, resident.question),
        "tm_join": answer(_join, resident.question),
    },
)
