"""/me (/toi) and /team (/to): people helped this week, this month and in all, by skill."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, time, timedelta

from bot.core.access import T as ROLES
from bot.core.engine import Feature, Turn
from bot.core.i18n import Catalog
from bot.core.messages import Reply
from bot.members.assists.screens import place_name, skill_label
from bot.members.assists.text import GROUPS, group_name
from bot.members.assists.text import T as LOG_TEXT
from storage import assists, sessions, teams
from storage.assists import Assist, TallyRow, iso

T = Catalog({
    "me_title": {"vi": "📊 Số liệu của bạn", "en": "📊 Your figures"},
    "team_title": {"vi": "📊 Số liệu của {team}", "en": "📊 Figures for {team}"},
    "columns": {"vi": "Mỗi dòng có 3 số: tuần này · tháng này · từ trước đến nay.",
                "en": "Each line has 3 figures: this week · this month · all time."},
    "latest": {"vi": "📝 {n} phiếu gần nhất của bạn (số phiếu để sửa, hoàn tác):",
               "en": "📝 Your latest {n} records (numbers for edit and undo):"},
    "latest_hint": {"vi": "Trong 24 giờ: /sua SỐ để sửa, /hoantac SỐ để hoàn tác (ví dụ /sua {id}).",
                    "en": "Within 24 hours: /edit NUMBER to edit, /undo NUMBER to undo (e.g. /edit {id})."},
    "undone": {"vi": "↩️ đã hoàn tác", "en": "↩️ undone"},
    "people": {"vi": "👥 Người được giúp: {v}", "en": "👥 People helped: {v}"},
    "records": {"vi": "📝 Lượt ghi: {v}", "en": "📝 Records: {v}"},
    "households": {"vi": "🏠 Hộ gia đình: {v}", "en": "🏠 Households: {v}"},
    "self": {"vi": "🧑‍🏫 Tự làm, có hướng dẫn (người): {v}", "en": "🧑‍🏫 Did it themselves (people): {v}"},
    "for_them": {"vi": "🤝 Làm hộ (người): {v}", "en": "🤝 Done for them (people): {v}"},
    "sessions": {"vi": "👥 Buổi hướng dẫn nhóm: {v} — người dự: {a}",
                 "en": "👥 Group sessions: {v} — attendees: {a}"},
    "by_group": {"vi": "Theo nhóm kỹ năng (người):", "en": "By skill group (people):"},
    "by_skill": {"vi": "Theo việc (người):", "en": "By skill (people):"},
    "by_member": {"vi": "Theo thành viên (người được giúp):", "en": "By member (people helped):"},
    "others": {"vi": "Người đã rời tổ", "en": "Former members"},
    "people_n": {"vi": "{n} người", "en": "{n} people"},
    "nothing_yet": {
        "vi": "Chưa có lượt hỗ trợ nào. Gõ /ghi để ghi lượt đầu tiên.",
        "en": "No assists yet. Type /log to record the first one.",
    },
})
TOP_SKILLS = 8
LATEST = 10  # records listed by /me, with their numbers


def period_starts(turn: Turn) -> tuple[list[str], list[str]]:
    """Start of this week (Monday) and this month in local time, then all time: as UTC times and local dates."""
    tz = turn.services.config.tz
    today = turn.services.clock().astimezone(tz).date()
    days = [today - timedelta(days=today.weekday()), today.replace(day=1)]
    moments = [iso(datetime.combine(day, time(0), tzinfo=tz)) for day in days]
    return [*moments, ""], [*(d.isoformat() for d in days), ""]


def _cells(values: Iterable[int]) -> str:
    return " · ".join(str(v) for v in values)


def _sum(rows: Iterable[TallyRow], width: int, people: bool = True) -> list[int]:
    total = [0] * width
    for row in rows:
        for i, value in enumerate(row.people if people else row.records):
            total[i] += value
    return total


async def _figures(turn: Turn, member_id: int | None, team_id: int | None) -> tuple[list[str], list[TallyRow]]:
    loc = turn.locale
    moments, days = period_starts(turn)
    rows = await assists.tally(turn.db, moments, member_id=member_id, team_id=team_id)
    households = await assists.household_counts(turn.db, moments, member_id=member_id, team_id=team_id)
    held = await sessions.tally(turn.db, days, member_id=member_id, team_id=team_id)
    width = len(moments)
    lines = [
        T(loc, "columns"),
        T(loc, "people", v=_cells(_sum(rows, width))),
        T(loc, "records", v=_cells(_sum(rows, width, people=False))),
        T(loc, "households", v=_cells(households)),
        T(loc, "self", v=_cells(_sum((r for r in rows if r.mode == "self"), width))),
        T(loc, "for_them", v=_cells(_sum((r for r in rows if r.mode == "for_them"), width))),
        T(loc, "sessions", v=_cells(held.sessions), a=_cells(held.attendees)),
    ]
    by_group: dict[str, list[TallyRow]] = defaultdict(list)
    by_skill: dict[tuple[str | None, str | None], list[TallyRow]] = defaultdict(list)
    for row in rows:
        by_group[row.skill_group].append(row)
        by_skill[(row.guide_id, row.other_skill)].append(row)
    if by_group:
        order = sorted(by_group, key=lambda g: GROUPS.index(g) if g in GROUPS else len(GROUPS))
        lines += ["", T(loc, "by_group")]
        lines += [f"• {group_name(loc, g)}: {_cells(_sum(by_group[g], width))}" for g in order]
        ranked = sorted(by_skill.items(), key=lambda item: -_sum(item[1], width)[-1])[:TOP_SKILLS]
        lines += ["", T(loc, "by_skill")]
        lines += [f"• {skill_label(turn, gid, other)}: {_cells(_sum(group, width))}" for (gid, other), group in ranked]
    return lines, rows


async def me(turn: Turn, arg: str) -> list[Reply]:
    """/me: my own counts, then my latest records with the numbers /sua and /hoantac take."""
    team = await teams.active_team(turn.db, turn.person.id)
    lines, rows = await _figures(turn, turn.person.id, None)
    if team is None and not rows:
        return [Reply(ROLES(turn.locale, "not_member"))]
    if not rows:
        lines.append("\n" + T(turn.locale, "nothing_yet"))
    latest = await assists.latest_assists(turn.db, turn.person.id, LATEST)
    if latest:
        lines += ["", T(turn.locale, "latest", n=len(latest)), *[await _record_line(turn, r) for r in latest],
                  T(turn.locale, "latest_hint", id=latest[0].id)]
    return [Reply("\n".join([T(turn.locale, "me_title"), *lines]))]


async def _record_line(turn: Turn, record: Assist) -> str:
    """#12 · 23/11 09:14 · Cài VNeID… · bà Lan · hộ ông Ba · Thôn Một · làm hộ"""
    loc = turn.locale
    when = datetime.fromisoformat(record.created_at).astimezone(turn.services.config.tz).strftime("%d/%m %H:%M")
    parts = [f"#{record.id}", when, skill_label(turn, record.guide_id, record.other_skill)]
    parts.append(record.names or T(loc, "people_n", n=record.people_count))
    if record.household:
        parts.append(record.household)
    parts += [await place_name(turn.services, record.village_code), LOG_TEXT(loc, f"mode_{record.mode}")]
    if record.undone_at:
        parts.append(T(loc, "undone"))
    return " · ".join(parts)


async def team(turn: Turn, arg: str) -> list[Reply]:
    """/team: my team's counts and each member's."""
    mine = await teams.active_team(turn.db, turn.person.id)
    if mine is None:
        return [Reply(ROLES(turn.locale, "not_member"))]
    loc = turn.locale
    lines, rows = await _figures(turn, None, mine.id)
    width = len(period_starts(turn)[0])
    members = await teams.team_members(turn.db, mine.id)
    per_member: dict[int, list[TallyRow]] = defaultdict(list)
    for row in rows:
        per_member[row.member_id].append(row)
    lines += ["", T(loc, "by_member")]
    current = {m.id for m in members}
    ranked = sorted(members, key=lambda m: -_sum(per_member.get(m.id, []), width)[-1])
    lines += [f"• {m.display_name or m.user_id}: {_cells(_sum(per_member.get(m.id, []), width))}" for m in ranked]
    former = [r for member_id, group in per_member.items() if member_id not in current for r in group]
    if former:
        lines.append(f"• {T(loc, 'others')}: {_cells(_sum(former, width))}")
    return [Reply("\n".join([T(loc, "team_title", team=mine.name), *lines]))]


FEATURE = Feature(commands={"me": me, "toi": me, "team": team, "to": team})
