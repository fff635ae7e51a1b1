"""Targets as coordinators write them: plain words ("thôn Đồng Tâm 120 hộ", "tổng 300 hộ, 50 buổi") and CSV
pasted from a spreadsheet (one village a row). The command line's CSV import reads rows the same way."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.areas import lookup as area_lookup
from bot.coordinators.reports.period import Period, PeriodError, parse_period, year
from bot.coordinators.reports.targets import Numbers, NumbersError, parse_value
from bot.core.normalize import fold
from storage.db import Database

VILLAGE_HEADERS = {"village", "thon", "ma_thon", "ten_thon", "code", "ma", "ban", "ap", "xom"}
PERIOD_HEADERS = {"period", "ky", "ky_bao_cao", "nam"}
# A number and its unit, with a word before it that makes "hộ" the village's own count ("có 120 hộ").
_AMOUNT = re.compile(
    r"(?:\b(tong so|tong|co|so ho|gom)\s+)?\b(\d{1,3}(?:[.,]\d{3})+|\d+)\s*"
    r"(ho gia dinh|ho|nguoi lon|nguoi du|luot nguoi du|nguoi|luot|buoi)\b"
)
_UNIT = {"ho gia dinh": "ho", "luot nguoi du": "nguoi du"}


@dataclass(frozen=True)
class Plain:
    numbers: Numbers
    rest: str  # what is left: the place and the period
    bare_households: bool  # "120 hộ" with nothing saying whose: read as a target, may be the village's count


def parse_plain(text: str) -> Plain:
    """Numbers with their units out of TEXT; the rest is the place and the period."""
    original = unicodedata.normalize("NFC", text)
    folded = fold(original)
    numbers = Numbers()
    bare = False
    spans: list[tuple[int, int]] = []
    for match in _AMOUNT.finditer(folded):
        qualifier, amount, unit = match.group(1), match.group(2), _UNIT.get(match.group(3), match.group(3))
        value = int(amount.replace(".", "").replace(",", ""))
        if unit == "ho" and qualifier:
            numbers.households = value
        elif unit == "ho":
            numbers.targets["households"] = value
            bare = True
        elif unit in ("nguoi lon", "nguoi"):
            numbers.adults = value
        elif unit == "luot":
            numbers.targets["assists"] = value
        elif unit == "buoi":
            numbers.targets["sessions"] = value
        else:
            numbers.targets["attendees"] = value
        spans.append(match.span())
    rest = original if len(folded) != len(original) else _cut(original, spans)
    rest = re.sub(r"\b(?:chỉ tiêu|chi tieu|mục tiêu|muc tieu)\b", " ", rest, flags=re.IGNORECASE)
    return Plain(numbers, " ".join(rest.replace(",", " ").split()), bare)


def _cut(text: str, spans: Sequence[tuple[int, int]]) -> str:
    out, last = [], 0
    for start, end in spans:
        out.append(text[last:start])
        last = end
    return " ".join([*out, text[last:]])


def looks_like_csv(text: str) -> bool:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    if len(lines) < 2:
        return False
    head = fold(lines[0])
    return any(sep in head for sep in ",;\t") and any(h in re.split(r"[\s,;\t]+", head.replace(" ", "_"))
                                                      for h in VILLAGE_HEADERS)


def read_csv(text: str) -> list[dict[str, str]]:
    text = text.lstrip("\ufeff")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.DictReader(text.strip().splitlines(), dialect=dialect))


@dataclass(frozen=True)
class Row:
    line: int
    village_code: str
    period: Period
    numbers: Numbers


@dataclass(frozen=True)
class Problem:
    line: int
    key: str  # a message key in targets.T, or 'village' / 'period'
    values: dict[str, object]


async def check_rows(
    db: Database, rows: list[dict[str, str]], within: Sequence[str] | None, today: date
) -> tuple[list[Problem], list[Row]]:
    """Each CSV row as a village, a period and its numbers, or the problem with it (line 1 is the header)."""
    problems: list[Problem] = []
    ready: list[Row] = []
    for line, row in enumerate(rows, 2):
        cells = {fold(k or "").strip().replace(" ", "_"): (v or "").strip() for k, v in row.items()}
        village_text = next((v for k, v in cells.items() if k in VILLAGE_HEADERS and v), "")
        period_text = next((v for k, v in cells.items() if k in PERIOD_HEADERS and v), "")
        numbers = Numbers()
        try:
            for key, value in cells.items():
                if key not in VILLAGE_HEADERS and key not in PERIOD_HEADERS and value:
                    parse_value(key, value, numbers)
        except NumbersError as exc:
            problems.append(Problem(line, exc.message, exc.values))
            continue
        try:
            period = parse_period(period_text, today)[0] if period_text else year(today.year)
        except PeriodError:
            period = None
        if period is None:
            problems.append(Problem(line, "period", {"text": period_text}))
            continue
        found = await area_lookup.lookup(db, village_text, ("village",), within)
        if not village_text or found.one is None:
            problems.append(Problem(line, "village", {"text": village_text, "total": found.total}))
            continue
        if not numbers.empty:
            ready.append(Row(line, found.one.code, period, numbers))
    return problems, ready
