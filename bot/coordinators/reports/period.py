"""Report periods: what coordinators type ("tháng này", "quý 4", "01/10/2026-15/10/2026") as local dates."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.normalize import fold

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_D = r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})"
_ISO = r"(\d{4})-(\d{2})-(\d{2})"
_TO = r"\s*(?:-|–|—|\.\.|den|toi|to)\s*"


class PeriodError(ValueError):
    """Text that looks like a period but is not a valid one (month 13, 31/02, a range ending before it starts);
    ``text`` is what the person typed for it, when known."""

    def __init__(self, message: str, text: str = "") -> None:
        super().__init__(message)
        self.text = text


@dataclass(frozen=True)
class Period:
    """Local days [start, end); ``kind`` is day, week, month, quarter, year or range."""

    start: date
    end: date
    kind: str

    @property
    def last(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def key(self) -> str:
        """Stable text for storage and buttons: 2026, 2026-Q4, 2026-10, or 2026-10-01..2026-10-15."""
        if self.kind == "year":
            return str(self.start.year)
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "month":
            return f"{self.start.year}-{self.start.month:02d}"
        return f"{self.start.isoformat()}..{self.last.isoformat()}"

    def label(self, locale: str) -> str:
        """How a person reads it: "tháng 10/2026", "quý 4/2026", "16/11–22/11/2026"."""
        vi = locale != "en"
        if self.kind == "year":
            return f"năm {self.start.year}" if vi else f"year {self.start.year}"
        if self.kind == "quarter":
            q = (self.start.month - 1) // 3 + 1
            return f"quý {q}/{self.start.year}" if vi else f"Q{q} {self.start.year}"
        if self.kind == "month":
            return f"tháng {self.start.month}/{self.start.year}" if vi else f"{self.start:%m/%Y}"
        if self.kind == "day":
            return f"ngày {self.start:%d/%m/%Y}" if vi else f"{self.start:%d/%m/%Y}"
        if self.start.year == self.last.year:
            return f"{self.start:%d/%m}–{self.last:%d/%m/%Y}"
        return f"{self.start:%d/%m/%Y}–{self.last:%d/%m/%Y}"

    def words(self, locale: str) -> str:
        """As a report's subject line says it: "tháng 10 năm 2026", "quý 4 năm 2026", "từ ngày … đến ngày …"."""
        if locale == "en":
            return self.label(locale)
        if self.kind == "year":
            return f"năm {self.start.year}"
        if self.kind == "quarter":
            return f"quý {(self.start.month - 1) // 3 + 1} năm {self.start.year}"
        if self.kind == "month":
            return f"tháng {self.start.month} năm {self.start.year}"
        if self.kind == "day":
            return f"ngày {self.start:%d/%m/%Y}"
        return f"từ ngày {self.start:%d/%m/%Y} đến ngày {self.last:%d/%m/%Y}"

    def previous(self) -> Period:
        """The period of the same kind just before (a range: the same number of days before)."""
        if self.kind == "month":
            return month(self.start - timedelta(days=1))
        if self.kind == "quarter":
            return quarter(self.start - timedelta(days=1))
        if self.kind == "year":
            return year(self.start.year - 1)
        return Period(self.start - timedelta(days=self.days), self.start, self.kind)

    def clipped(self, days: int) -> Period:
        """The first DAYS days of this period (for comparing a period still running with the same stretch)."""
        return Period(self.start, min(self.end, self.start + timedelta(days=max(days, 1))), "range")

    def utc(self, tz: ZoneInfo) -> tuple[str, str]:
        """[start, end) as the database's ISO UTC strings."""
        return utc_moment(self.start, tz), utc_moment(self.end, tz)


def utc_moment(day: date, tz: ZoneInfo) -> str:
    """Local midnight of DAY as ISO UTC with milliseconds, as stored in the database."""
    moment = datetime.combine(day, time(), tzinfo=tz).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def month(day: date) -> Period:
    start = day.replace(day=1)
    end = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return Period(start, end, "month")


def quarter(day: date) -> Period:
    first = (day.month - 1) // 3 * 3 + 1
    start = date(day.year, first, 1)
    end = date(day.year + (first == 10), (first + 2) % 12 + 1, 1)
    return Period(start, end, "quarter")


def year(number: int) -> Period:
    return Period(date(number, 1, 1), date(number + 1, 1, 1), "year")


def week(day: date) -> Period:
    start = day - timedelta(days=day.weekday())
    return Period(start, start + timedelta(days=7), "week")


def single_day(day: date) -> Period:
    return Period(day, day + timedelta(days=1), "day")


def span(first: date, last: date) -> Period:
    if last < first:
        raise PeriodError("range ends before it starts")
    if (last - first).days > 3 * 366:
        raise PeriodError("range longer than three years")
    end = last + timedelta(days=1)
    # A range that is exactly a month, quarter or year is reported (and compared) as one.
    for whole in (month(first), quarter(first), year(first.year)):
        if (whole.start, whole.end) == (first, end):
            return whole
    return Period(first, end, "range")


def _date(d: str, m: str, y: str) -> date:
    try:
        return date(int(y), int(m), int(d))
    except ValueError as exc:
        raise PeriodError(f"{d}/{m}/{y} is not a date") from exc


def _recent_month(number: int, today: date, year_text: str | None) -> Period:
    if not 1 <= number <= 12:
        raise PeriodError(f"month {number}")
    if year_text:
        return month(date(int(year_text), number, 1))
    return month(date(today.year - (number > today.month), number, 1))


def _recent_quarter(number: int, today: date, year_text: str | None) -> Period:
    if year_text:
        return quarter(date(int(year_text), number * 3, 1))
    current = (today.month - 1) // 3 + 1
    return quarter(date(today.year - (number > current), number * 3, 1))


def _relative(words: str, today: date) -> Period | None:
    table: dict[tuple[str, ...], Callable[[], Period]] = {
        ("hom nay", "today"): lambda: single_day(today),
        ("hom qua", "yesterday"): lambda: single_day(today - timedelta(days=1)),
        ("tuan nay", "this week"): lambda: week(today),
        ("tuan truoc", "tuan qua", "last week"): lambda: week(today - timedelta(days=7)),
        ("thang nay", "this month"): lambda: month(today),
        ("thang truoc", "thang qua", "last month"): lambda: month(today).previous(),
        ("quy nay", "this quarter"): lambda: quarter(today),
        ("quy truoc", "last quarter"): lambda: quarter(today).previous(),
        ("nam nay", "this year"): lambda: year(today.year),
        ("nam truoc", "nam ngoai", "last year"): lambda: year(today.year - 1),
    }
    for names, build in table.items():
        if words in names:
            return build()
    return None


_RELATIVE = re.compile(
    r"\b(hom nay|today|hom qua|yesterday|tuan nay|this week|tuan truoc|tuan qua|last week|thang nay|"
    r"this month|thang truoc|thang qua|last month|quy nay|this quarter|quy truoc|last quarter|nam nay|"
    r"this year|nam truoc|nam ngoai|last year)\b"
)
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(_D + _TO + _D), "dmy_range"),
    (re.compile(_ISO + _TO + _ISO), "iso_range"),
    (re.compile(r"(?<![\d-])" + _ISO + r"(?![\d-])"), "iso_day"),
    (re.compile(r"(?<![\d/])" + _D + r"(?![\d/])"), "dmy_day"),
    (re.compile(r"\b(\d{4})-?q([1-4])\b"), "year_quarter"),
    (re.compile(r"\b(?:q|quy|quarter)\s*([1-4]|iv|iii|ii|i)\b(?:\s*(?:/|-|nam)?\s*(\d{4})\b)?"), "quarter"),
    (re.compile(r"(?<![\d-])(\d{4})-(\d{1,2})(?![\d-])"), "year_month"),
    (re.compile(r"\b(?:thang|month)\s*(\d{1,2})\b(?:\s*(?:/|-|nam)?\s*(\d{4})\b)?"), "month"),
    (re.compile(r"(?<![\d/-])(\d{1,2})/(\d{4})\b"), "month_year"),
    (_RELATIVE, "relative"),
    (re.compile(r"\b(?:nam|year)?\s*\b(20\d{2})\b(?![-/])"), "year"),
]


def parse_period(text: str, today: date) -> tuple[Period | None, str]:
    """The first period named in TEXT and the text left around it; (None, text) when there is none.

    Raises PeriodError for a period that is named but impossible.
    """
    original = " ".join(unicodedata.normalize("NFC", text).split())
    folded = fold(original)
    # Folding keeps one character per character for Vietnamese, so a span found in FOLDED cuts ORIGINAL too.
    source = original if len(folded) == len(original) else folded
    for pattern, kind in _PATTERNS:
        found = pattern.search(folded)
        if found is None:
            continue
        try:
            period = _build(kind, found.groups(), today, found.group(0))
        except PeriodError as exc:
            raise PeriodError(str(exc), source[found.start():found.end()]) from exc
        return period, " ".join((source[:found.start()] + " " + source[found.end():]).split())
    return None, original


def _build(kind: str, g: tuple[str | None, ...], today: date, whole: str) -> Period:
    s = [x or "" for x in g]
    if kind == "dmy_range":
        return span(_date(s[0], s[1], s[2]), _date(s[3], s[4], s[5]))
    if kind == "iso_range":
        return span(_date(s[2], s[1], s[0]), _date(s[5], s[4], s[3]))
    if kind == "iso_day":
        return single_day(_date(s[2], s[1], s[0]))
    if kind == "dmy_day":
        return single_day(_date(s[0], s[1], s[2]))
    if kind == "year_quarter":
        return quarter(date(int(s[0]), int(s[1]) * 3, 1))
    if kind == "quarter":
        number = _ROMAN.get(s[0]) or int(s[0])
        return _recent_quarter(number, today, g[1])
    if kind == "year_month":
        return _recent_month(int(s[1]), today, s[0])
    if kind == "month":
        return _recent_month(int(s[0]), today, g[1])
    if kind == "month_year":
        return _recent_month(int(s[0]), today, s[1])
    if kind == "relative":
        found = _relative(whole, today)
        assert found is not None
        return found
    return year(int(s[0]))


def parse_key(key: str) -> Period:
    """The inverse of Period.key (for button payloads and stored periods)."""
    if re.fullmatch(r"\d{4}", key):
        return year(int(key))
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", key):
        return quarter(date(int(m[1]), int(m[2]) * 3, 1))
    if m := re.fullmatch(r"(\d{4})-(\d{2})", key):
        return _recent_month(int(m[2]), date.today(), m[1])
    if m := re.fullmatch(_ISO + r"\.\." + _ISO, key):
        first, last = _date(m[3], m[2], m[1]), _date(m[6], m[5], m[4])
        period = span(first, last)
        if period.kind != "range":
            return period
        if period.days == 1:
            return single_day(first)
        if period.days == 7 and first.weekday() == 0:
            return Period(period.start, period.end, "week")
        return period
    raise PeriodError(f"unknown period {key!r}")
