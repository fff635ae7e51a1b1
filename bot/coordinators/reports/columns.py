"""The summary sheet's columns: a stable key, default labels, the value, and a province's own names."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.coordinators.reports.model import Row
from storage.baselines import ColumnSetting

Value = int | float | str | None


@dataclass(frozen=True)
class Column:
    key: str
    vi: str
    en: str
    value: Callable[[Row], Value]
    percent: bool = False
    width: int = 11

    def label(self, locale: str) -> str:
        return self.en if locale == "en" else self.vi


def _target(indicator: str) -> Callable[[Row], Value]:
    return lambda r: r.targets.get(indicator)


def _percent(indicator: str) -> Callable[[Row], Value]:
    return lambda r: r.percent(indicator)


def notes(r: Row, locale: str = "vi") -> str:
    """The row's flags in words ("chưa có hoạt động, độ phủ thấp")."""
    return ", ".join(FLAG_NOTES[f][locale == "en"] for f in r.flags if f in FLAG_NOTES)


FLAG_NOTES = {
    "inactive": ("chưa có hoạt động", "no activity"),
    "low_coverage": ("độ phủ thấp", "low coverage"),
    "implausible_households": ("số hộ được hỗ trợ lớn hơn số hộ — cần kiểm tra",
                               "more households reached than exist — check"),
    "implausible_attendees": ("người dự nhiều hơn số người lớn — cần kiểm tra", "more attending than adults — check"),
}

COLUMNS: tuple[Column, ...] = (
    Column("commune", "Xã/phường", "Commune", lambda r: r.commune, width=18),
    Column("village", "Thôn/ấp/bản", "Village", lambda r: r.name, width=18),
    Column("code", "Mã", "Code", lambda r: r.code, width=10),
    Column("teams", "Số tổ", "Teams", lambda r: r.teams, width=7),
    Column("members", "Số thành viên", "Members", lambda r: r.members),
    Column("active_members", "Thành viên hoạt động", "Active members", lambda r: r.active_members),
    Column("assists", "Lượt hỗ trợ (trong kỳ)", "Assists (period)", lambda r: r.assists),
    Column("assists_self", "Tự làm có hướng dẫn (lượt)", "Self-done with guidance", lambda r: r.assists_self),
    Column("assists_for_them", "Làm hộ (lượt)", "Done for them", lambda r: r.assists_for_them),
    Column("people", "Số người được hỗ trợ", "People helped", lambda r: r.people),
    Column("households", "Hộ mới được hỗ trợ (trong kỳ)", "New households (period)", lambda r: r.households),
    Column("sessions", "Buổi hướng dẫn", "Sessions", lambda r: r.sessions),
    Column("attendees", "Lượt người dự", "Attendance", lambda r: r.attendees),
    Column("assists_cum", "Lượt hỗ trợ lũy kế", "Assists, cumulative", lambda r: r.assists_cum),
    Column("households_cum", "Hộ được hỗ trợ lũy kế", "Households, cumulative", lambda r: r.households_cum),
    Column("sessions_cum", "Buổi lũy kế", "Sessions, cumulative", lambda r: r.sessions_cum),
    Column("households_total", "Tổng số hộ", "Households in village", lambda r: r.households_total),
    Column("adults", "Số người trưởng thành", "Adults", lambda r: r.adults),
    Column("coverage", "Độ phủ hộ (%)", "Household coverage", lambda r: r.coverage, percent=True),
    Column("target_households", "Chỉ tiêu hộ", "Target: households", _target("households")),
    Column("pct_households", "% đạt (hộ)", "% of target (households)", _percent("households"), percent=True),
    Column("target_assists", "Chỉ tiêu lượt", "Target: assists", _target("assists")),
    Column("pct_assists", "% đạt (lượt)", "% of target (assists)", _percent("assists"), percent=True),
    Column("target_sessions", "Chỉ tiêu buổi", "Target: sessions", _target("sessions")),
    Column("pct_sessions", "% đạt (buổi)", "% of target (sessions)", _percent("sessions"), percent=True),
    Column("help_opened", "Yêu cầu hỗ trợ mới", "Help requests opened", lambda r: r.help_opened),
    Column("help_closed", "Yêu cầu đã xử lý", "Help requests closed", lambda r: r.help_closed),
    Column("residents", "Người dân dùng bot", "Residents using the bot", lambda r: r.residents),
    Column("notes", "Ghi chú", "Notes", notes, width=30),
)
BY_KEY = {c.key: c for c in COLUMNS}


def visible(settings: Mapping[str, ColumnSetting], locale: str) -> list[tuple[Column, str]]:
    """The columns a province shows, each with its label (the province's own name when it set one)."""
    out = []
    for column in COLUMNS:
        setting = settings.get(column.key)
        if setting and setting.hidden:
            continue
        out.append((column, setting.label if setting and setting.label else column.label(locale)))
    return out
