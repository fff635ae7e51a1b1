"""The summary as a PDF (A4 landscape, a serif font that carries every Vietnamese letter) and as a picture
of its pages for chats that take no files."""

from __future__ import annotations

import io
import logging
from datetime import date
from functools import cache
from pathlib import Path

from bot.coordinators.reports.letterhead import MOTTO, NATION, Letterhead
from bot.coordinators.reports.summary import Summary, Value
from bot.coordinators.reports.xlsx_summary import SIGNATURE

log = logging.getLogger(__name__)

# Serif families tried in order: Noto Serif (Debian fonts-noto-core), DejaVu Serif (fonts-dejavu, and the copy
# every matplotlib install ships). Each must carry Vietnamese: Liberation Serif, for one, lacks ộ, ữ, ặ.
_STYLES = {"": "Regular", "B": "Bold", "I": "Italic", "BI": "BoldItalic"}
_SYSTEM = Path("/usr/share/fonts/truetype")
VIETNAMESE = "ĐđƯưƠơẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ"
PAGE_WIDTH, PAGE_HEIGHT = 297.0, 210.0
MARGINS = (30.0, 20.0, 15.0, 15.0)  # left, top, right, bottom in mm (Nghị định 30/2020: 30–35 left, 15–20 right)
PICTURE_DPI = 150
PICTURE_DPI_MANY = 110  # several pages stacked stay readable on a phone and under about a megabyte
MAX_PICTURE_PAGES = 4


def _candidates() -> list[dict[str, Path]]:
    import matplotlib

    bundled = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    dejavu = {"": "DejaVuSerif.ttf", "B": "DejaVuSerif-Bold.ttf", "I": "DejaVuSerif-Italic.ttf",
              "BI": "DejaVuSerif-BoldItalic.ttf"}
    return [
        {k: _SYSTEM / "noto" / f"NotoSerif-{v}.ttf" for k, v in _STYLES.items()},
        {k: _SYSTEM / "dejavu" / name for k, name in dejavu.items()},
        {k: bundled / name for k, name in dejavu.items()},
    ]


def _covers(path: Path) -> bool:
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, lazy=True) as font:
            cmap = font.getBestCmap()
    except Exception:  # an unreadable font file is simply not used
        return False
    return all(ord(ch) in cmap for ch in VIETNAMESE)


@cache
def serif_fonts() -> dict[str, Path]:
    """The first family whose four styles exist and whose regular style carries Vietnamese."""
    for family in _candidates():
        if all(p.is_file() for p in family.values()) and _covers(family[""]):
            return family
    raise RuntimeError("no serif font with Vietnamese letters found (install fonts-noto-core)")


def _number(value: Value, kind: str) -> str:
    if value is None:
        return ""
    if kind == "percent" and isinstance(value, float):
        return f"{round(value * 100)}%"
    if isinstance(value, int) and kind != "index":
        return f"{value:,}".replace(",", ".")
    return str(value)


def render_pdf(summary: Summary, head: Letterhead, issued: date, locale: str) -> bytes:
    """The summary with its letterhead and signature block, as PDF bytes."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(orientation="L", unit="mm", format="A4")
    left, top, right, bottom = MARGINS
    pdf.set_margins(left, top, right)
    pdf.set_auto_page_break(True, bottom)
    for style, path in serif_fonts().items():
        pdf.add_font("Serif", style, str(path))
    pdf.add_page()
    width = PAGE_WIDTH - left - right
    block_l, block_r = 95.0, 125.0
    x_right = left + width - block_r
    for text_l, style_l, text_r, style_r in (
        (head.superior, "", NATION, "B"), (head.issuer, "B", MOTTO, "B"),
    ):
        y = pdf.get_y()
        pdf.set_font("Serif", style_l, 12)
        pdf.cell(block_l, 6, text_l, align="C")
        pdf.set_xy(x_right, y)
        pdf.set_font("Serif", style_r, 12 if text_r == NATION else 13)
        pdf.cell(block_r, 6, text_r, align="C", new_x="LMARGIN", new_y="NEXT")
    y = pdf.get_y()
    pdf.line(left + block_l / 2 - 15, y, left + block_l / 2 + 15, y)
    motto = pdf.get_string_width(MOTTO)
    pdf.line(x_right + (block_r - motto) / 2, y, x_right + (block_r + motto) / 2, y)
    pdf.set_y(y + 1.5)
    pdf.set_font("Serif", "", 12)
    pdf.cell(block_l, 6, f"Số: {head.number}", align="C")
    pdf.set_xy(x_right, y + 1.5)
    pdf.set_font("Serif", "I", 12)
    pdf.cell(block_r, 6, head.date_line(issued), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Serif", "B", 14)
    pdf.cell(width, 7, summary.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Serif", "B", 12)
    pdf.multi_cell(width, 6, summary.subject, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Serif", "I", 10)
    pdf.multi_cell(width, 5, summary.scope, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    _table(pdf, summary, width, FontFace)
    pdf.ln(2)
    pdf.set_font("Serif", "I", 8.5)
    for line in summary.legend:
        pdf.multi_cell(width, 4, line, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    _signatures(pdf, head, locale, width)
    return bytes(pdf.output())


def _table(pdf: object, summary: Summary, width: float, face: type) -> None:
    from fpdf import FPDF

    assert isinstance(pdf, FPDF)
    cols = summary.columns
    scale = width / sum(c.width for c in cols)
    pdf.set_font("Serif", "", 8)
    heading = face(emphasis="BOLD", size_pt=7.5)
    with pdf.table(col_widths=tuple(c.width * scale for c in cols), width=width, num_heading_rows=2,
                   headings_style=heading, text_align="CENTER", line_height=3.6, padding=0.6,
                   repeat_headings=1) as table:
        first, second = table.row(), table.row()
        i = 0
        while i < len(cols):
            group = cols[i].group
            if not group:
                first.cell(cols[i].label, rowspan=2)
                i += 1
                continue
            j = i
            while j + 1 < len(cols) and cols[j + 1].group == group:
                j += 1
            first.cell(group, colspan=j - i + 1)
            for k in range(i, j + 1):
                second.cell(cols[k].label)
            i = j + 1
        for values in summary.rows:
            row = table.row()
            for value, column in zip(values, cols, strict=True):
                row.cell(_number(value, column.kind), align="LEFT" if column.kind == "text" else "CENTER")
        total = table.row(style=face(emphasis="BOLD"))
        for value, column in zip(summary.total, cols, strict=True):
            total.cell(_number(value, column.kind), align="LEFT" if column.kind == "text" else "CENTER")


def _signatures(pdf: object, head: Letterhead, locale: str, width: float) -> None:
    from fpdf import FPDF

    assert isinstance(pdf, FPDF)
    words = SIGNATURE["en" if locale == "en" else "vi"]
    left = pdf.l_margin
    columns = ((left, 80.0), (left + 85.0, 70.0), (left + width - 110.0, 110.0))
    blocks: list[list[tuple[str, str, float]]] = [
        [(words[0], "BI", 11), *((f"- {line}", "", 10) for line in head.recipients)],
        [(words[1], "B", 11), (words[2], "I", 10), ("", "", 10), ("", "", 10), ("", "", 10), (head.preparer, "B", 11)],
        [*((line, "B", 11) for line in head.signer_title), ("", "", 10), ("", "", 10), ("", "", 10),
         (head.signer_name, "B", 11)],
    ]
    if pdf.get_y() + 5.5 * max(len(b) for b in blocks) > PAGE_HEIGHT - MARGINS[3]:
        pdf.add_page()
    top = pdf.get_y()
    for (x, w), lines in zip(columns, blocks, strict=True):
        pdf.set_xy(x, top)
        for text, style, size in lines:
            pdf.set_font("Serif", style, size)
            pdf.set_x(x)
            pdf.cell(w, 5.5, text, align="L" if x == left else "C", new_x="LEFT", new_y="NEXT")


def render_png(pdf_bytes: bytes, dpi: int | None = None) -> bytes:
    """The PDF's pages drawn one under the other as one PNG (the first MAX_PICTURE_PAGES pages)."""
    import pypdfium2
    from PIL import Image

    document = pypdfium2.PdfDocument(pdf_bytes)
    dpi = dpi or (PICTURE_DPI if len(document) == 1 else PICTURE_DPI_MANY)
    try:
        pages = [document[i].render(scale=dpi / 72).to_pil().convert("RGB")
                 for i in range(min(len(document), MAX_PICTURE_PAGES))]
    finally:
        document.close()
    sheet = Image.new("RGB", (max(p.width for p in pages), sum(p.height for p in pages)), "white")
    y = 0
    for page in pages:
        sheet.paste(page, (0, y))
        y += page.height
    buffer = io.BytesIO()
    sheet.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
