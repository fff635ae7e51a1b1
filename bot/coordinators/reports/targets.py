"""/target (/chitieu): a village's households, adults and targets for a period; a province's column names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.areas import lookup as area_lookup
from bot.coordinators.reports.columns import BY_KEY, COLUMNS
from bot.coordinators.reports.period import Period, PeriodError, parse_key, parse_period, year
from bot.coordinators.reports.scope import coordinator_scope, resolve_area
from bot.core import access
from bot.core.engine import Turn
from bot.core.i18n import Catalog
from bot.core.messages import Reply
from bot.core.normalize import fold
from storage import areas, baselines

LIMITS = {"households": 1_000_000, "adults": 10_000_000}
TARGET_LIMIT = 10_000_000
# What people type before "=" (without tones), and what it sets: ("base" | "target", field).
KEYS: dict[str, tuple[str, str]] = {
    **dict.fromkeys(("ho", "so_ho", "tong_ho", "households"), ("base", "households")),
    **dict.fromkeys(("nguoi", "nguoi_lon", "so_nguoi", "dan_so", "adults"), ("base", "adults")),
    **dict.fromkeys(("muc_tieu_ho", "chi_tieu_ho", "ct_ho", "target_households"), ("target", "households")),
    **dict.fromkeys(("muc_tieu_luot", "chi_tieu_luot", "ct_luot", "target_assists"), ("target", "assists")),
    **dict.fromkeys(("muc_tieu_buoi", "chi_tieu_buoi", "ct_buoi", "target_sessions"), ("target", "sessions")),
    **dict.fromkeys(("muc_tieu_nguoi_du", "chi_tieu_nguoi_du", "ct_nguoi_du", "target_attendees"),
                    ("target", "attendees")),
}
PAIR = re.compile(r"([^\s=]+)\s*=\s*([^\s=]*)")

T = Catalog({
    "usage": {
        "vi": "🎯 Nhập số hộ, số người trưởng thành và chỉ tiêu của một thôn, trên một dòng:\n"
              "/chitieu <tên hoặc mã thôn> ho=<số hộ> nguoi=<số người lớn> muc_tieu_ho=<số> <kỳ>\n"
              "Ví dụ: /chitieu Thôn Đồng Tâm ho=120 nguoi=400 muc_tieu_ho=100 2026-Q4\n\n"
              "Chỉ tiêu: muc_tieu_ho (hộ được hỗ trợ), muc_tieu_luot (lượt hỗ trợ), muc_tieu_buoi (buổi hướng "
              "dẫn), muc_tieu_nguoi_du (lượt người dự).\n"
              "Kỳ: 2026 (cả năm), 2026-Q4 (quý), 2026-10 (tháng) hoặc 01/10/2026-31/12/2026. Không ghi kỳ là cả "
              "năm nay.\n"
              "Viết thường cũng được: /chitieu thôn Đồng Tâm 120 hộ (chỉ tiêu hộ) · /chitieu thôn Đồng Tâm tổng 300 hộ "
              "(số hộ của thôn) — mình nhắc lại để bạn xác nhận trước khi lưu.\n"
              "Nhiều thôn một lúc: dán bảng CSV, dòng đầu là tên cột, ví dụ thon,ho,muc_tieu_ho.\n"
              "Xem số đã nhập: /chitieu <tên thôn>\n"
              "Đổi tên hoặc ẩn cột của trang Tổng hợp (cán bộ cấp tỉnh): /chitieu cot",
        "en": "🎯 Enter a village's households, adults and targets on one line:\n"
              "/target <village name or code> ho=<households> nguoi=<adults> muc_tieu_ho=<number> <period>\n"
              "Example: /target Dong Tam ho=120 nguoi=400 muc_tieu_ho=100 2026-Q4\n\n"
              "Targets: muc_tieu_ho (households reached), muc_tieu_luot (assists), muc_tieu_buoi (sessions), "
              "muc_tieu_nguoi_du (attendance).\n"
              "Period: 2026 (year), 2026-Q4, 2026-10 or 01/10/2026-31/12/2026; none means this year.\n"
              "Plain words work too: /target Dong Tam 120 ho (a target) · /target Dong Tam tong 300 ho (the village's "
              "households) — echoed back for you to confirm.\n"
              "Several villages: paste CSV, the first line naming the columns, e.g. thon,ho,muc_tieu_ho.\n"
              "See what is entered: /target <village>\n"
              "Rename or hide Summary columns (province coordinators): /target cot",
    },
    "example": {"vi": "/chitieu Thôn Đồng Tâm ho=120", "en": "/target Dong Tam ho=120"},
    "unknown_key": {"vi": "Mình chưa hiểu «{name}». Dùng: ho, nguoi, muc_tieu_ho, muc_tieu_luot, muc_tieu_buoi, "
                          "muc_tieu_nguoi_du.",
                    "en": "I don't know “{name}”. Use: ho, nguoi, muc_tieu_ho, muc_tieu_luot, muc_tieu_buoi, "
                          "muc_tieu_nguoi_du."},
    "bad_number": {"vi": "«{name}={value}» chưa đúng: cần một số nguyên từ 0 đến {limit}.",
                   "en": "“{name}={value}” is not right: it needs a whole number from 0 to {limit}."},
    "bad_period": {"vi": "Kỳ «{text}» chưa đúng. Ví dụ: 2026, 2026-Q4, 2026-10 hoặc 01/10/2026-31/12/2026.",
                   "en": "The period “{text}” is not valid. Examples: 2026, 2026-Q4, 2026-10, 01/10/2026-31/12/2026."},
    "saved": {"vi": "✅ Đã lưu cho {village}, kỳ {period}:\n{lines}\nBáo cáo sẽ tính độ phủ và % đạt theo các số này.",
              "en": "✅ Saved for {village}, {period}:\n{lines}\nReports now use these for coverage and % of target."},
    "households": {"vi": "Số hộ", "en": "Households"},
    "adults": {"vi": "Số người trưởng thành", "en": "Adults"},
    "target": {"vi": "Chỉ tiêu — {what}", "en": "Target — {what}"},
    "what_households": {"vi": "hộ được hỗ trợ", "en": "households reached"},
    "what_assists": {"vi": "lượt hỗ trợ", "en": "assists"},
    "what_sessions": {"vi": "buổi hướng dẫn", "en": "sessions"},
    "what_attendees": {"vi": "lượt người dự", "en": "attendance"},
    "shown": {"vi": "📋 Số đã nhập cho {village}:\n{lines}", "en": "📋 Numbers entered for {village}:\n{lines}"},
    "nothing": {"vi": "📋 {village} chưa có số hộ hay chỉ tiêu nào. Ví dụ nhập: {example}",
                "en": "📋 Nothing entered yet for {village}. For example: {example}"},
    "columns": {"vi": "🗂 Cột trang Tổng hợp của {province} (mã — tên đang dùng):\n{lines}\n\n"
                      "Đổi tên: /chitieu cot <mã> = <tên mới> · Ẩn: /chitieu cot <mã> an · Hiện lại: "
                      "/chitieu cot <mã> hien · Về tên gốc: /chitieu cot <mã> =",
                "en": "🗂 Summary columns for {province} (key — current name):\n{lines}\n\n"
                      "Rename: /target cot <key> = <new name> · Hide: /target cot <key> an · Show: "
                      "/target cot <key> hien · Default name: /target cot <key> ="},
    "hidden": {"vi": "(đang ẩn)", "en": "(hidden)"},
    "column_saved": {"vi": "✅ Đã cập nhật cột «{column}» cho {province}.",
                     "en": "✅ Column “{column}” updated for {province}."},
    "unknown_column": {"vi": "Không có cột «{column}». Gõ /chitieu cot để xem danh sách.",
                       "en": "There is no column “{column}”. Type /target cot for the list."},
    "province_only": {"vi": "Chỉ cán bộ điều phối cấp tỉnh mới đổi được cột báo cáo của tỉnh.",
                      "en": "Only province coordinators can change the province's report columns."},
})


@dataclass
class Numbers:
    households: int | None = None
    adults: int | None = None
    targets: dict[str, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return self.households is None and self.adults is None and not self.targets


class NumbersError(ValueError):
    """A key or value a person typed (or a CSV cell) that cannot be stored; the message says which."""

    def __init__(self, message: str, **values: object) -> None:
        super().__init__(message)
        self.message, self.values = message, values


def parse_value(key: str, value: str, numbers: Numbers) -> None:
    """Add KEY=VALUE to NUMBERS; "1.200" and "1,200" mean 1200."""
    folded = fold(key).replace("-", "_")
    if folded not in KEYS:
        raise NumbersError("unknown_key", name=key)
    kind, name = KEYS[folded]
    limit = LIMITS[name] if kind == "base" else TARGET_LIMIT
    digits = value.replace(".", "").replace(",", "")
    if not digits.isdigit() or int(digits) > limit:
        raise NumbersError("bad_number", name=key, value=value, limit=f"{limit:,}".replace(",", "."))
    if kind == "target":
        numbers.targets[name] = int(digits)
    else:
        setattr(numbers, name, int(digits))


def describe_numbers(locale: str, numbers: Numbers) -> list[str]:
    lines = []
    if numbers.households is not None:
        lines.append(f"• {T(locale, 'households')}: {numbers.households:,}".replace(",", "."))
    if numbers.adults is not None:
        lines.append(f"• {T(locale, 'adults')}: {numbers.adults:,}".replace(",", "."))
    for indicator, value in numbers.targets.items():
        what = T(locale, "target", what=T(locale, f"what_{indicator}"))
        lines.append(f"• {what}: {value:,}".replace(",", "."))
    return lines


async def command(turn: Turn, args: str) -> list[Reply]:
    """/target …: usage, show a village's numbers, save them, or the province's columns."""
    scope, refusal = await coordinator_scope(turn)
    if scope is None:
        return refusal
    loc = turn.locale
    head, _, tail = args.strip().partition(" ")
    if fold(head) in ("cot", "columns"):
        return await columns(turn, tail)
    if not args.strip():
        return [Reply(T(loc, "usage"))]
    numbers = Numbers()
    try:
        for key, value in PAIR.findall(args):
            parse_value(key, value, numbers)
    except NumbersError as exc:
        return [Reply(T(loc, exc.message, **exc.values))]
    rest = PAIR.sub(" ", args)
    try:
        period, place = parse_period(rest, turn.services.clock().astimezone(turn.services.config.tz).date())
    except PeriodError as exc:
        return [Reply(T(loc, "bad_period", text=(exc.text or rest.strip())[:40]))]
    if period is None:
        period = year(turn.services.clock().astimezone(turn.services.config.tz).year)
    found = await resolve_area(turn, place, lambda a: "", T(loc, "example"), levels=("village",),
                               buttons=False, default_own=False)
    if found.area is None:
        return found.replies
    label = await area_lookup.describe(turn.db, found.area)
    if numbers.empty:
        return [await _show(turn, found.area.code, label)]
    await save(turn, found.area.code, period, numbers)
    return [Reply(T(loc, "saved", village=label, period=period.label(loc),
                    lines="\n".join(describe_numbers(loc, numbers))))]


async def save(turn: Turn, village_code: str, period: Period, numbers: Numbers) -> None:
    await baselines.save_numbers(
        turn.db, village_code, period.key, period.start.isoformat(), period.end.isoformat(), numbers.households,
        numbers.adults, numbers.targets, turn.incoming.identity,
    )


async def _show(turn: Turn, village_code: str, label: str) -> Reply:
    loc = turn.locale
    base, targets = await baselines.village_numbers(turn.db, village_code)
    if not base and not targets:
        return Reply(T(loc, "nothing", village=label, example=T(loc, "example")))
    lines = []
    for b in base:
        shown = Numbers(b.households, b.adults)
        lines += [f"{_period_label(b.period, b.starts_on, b.ends_on, loc)} {x[2:]}" for x in
                  describe_numbers(loc, shown)]
    for t in targets:
        shown = Numbers(targets={t.indicator: t.value})
        lines += [f"{_period_label(t.period, t.starts_on, t.ends_on, loc)} {x[2:]}" for x in
                  describe_numbers(loc, shown)]
    return Reply(T(loc, "shown", village=label, lines="\n".join(f"• {line}" for line in lines)))


def _period_label(key: str, starts_on: str, ends_on: str, loc: str) -> str:
    try:
        return f"[{parse_key(key).label(loc)}]"
    except PeriodError:
        last = date.fromisoformat(ends_on) - timedelta(days=1)
        return f"[{starts_on} – {last.isoformat()}]"


async def columns(turn: Turn, args: str) -> list[Reply]:
    """/target cot [province] [key [= label | an | hien]]."""
    loc = turn.locale
    scope, refusal = await coordinator_scope(turn)
    if scope is None:
        return refusal
    words = args.split()
    province_code = words.pop(0) if words and re.fullmatch(r"\d{2}", words[0]) else None
    own = [c for c in scope.area_codes if re.fullmatch(r"\d{2}", c)]
    province_code = province_code or (own[0] if len(own) == 1 else None)
    province = await areas.get_area(turn.db, province_code) if province_code else None
    if province is None or province.level != "province":
        return [Reply(T(loc, "province_only"))]
    if not scope.covers(province):
        return [Reply(access.T(loc, "outside_area", area=province.name))]
    settings = await baselines.column_settings(turn.db, province.code)
    if not words:
        lines = []
        for c in COLUMNS:
            s = settings.get(c.key)
            name = s.label if s and s.label else c.label(loc)
            lines.append(f"• {c.key} — {name}" + (f" {T(loc, 'hidden')}" if s and s.hidden else ""))
        return [Reply(T(loc, "columns", province=province.name, lines="\n".join(lines)))]
    key = fold(words[0].split("=")[0])
    if key not in BY_KEY:
        return [Reply(T(loc, "unknown_column", column=words[0][:30]))]
    rest = " ".join(words)[len(words[0].split("=")[0]):].strip()
    label: str | None = None
    hidden: bool | None = None
    if rest.startswith("="):
        label = rest[1:].strip()[:60]
    elif fold(rest) in ("an", "hide"):
        hidden = True
    elif fold(rest) in ("hien", "show"):
        hidden = False
    else:
        return [Reply(T(loc, "columns", province=province.name, lines=""))]
    await baselines.save_column(turn.db, province.code, key, label, hidden, turn.incoming.identity)
    return [Reply(T(loc, "column_saved", column=key, province=province.name))]
