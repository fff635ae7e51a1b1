"""The summary as the first sheet of the workbook: an administrative document that prints on A4 landscape,
fit to the page width, with its heading rows repeated, numbers as numbers and empty cells where data is missing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from bot.coordinators.reports.letterhead import MOTTO, NATION, Letterhead
from bot.coordinators.reports.summary import Summary

FONT = "Times New Roman"
ONE_PAGE_ROWS = 25  # up to this many rows the whole sheet is scaled onto one page; longer ones run on
_THIN = Side(style="thin")
BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
HEADING_ROW = 9  # first of the two heading rows of the table
SIGNATURE = {"vi": ("Nơi nhận:", "NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)"),
             "en": ("Recipients:", "PREPARED BY", "(Signature, full name)")}


class _Sheet:
    """Appends styled rows to a write-only sheet and remembers the merges."""

    def __init__(self, ws: Any, width: int) -> None:
        self.ws, self.width, self.row = ws, width, 0

    def put(self, cells: dict[int, tuple[Any, Font | None, Alignment | None]], height: float | None = None,
            boxed: Sequence[int] = (), number_formats: dict[int, str] | None = None) -> int:
        self.row += 1
        if height:
            self.ws.row_dimensions[self.row].height = height
        out = []
        for col in range(1, self.width + 1):
            value, font, align = cells.get(col, (None, None, None))
            cell = WriteOnlyCell(self.ws, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # typed text never becomes a formula
            cell.font = font or Font(name=FONT, size=11)
            if align is not None:
                cell.alignment = align
            if col in boxed:
                cell.border = BOX
            if number_formats and col in number_formats:
                cell.number_format = number_formats[col]
            out.append(cell)
        self.ws.append(out)
        return self.row

    def merge(self, first: int, last: int, row: int | None = None, to_row: int | None = None) -> None:
        r = row or self.row
        self.ws.merged_cells.add(f"{get_column_letter(first)}{r}:{get_column_letter(last)}{to_row or r}")


def write_summary(ws: Any, summary: Summary, head: Letterhead, issued: date, locale: str) -> None:
    cols = summary.columns
    n = len(cols)
    for i, column in enumerate(cols, 1):
        ws.column_dimensions[get_column_letter(i)].width = column.width
    _print_setup(ws, len(summary.rows))  # before the first row: a streamed sheet writes its properties then
    sheet = _Sheet(ws, n)
    left, right = (1, min(6, n)), (max(n - 8, 7), n)
    bold, regular = Font(name=FONT, size=12, bold=True), Font(name=FONT, size=12)
    italic = Font(name=FONT, size=12, italic=True)
    sheet.put({left[0]: (head.superior, regular, CENTRE), right[0]: (NATION, bold, CENTRE)})
    sheet.merge(*left)
    sheet.merge(*right)
    sheet.put({left[0]: (head.issuer, bold, CENTRE), right[0]: (MOTTO, Font(name=FONT, size=13, bold=True), CENTRE)})
    sheet.merge(*left)
    sheet.merge(*right)
    sheet.put({left[0]: (f"Số: {head.number}", regular, CENTRE), right[0]: (head.date_line(issued), italic, CENTRE)})
    sheet.merge(*left)
    sheet.merge(*right)
    sheet.put({})
    for text, font in ((summary.title, Font(name=FONT, size=14, bold=True)), (summary.subject, bold),
                       (summary.scope, italic)):
        sheet.put({1: (text, font, CENTRE)}, height=18 if text != summary.scope else 32)
        sheet.merge(1, n)
    sheet.put({})
    _table(sheet, summary)
    sheet.put({})
    for line in summary.legend:
        sheet.put({1: (line, Font(name=FONT, size=10, italic=True), LEFT)}, height=15 * (1 + len(line) // 150))
        sheet.merge(1, n)
    sheet.put({})
    _signatures(sheet, head, locale, left, right)


def _table(sheet: _Sheet, summary: Summary) -> None:
    cols, n = summary.columns, len(summary.columns)
    head_font = Font(name=FONT, size=11, bold=True)
    every = range(1, n + 1)
    top = sheet.put({i: (c.group or c.label, head_font, CENTRE) for i, c in enumerate(cols, 1)}, boxed=every)
    sheet.put({i: (c.label if c.group else None, head_font, CENTRE) for i, c in enumerate(cols, 1)},
              height=66, boxed=every)
    i = 0
    while i < n:
        group = cols[i].group
        if not group:
            sheet.merge(i + 1, i + 1, top, top + 1)
            i += 1
            continue
        j = i
        while j + 1 < n and cols[j + 1].group == group:
            j += 1
        sheet.merge(i + 1, j + 1, top)
        i = j + 1
    formats = {k: "0%" for k, c in enumerate(cols, 1) if c.kind == "percent"}
    formats.update({k: "#,##0" for k, c in enumerate(cols, 1) if c.kind == "count"})
    body = Font(name=FONT, size=11)
    for values, font in [*((v, body) for v in summary.rows), (summary.total, head_font)]:
        cells = {k: (v, font, LEFT if c.kind == "text" else CENTRE) for k, (v, c) in enumerate(zip(values, cols,
                                                                                                    strict=True), 1)}
        sheet.put(cells, boxed=every, number_formats=formats)


def _signatures(sheet: _Sheet, head: Letterhead, locale: str, left: tuple[int, int], right: tuple[int, int]) -> None:
    words = SIGNATURE["en" if locale == "en" else "vi"]
    middle = (left[1] + 1, right[0] - 1)
    bold, italic = Font(name=FONT, size=12, bold=True), Font(name=FONT, size=11, italic=True)
    lefts = [(words[0], Font(name=FONT, size=12, bold=True, italic=True)),
             *((f"- {line}", Font(name=FONT, size=11)) for line in head.recipients)]
    middles = [(words[1], bold), (words[2], italic), ("", None), ("", None), ("", None), (head.preparer, bold)]
    rights = [*((line, bold) for line in head.signer_title), ("", None), ("", None), ("", None),
              (head.signer_name, bold)]
    for k in range(max(len(lefts), len(middles), len(rights))):
        cells: dict[int, tuple[Any, Font | None, Alignment | None]] = {}
        for (first, _), items, align in ((left, lefts, LEFT), (middle, middles, CENTRE), (right, rights, CENTRE)):
            if k < len(items) and items[k][0]:
                cells[first] = (items[k][0], items[k][1], align)
        sheet.put(cells)
        for first, last in (left, middle, right):
            sheet.merge(first, last)


def _print_setup(ws: Any, rows: int) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if rows <= ONE_PAGE_ROWS else 0
    ws.print_title_rows = f"{HEADING_ROW}:{HEADING_ROW + 1}"
    ws.freeze_panes = f"C{HEADING_ROW + 2}"
    ws.print_options.horizontalCentered = True
    margins = ws.page_margins
    margins.left, margins.right, margins.top, margins.bottom = 1.18, 0.59, 0.79, 0.79  # 30, 15, 20, 20 mm
