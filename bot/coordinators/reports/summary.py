"""The one-page summary a commune sends upward: the table (villages, or communes for a province), its
legend and titles — one model that the .xlsx sheet, the PDF and the picture all draw."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import timedelta

from bot.coordinators.reports.model import Report, Row
from bot.coordinators.reports.rows import total_percent, total_row

Value = int | float | str | None

# The five basic skill groups of CV 3240/BTTTT-CĐSQG as columns, and the groups each one holds: VNeID goes
# with online public services (it is the account they are used with), a typed-in task with other platforms,
# so that the five always add up to the total.
FIVE_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("public_services", ("identity", "public_services")),
    ("online_shopping", ("online_shopping",)),
    ("online_payment", ("online_payment",)),
    ("online_safety", ("online_safety",)),
    ("other_platform", ("other_platform", "other")),
)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    group: str  # the heading above it ('' when it stands alone over both heading rows)
    kind: str  # 'index' | 'text' | 'count' | 'percent'
    width: float  # in Excel character widths; the PDF scales them to the page


@dataclass(frozen=True)
class Summary:
    title: str  # "BÁO CÁO"
    subject: str  # "Kết quả hoạt động của Tổ công nghệ số cộng đồng tháng 10 năm 2026"
    scope: str  # "Địa bàn: …; số liệu đến hết ngày …"
    columns: tuple[Column, ...]
    rows: tuple[tuple[Value, ...], ...]
    total: tuple[Value, ...]
    legend: tuple[str, ...]

    def column(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)


LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "title": "BÁO CÁO", "index": "STT", "village": "Thôn, ấp, bản", "commune": "Xã, phường",
        "assists": "Lượt hỗ trợ (lượt)", "total": "Tổng số",
        "public_services": "Dịch vụ công trực tuyến, VNeID", "online_shopping": "Mua sắm trực tuyến",
        "online_payment": "Thanh toán trực tuyến", "online_safety": "An toàn, bảo vệ bản thân trên mạng",
        "other_platform": "Nền tảng số khác", "for_them": "Trong đó: làm hộ",
        "people": "Người được giúp (người)", "households": "Hộ gia đình (hộ)",
        "households_new": "Hộ mới được hỗ trợ trong kỳ", "households_cum": "Hộ được hỗ trợ lũy kế",
        "households_total": "Tổng số hộ", "coverage": "Độ phủ hộ (%)", "target": "Chỉ tiêu hộ",
        "target_households": "Chỉ tiêu (hộ)", "pct": "% đạt", "sessions_group": "Hướng dẫn tập trung",
        "sessions": "Số buổi (buổi)", "attendees": "Người dự (lượt người)", "sum": "Tổng cộng",
        "subject": "Kết quả hoạt động của Tổ công nghệ số cộng đồng {period}",
        "scope": "Địa bàn: {area}. Kỳ báo cáo: {start} – {end}{through}. Lũy kế từ {cum}.",
        "through": " (số liệu đến hết ngày {day})",
    },
    "en": {
        "title": "REPORT", "index": "No.", "village": "Village", "commune": "Commune",
        "assists": "Assists (times)", "total": "Total",
        "public_services": "Online public services, VNeID", "online_shopping": "Online shopping",
        "online_payment": "Online payment", "online_safety": "Staying safe online",
        "other_platform": "Other platforms", "for_them": "Of which done for them",
        "people": "People helped (people)", "households": "Households",
        "households_new": "New households this period", "households_cum": "Households reached, cumulative",
        "households_total": "Households in area", "coverage": "Household coverage (%)", "target": "Target",
        "target_households": "Target (households)", "pct": "% of target", "sessions_group": "Group sessions",
        "sessions": "Sessions", "attendees": "Attendance (people)", "sum": "Total",
        "subject": "Activity of the community digital technology teams, {period}",
        "scope": "Area: {area}. Period: {start} – {end}{through}. Cumulative since {cum}.",
        "through": " (figures up to {day})",
    },
}

LEGEND: dict[str, tuple[str, ...]] = {
    "vi": (
        "Ghi chú: Lượt hỗ trợ là số lần giúp một người một việc; người được giúp là số người có mặt trong các "
        "lượt đó; hộ là hộ gia đình khác nhau, mỗi hộ chỉ tính một lần.",
        "Năm nhóm kỹ năng số cơ bản (CV 3240/BTTTT-CĐSQG) cộng lại bằng tổng số lượt: VNeID tính vào dịch vụ "
        "công trực tuyến, việc khác do thành viên tự ghi tính vào nền tảng số khác.",
        "«Làm hộ» là lượt thành viên làm thay người dân, tính riêng để số liệu trung thực.",
        "Ô trống: chưa có số liệu (thôn chưa báo cáo, chưa nhập số hộ hoặc chỉ tiêu) — không phải là 0.",
        "Hộ mới được hỗ trợ trong kỳ cộng với lũy kế kỳ trước bằng lũy kế kỳ này; độ phủ = hộ lũy kế ÷ tổng "
        "số hộ; % đạt = hộ lũy kế ÷ chỉ tiêu.",
    ),
    "en": (
        "Notes: an assist is one person helped with one task; people helped counts those present; households "
        "are distinct households, each counted once.",
        "The five basic digital skill groups (CV 3240/BTTTT-CĐSQG) add up to the total: VNeID counts as online "
        "public services, tasks typed in by members as other platforms.",
        "\"Done for them\": the member did it instead of the resident, kept apart so figures stay honest.",
        "An empty cell means no data (not reported, households or target not entered) — not 0.",
        "New households plus last period's cumulative make this period's cumulative; coverage = cumulative ÷ "
        "households; % of target = cumulative ÷ target.",
    ),
}


def columns(locale: str, by_commune: bool) -> tuple[Column, ...]:
    w = LABELS["en" if locale == "en" else "vi"]
    groups = tuple(Column(f"g_{key}", w[key], w["assists"], "count", 10) for key, _ in FIVE_GROUPS)
    return (
        Column("index", w["index"], "", "index", 5),
        Column("name", w["commune" if by_commune else "village"], "", "text", 18),
        Column("assists", w["total"], w["assists"], "count", 8), *groups,
        Column("for_them", w["for_them"], w["assists"], "count", 8),
        Column("people", w["people"], "", "count", 9),
        Column("households", w["households_new"], w["households"], "count", 9),
        Column("households_cum", w["households_cum"], w["households"], "count", 9),
        Column("households_total", w["households_total"], w["households"], "count", 8),
        Column("coverage", w["coverage"], w["households"], "percent", 8),
        Column("target", w["target_households"], w["target"], "count", 8),
        Column("pct", w["pct"], w["target"], "percent", 7),
        Column("sessions", w["sessions"], w["sessions_group"], "count", 8),
        Column("attendees", w["attendees"], w["sessions_group"], "count", 9),
    )


def _values(row: Row, name: str, index: int | None, pct: float | None) -> tuple[Value, ...]:
    reported = bool(row.groups)
    five = [sum(row.groups.get(g, 0) for g in members) if reported else None for _, members in FIVE_GROUPS]
    return (index, name, row.assists, *five, row.assists_for_them, row.people, row.households, row.households_cum,
            row.households_total, row.coverage, row.targets.get("households"), pct, row.sessions, row.attendees)


def by_commune(report: Report) -> list[tuple[str, Row, float | None]]:
    """A province's summary: one row per commune, added up from its villages."""
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in report.rows:
        grouped[row.commune].append(row)
    return [(name, total_row(rows), total_percent(tuple(rows), "households")) for name, rows in grouped.items()]


def build_summary(report: Report, area_label: str, locale: str) -> Summary:
    """The summary of REPORT, worded for LOCALE."""
    w = LABELS["en" if locale == "en" else "vi"]
    province = report.area.level == "province"
    units = by_commune(report) if province else [(r.name, r, r.percent("households")) for r in report.rows]
    rows = tuple(_values(row, name, i, pct) for i, (name, row, pct) in enumerate(units, 1))
    total = replace(report.total, flags=())
    last_day = report.through - timedelta(days=1)
    through = w["through"].format(day=f"{last_day:%d/%m/%Y}") if report.running else ""
    scope = w["scope"].format(area=area_label, start=f"{report.period.start:%d/%m/%Y}",
                              end=f"{report.period.last:%d/%m/%Y}", through=through, cum=f"{report.cum_start:%d/%m/%Y}")
    return Summary(
        title=w["title"], subject=w["subject"].format(period=report.period.words(locale)), scope=scope,
        columns=columns(locale, province), rows=rows,
        total=_values(total, w["sum"], None, total_percent(report.rows, "households")), legend=LEGEND["en" if locale == "en" else "vi"],
    )

