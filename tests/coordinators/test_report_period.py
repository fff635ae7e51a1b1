"""Report periods as coordinators type them, resolved to local days."""

from __future__ import annotations

from datetime import date

import pytest

from bot.coordinators.reports.period import PeriodError, parse_key, parse_period

TODAY = date(2026, 11, 20)  # a Friday


@pytest.mark.parametrize(("text", "key", "rest"), [
    ("tháng này", "2026-11", ""),
    ("thang nay", "2026-11", ""),
    ("tháng 10", "2026-10", ""),
    ("thang 12", "2025-12", ""),  # December has not come yet this year: the last one
    ("Tháng 10 Thôn 10", "2026-10", "Thôn 10"),
    ("quý 4", "2026-Q4", ""),
    ("quy IV 2025", "2025-Q4", ""),
    ("Q1/2026", "2026-Q1", ""),
    ("tuần này", "2026-11-16..2026-11-22", ""),
    ("tuan truoc", "2026-11-09..2026-11-15", ""),
    ("hôm nay", "2026-11-20..2026-11-20", ""),
    ("2026-10", "2026-10", ""),
    ("10/2026 xã Định Hóa", "2026-10", "xã Định Hóa"),
    ("01/10/2026-15/10/2026", "2026-10-01..2026-10-15", ""),
    ("1/10/2026 đến 15/10/2026", "2026-10-01..2026-10-15", ""),
    ("01/10/2026-31/10/2026", "2026-10", ""),  # a range that is a whole month is that month
    ("năm 2025", "2025", ""),
    ("00070-001 tháng trước", "2026-10", "00070-001"),
])
def test_periods_people_type(text: str, key: str, rest: str) -> None:
    period, left = parse_period(text, TODAY)
    assert period is not None
    assert (period.key, left) == (key, rest)
    assert parse_key(period.key) == period


def test_no_period_leaves_the_text() -> None:
    assert parse_period("Xã Định Hóa", TODAY) == (None, "Xã Định Hóa")


@pytest.mark.parametrize("text", ["tháng 13", "32/10/2026", "15/10/2026-01/10/2026", "2026-02-30"])
def test_impossible_periods_are_refused(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(text, TODAY)


def test_previous_periods() -> None:
    assert parse_key("2026-01").previous().key == "2025-12"
    assert parse_key("2026-Q1").previous().key == "2025-Q4"
    assert parse_key("2026-10-01..2026-10-15").previous().key == "2026-09-16..2026-09-30"
    week = parse_period("tuần này", TODAY)[0]
    assert week is not None and week.previous().key == "2026-11-09..2026-11-15"


def test_labels_read_naturally() -> None:
    assert parse_key("2026-10").label("vi") == "tháng 10/2026"
    assert parse_key("2026-Q4").label("vi") == "quý 4/2026"
    assert parse_key("2026-11-16..2026-11-22").label("vi") == "16/11–22/11/2026"
    assert parse_key("2026-10").label("en") == "10/2026"
