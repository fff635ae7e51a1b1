"""Warnings that keep guides honest over time: sources without an address, facts nobody re-checked in a year.

They never stop a guide from loading (a guide that was right last year is still better than no guide), but
``python -m bot guides check`` prints them so the content team knows which guides to check again.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.residents.guides import Guide

STALE_AFTER_MONTHS = 12


def months_before(day: date, months: int) -> date:
    """The same calendar day MONTHS earlier (the last day of the month when that day does not exist)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has at least 28 days")


def guide_warnings(label: str, guide: Guide, today: date) -> list[str]:
    """One line per warning, naming the file and the path inside it like the load errors do."""
    warnings = []
    oldest_allowed = months_before(today, STALE_AFTER_MONTHS)
    newest = max(source.checked for source in guide.sources)
    if newest < oldest_allowed:
        warnings.append(
            f"{label}: sources: newest source was checked on {newest.isoformat()}, more than "
            f"{STALE_AFTER_MONTHS} months before {today.isoformat()}; check the guide against current pages"
        )
    for index, source in enumerate(guide.sources):
        if not source.url:
            warnings.append(f"{label}: sources[{index}].url: no address; add the page the facts come from")
        if source.checked > today:
            warnings.append(f"{label}: sources[{index}].checked: {source.checked.isoformat()} is in the future")
    if guide.reviewed is None:
        warnings.append(f"{label}: reviewed: missing; add the date the guide was last read against its sources")
    elif guide.reviewed > today:
        warnings.append(f"{label}: reviewed: {guide.reviewed.isoformat()} is in the future")
    return warnings
