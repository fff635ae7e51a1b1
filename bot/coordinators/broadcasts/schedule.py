"""Reading and showing a broadcast's time: ``25/11 08:00`` in the configured zone (Asia/Ho_Chi_Minh)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.normalize import fold

MAX_DAYS = 90
_DATE = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{2}|\d{4}))?"
_TIME = r"(\d{1,2})\s*(?:[:h]|gio)\s*(\d{2})?(?:\s*(?:phut|p))?"
_DATE_TIME = re.compile(rf"^(?:ngay\s+)?{_DATE}\s*(?:,|luc|vao)?\s*{_TIME}$")
_TIME_DATE = re.compile(rf"^(?:luc\s+)?{_TIME}\s*(?:,|ngay)?\s*{_DATE}$")


@dataclass(frozen=True)
class When:
    """A parsed time in UTC, or why it cannot be used: ``format``, ``past`` or ``far``."""

    at: datetime | None
    error: str | None = None
    limit_days: int = MAX_DAYS


def parse_when(text: str, now: datetime, tz: ZoneInfo) -> When:
    """``25/11 08:00``, ``25/11/2026 8h30``, ``8:00 25/11``; a date without a year is the next such date."""
    folded = " ".join(fold(text).split())
    match = _DATE_TIME.match(folded)
    if match:
        day, month, year, hour, minute = match.groups()
    else:
        match = _TIME_DATE.match(folded)
        if not match:
            return When(None, "format")
        hour, minute, day, month, year = match.groups()
    local_now = now.astimezone(tz)
    full_year = local_now.year if year is None else (2000 + int(year) if len(year) == 2 else int(year))
    try:
        local = datetime(full_year, int(month), int(day), int(hour), int(minute or 0), tzinfo=tz)
    except ValueError:
        return When(None, "format")
    if year is None and local < local_now - timedelta(days=1):
        try:
            local = local.replace(year=full_year + 1)  # "05/01" typed in December means next January
        except ValueError:
            return When(None, "format")
    at = local.astimezone(UTC)
    if at <= now:
        return When(at, "past")
    if at > now + timedelta(days=MAX_DAYS):
        return When(at, "far")
    return When(at)


def show_when(at: datetime, tz: ZoneInfo) -> str:
    """``08:00 25/11/2026`` in local time."""
    return at.astimezone(tz).strftime("%H:%M %d/%m/%Y")


def show_iso(value: str, tz: ZoneInfo) -> str:
    """A stored UTC timestamp shown as local ``08:00 25/11``."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment.astimezone(tz).strftime("%H:%M %d/%m")


def example(now: datetime, tz: ZoneInfo) -> str:
    """Tomorrow at 08:00, as the person would type it."""
    tomorrow = now.astimezone(tz) + timedelta(days=1)
    return tomorrow.strftime("%d/%m") + " 08:00"
