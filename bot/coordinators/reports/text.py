"""Report wording: numbers as coordinators write them ("1.234", "—" for no data) and the chat report."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from bot.coordinators.reports.model import SKILL_GROUPS, Report, Row
from bot.core.i18n import Catalog

DASH = "—"
MAX_VILLAGE_LINES = 12  # longer lists go to the Excel file
MAX_NAMES = 4

T = Catalog({
    "skill_identity": {"vi": "Định danh điện tử (VNeID)", "en": "Digital ID (VNeID)"},
    "skill_public_services": {"vi": "Dịch vụ công trực tuyến", "en": "Online public services"},
    "skill_online_shopping": {"vi": "Mua sắm trực tuyến", "en": "Online shopping"},
    "skill_online_payment": {"vi": "Thanh toán trực tuyến", "en": "Online payment"},
    "skill_online_safety": {"vi": "An toàn trên mạng", "en": "Staying safe online"},
    "skill_other_platform": {"vi": "Nền tảng số khác", "en": "Other platforms"},
    "skill_other": {"vi": "Việc khác", "en": "Other"},
    "ind_households": {"vi": "Hộ được hỗ trợ", "en": "Households reached"},
    "new_households": {"vi": "Hộ mới được hỗ trợ", "en": "New households reached"},
    "ind_assists": {"vi": "Lượt hỗ trợ", "en": "Assists"},
    "ind_sessions": {"vi": "Buổi hướng dẫn", "en": "Sessions"},
    "ind_attendees": {"vi": "Lượt người dự", "en": "Attendance"},
    "other_skill": {"vi": "Việc khác (tự ghi)", "en": "Other (typed in)"},
    "title": {"vi": "📊 BÁO CÁO {area}\nKỳ: {period}", "en": "📊 REPORT {area}\nPeriod: {period}"},
    "running": {"vi": "(số liệu đến hết ngày {day})", "en": "(figures up to {day})"},
    "villages": {"vi": "Thôn đã báo cáo: {done}/{all}", "en": "Villages that reported: {done}/{all}"},
    "teams": {"vi": "Tổ hoạt động: {active}/{all} · Thành viên hoạt động: {members_active}/{members}",
              "en": "Active teams: {active}/{all} · Active members: {members_active}/{members}"},
    "assists": {"vi": "🤝 Lượt hỗ trợ: {n} {change}", "en": "🤝 Assists: {n} {change}"},
    "modes": {"vi": "• Tự làm có hướng dẫn: {own} · Làm hộ: {done_for}",
              "en": "• Self-done with guidance: {own} · Done for them: {done_for}"},
    "skill_line": {"vi": "  – {skill}: {n} (tự làm {own} · làm hộ {done_for})",
                   "en": "  – {skill}: {n} (self {own} · for them {done_for})"},
    "by_skill": {"vi": "• Theo kỹ năng:", "en": "• By skill:"},
    "top_guides": {"vi": "• Nhiều nhất: {items}", "en": "• Most often: {items}"},
    "households": {"vi": "🏠 Hộ mới được hỗ trợ: {n} {change}", "en": "🏠 Households reached for the first time: {n} {change}"},
    "cumulative": {"vi": "• Lũy kế từ {start}: {assists} lượt hỗ trợ · {sessions} buổi",
                   "en": "• Cumulative since {start}: {assists} assists · {sessions} sessions"},
    "reached": {"vi": "• Hộ đã được hỗ trợ đến nay: {n}", "en": "• Households reached so far: {n}"},
    "coverage": {"vi": "• Độ phủ: {done}/{total} hộ = {pct}", "en": "• Coverage: {done}/{total} households = {pct}"},
    "coverage_unknown": {"vi": "• Độ phủ: — (chưa nhập số hộ; gõ /chitieu để nhập)",
                         "en": "• Coverage: — (household numbers not entered; type /target)"},
    "targets": {"vi": "🎯 Chỉ tiêu kỳ {period}:", "en": "🎯 Targets for {period}:"},
    "target_line": {"vi": "• {what}: {done}/{target} — đạt {pct}; {pace}",
                    "en": "• {what}: {done}/{target} — {pct}; {pace}"},
    "pace": {"vi": "cần thêm {left}, khoảng {per_week}/tuần đến {end}",
             "en": "{left} to go, about {per_week}/week until {end}"},
    "pace_done": {"vi": "đã đạt chỉ tiêu", "en": "target reached"},
    "pace_over": {"vi": "đã hết kỳ, còn thiếu {left}", "en": "period over, {left} short"},
    "sessions": {"vi": "👥 Buổi hướng dẫn: {n} {change} · Người dự: {people}",
                 "en": "👥 Sessions: {n} {change} · Attendance: {people}"},
    "help": {"vi": "🙋 Yêu cầu hỗ trợ: {opened} mới · {closed} đã xong · thời gian xử lý (trung vị): {median}",
             "en": "🙋 Help requests: {opened} new · {closed} closed · median time to close: {median}"},
    "hours": {"vi": "{n} giờ", "en": "{n} h"},
    "days": {"vi": "{n} ngày", "en": "{n} days"},
    "bot": {"vi": "📱 Người dân dùng bot: {n} {change} · Hoàn thành hướng dẫn: {finished}/{started} ({pct})",
            "en": "📱 Residents using the bot: {n} {change} · Guides finished: {finished}/{started} ({pct})"},
    "dropoff": {"vi": "• Hay dừng nhất: «{guide}» ở bước {step} ({n} người)",
                "en": "• Most stop at: “{guide}” step {step} ({n} people)"},
    "dropoff_intro": {"vi": "• Hay dừng nhất: «{guide}» ngay phần giới thiệu ({n} người)",
                      "en": "• Most stop at: “{guide}” right at the introduction ({n} people)"},
    "attention": {"vi": "⚠️ Cần chú ý:", "en": "⚠️ Needs attention:"},
    "inactive": {"vi": "• Chưa có hoạt động: {names}", "en": "• No activity: {names}"},
    "low_coverage": {"vi": "• Độ phủ thấp: {names}", "en": "• Low coverage: {names}"},
    "implausible_households": {"vi": "• Cần kiểm tra: {name} có {done} hộ được hỗ trợ nhưng chỉ có {total} hộ",
                               "en": "• Check: {name} reached {done} households but has only {total}"},
    "implausible_attendees": {"vi": "• Cần kiểm tra: {name} có {done} lượt người dự, nhiều hơn {total} người lớn",
                              "en": "• Check: {name} had {done} attending, more than its {total} adults"},
    "more": {"vi": "(+{n} thôn khác)", "en": "(+{n} more)"},
    "by_village": {"vi": "📍 Theo thôn (lượt · hộ · độ phủ):", "en": "📍 By village (assists · households · coverage):"},
    "village_line": {"vi": "• {name}: {assists} · {households} · {coverage}",
                     "en": "• {name}: {assists} · {households} · {coverage}"},
    "see_excel": {"vi": "Chi tiết từng thôn có trong tệp Excel: gõ /xuatbaocao.",
                  "en": "Per-village details are in the Excel file: type /export."},
    "change_up": {"vi": "(▲ {diff} so với {when})", "en": "(▲ {diff} vs {when})"},
    "change_down": {"vi": "(▼ {diff} so với {when})", "en": "(▼ {diff} vs {when})"},
    "change_none": {"vi": "({when}: —)", "en": "({when}: —)"},
    "change_same": {"vi": "(không đổi so với {when})", "en": "(same as {when})"},
    "total": {"vi": "Tổng cộng", "en": "Total"},
})

SKILL_KEYS = frozenset(f"skill_{g}" for g in SKILL_GROUPS)


def num(value: int | float | None, locale: str = "vi") -> str:
    """1234 → "1.234" (vi) or "1,234" (en); None → "—"."""
    if value is None:
        return DASH
    text = f"{round(value):,}"
    return text.replace(",", ".") if locale != "en" else text


def dec(value: float, locale: str = "vi") -> str:
    """A small rate with one decimal ("0,5"), a large one rounded ("12")."""
    if value >= 10 or value == int(value):
        return num(value, locale)
    text = f"{value:.1f}"
    return text.replace(".", ",") if locale != "en" else text


def pct(value: float | None) -> str:
    return DASH if value is None else f"{round(value * 100)}%"


def skill(locale: str, group: str) -> str:
    key = f"skill_{group}"
    return T(locale, key) if key in SKILL_KEYS else group


def change(locale: str, current: int | None, previous: int | None, when: str) -> str:
    """"(▲ 30 +15% so với tháng 9/2026)"; nothing to compare → ""."""
    if current is None:
        return ""
    if previous is None:
        return T(locale, "change_none", when=when)
    diff = current - previous
    if diff == 0:
        return T(locale, "change_same", when=when)
    rel = f" {'+' if diff > 0 else '−'}{round(abs(diff) * 100 / previous)}%" if previous else ""
    return T(locale, "change_up" if diff > 0 else "change_down", diff=num(abs(diff), locale) + rel, when=when)


def _names(locale: str, rows: list[Row], show: Callable[[Row], str]) -> str:
    text = ", ".join(show(r) for r in rows[:MAX_NAMES])
    return text + (" " + T(locale, "more", n=len(rows) - MAX_NAMES) if len(rows) > MAX_NAMES else "")


def render_report(report: Report, area_label: str, locale: str, title_of: Callable[[str], str]) -> str:
    """The chat report: short lines, most important first."""
    loc, r, total, prev = locale, report, report.total, report.previous
    when = r.compared.label(loc)
    lines = [T(loc, "title", area=area_label, period=r.period.label(loc))]
    if r.running:
        lines.append(T(loc, "running", day=f"{r.through - timedelta(days=1):%d/%m/%Y}"))
    lines += [
        T(loc, "villages", done=r.villages_reported, all=r.villages),
        T(loc, "teams", active=r.teams_active, all=r.teams, members_active=total.active_members, members=total.members),
        "",
        T(loc, "assists", n=num(total.assists, loc), change=change(loc, total.assists, prev.assists, when)).rstrip(),
    ]
    if total.assists:
        lines.append(T(loc, "modes", own=num(total.assists_self, loc), done_for=num(total.assists_for_them, loc)))
        lines.append(T(loc, "by_skill"))
        lines += [T(loc, "skill_line", skill=skill(loc, s.group), n=num(s.total, loc), own=num(s.self_done, loc),
                    done_for=num(s.for_them, loc)) for s in r.by_skill]
        quote = "“{}”" if loc == "en" else "«{}»"
        top = [f"{quote.format(title_of(g.guide_id) if g.guide_id else T(loc, 'other_skill'))} {num(g.total, loc)}"
               for g in r.by_guide[:3]]
        lines.append(T(loc, "top_guides", items="; ".join(top)))
    lines.append(T(loc, "households", n=num(total.households, loc),
                   change=change(loc, total.households, prev.households, when)).rstrip())
    lines.append(T(loc, "cumulative", start=f"{r.cum_start:%d/%m/%Y}", assists=num(total.assists_cum, loc),
                   sessions=num(total.sessions_cum, loc)))
    lines.append(T(loc, "reached", n=num(total.households_cum, loc)))
    with_base = [x for x in r.rows if x.households_total is not None and x.households_cum is not None]
    if total.coverage is not None:
        lines.append(T(loc, "coverage", done=num(sum(x.households_cum or 0 for x in with_base), loc),
                       total=num(sum(x.households_total or 0 for x in with_base), loc), pct=pct(total.coverage)))
    elif not any(x.households_total is not None for x in r.rows):
        lines.append(T(loc, "coverage_unknown"))
    if r.progress:
        lines.append(T(loc, "targets", period=r.target_period or ""))
        for p in r.progress:
            if p.remaining == 0:
                pace = T(loc, "pace_done")
            elif p.days_left <= 0:
                pace = T(loc, "pace_over", left=num(p.remaining, loc))
            else:
                last = p.ends - timedelta(days=1)
                pace = T(loc, "pace", left=num(p.remaining, loc), per_week=dec(p.per_week or 0, loc),
                         end=f"{last:%d/%m/%Y}")
            lines.append(T(loc, "target_line", what=T(loc, f"ind_{p.indicator}"), done=num(p.done, loc),
                           target=num(p.target, loc), pct=pct(p.percent), pace=pace))
    lines.append(T(loc, "sessions", n=num(total.sessions, loc), people=num(total.attendees, loc),
                   change=change(loc, total.sessions, prev.sessions, when)).replace("  ", " "))
    median = r.help_median_hours
    lines.append(T(loc, "help", opened=num(total.help_opened, loc), closed=num(total.help_closed, loc),
                   median=DASH if median is None else (T(loc, "hours", n=num(median, loc)) if median < 48
                                                      else T(loc, "days", n=num(median / 24, loc)))))
    lines.append(T(loc, "bot", n=num(total.residents, loc), change=change(loc, total.residents, prev.residents, when),
                   finished=num(r.guides_finished, loc), started=num(r.guides_started, loc),
                   pct=pct(r.guides_finished / r.guides_started if r.guides_started else None)).replace("  ", " "))
    if r.dropoff:
        guide, step, people = r.dropoff
        key = "dropoff" if step else "dropoff_intro"
        lines.append(T(loc, key, guide=title_of(guide), step=step, n=people))
    lines += _attention(loc, r)
    lines += _villages(loc, r)
    return "\n".join(lines)


def _attention(loc: str, r: Report) -> list[str]:
    out: list[str] = []
    inactive = [x for x in r.rows if "inactive" in x.flags]
    if inactive:
        out.append(T(loc, "inactive", names=_names(loc, inactive, lambda x: x.name)))
    low = [x for x in r.rows if "low_coverage" in x.flags]
    if low:
        out.append(T(loc, "low_coverage", names=_names(loc, low, lambda x: f"{x.name} {pct(x.coverage)}")))
    checks = []
    for x in r.rows:
        if "implausible_households" in x.flags:
            checks.append(T(loc, "implausible_households", name=x.name, done=num(x.households_cum, loc),
                            total=num(x.households_total, loc)))
        if "implausible_attendees" in x.flags:
            checks.append(T(loc, "implausible_attendees", name=x.name, done=num(x.attendees, loc),
                            total=num(x.adults, loc)))
    out += checks[:MAX_NAMES]
    if len(checks) > MAX_NAMES:
        out.append("• " + T(loc, "more", n=len(checks) - MAX_NAMES))
    return ["", T(loc, "attention"), *out] if out else []


def _villages(loc: str, r: Report) -> list[str]:
    if len(r.rows) <= 1:
        return []
    if len(r.rows) > MAX_VILLAGE_LINES:
        return ["", T(loc, "see_excel")]
    return ["", T(loc, "by_village")] + [
        T(loc, "village_line", name=x.name, assists=num(x.assists, loc), households=num(x.households, loc),
          coverage=pct(x.coverage))
        for x in r.rows
    ]


def digest_lines(report: Report, area_label: str, locale: str) -> list[str]:
    """The few lines of a weekly digest for one area."""
    loc, total, prev = locale, report.total, report.previous
    when = report.compared.label(loc)
    lines = [
        f"📍 {area_label}",
        T(loc, "villages", done=report.villages_reported, all=report.villages),
        T(loc, "assists", n=num(total.assists, loc), change=change(loc, total.assists, prev.assists, when)).rstrip(),
        T(loc, "households", n=num(total.households, loc),
          change=change(loc, total.households, prev.households, when)).rstrip(),
        T(loc, "sessions", n=num(total.sessions, loc), people=num(total.attendees, loc),
          change="").replace("  ", " "),
        T(loc, "help", opened=num(total.help_opened, loc), closed=num(total.help_closed, loc),
          median=DASH if report.help_median_hours is None else T(loc, "hours", n=num(report.help_median_hours, loc))),
    ]
    flagged = [x for x in report.rows if set(x.flags) - {"low_coverage"}]
    if flagged:
        lines.append(T(loc, "attention") + " " + _names(loc, flagged, lambda x: x.name))
    return lines
