"""What every printout shares: A4 with fpdf2, a font that covers Vietnamese, QR codes from segno.

The font is the DejaVu Sans that matplotlib ships: every Vietnamese letter and ⚠, and no system package to
install. (Noto Sans lacks ⚠, and fpdf2 2.8's fallback fonts garble the wrapped lines that follow a fallback
glyph, so one complete font it is.) Pictographs it lacks (📱, ✅) are left out rather than drawn as boxes.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import matplotlib
import segno
from fontTools.ttLib import TTFont
from fpdf import FPDF

DEJAVU = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FAMILY = "Body"
MARGIN = 15.0  # mm
# fontTools logs every font subset at INFO: a page of noise per PDF.
logging.getLogger("fontTools").setLevel(logging.WARNING)
INK, MUTED, WARN_BG, WARN_INK, ACCENT = (26, 26, 26), (90, 90, 90), (255, 244, 214), (120, 78, 0), (11, 92, 173)


REGULAR, BOLD = DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf"


@cache
def _covered() -> frozenset[int]:
    points: set[int] = set()
    for path in (REGULAR, BOLD):
        with TTFont(path, lazy=True) as font:
            points.update(font.getBestCmap())
    return frozenset(points)


def printable(text: str) -> str:
    """TEXT in NFC without what the font cannot draw (emoji, emoji variation selectors), spaces tidied."""
    covered = _covered()
    kept = "".join(ch for ch in unicodedata.normalize("NFC", text)
                   if (ord(ch) in covered and not 0xFE00 <= ord(ch) <= 0xFE0F) or ch == "\n")
    return re.sub(r"[ \t]{2,}", " ", kept).strip()


def qr_png(url: str) -> bytes:
    """A QR code (error correction M, quiet zone 4 modules) as PNG bytes, sharp when printed."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=12, border=4)
    return buffer.getvalue()


class Page(FPDF):
    """An A4 document with the body font, the symbol fallback and a footer line."""

    def __init__(self, title: str, footer: str = "") -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.footer_text = footer
        self.add_font(FAMILY, "", str(REGULAR))
        self.add_font(FAMILY, "B", str(BOLD))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + 6)
        self.set_title(title)
        self.set_creator("Trợ lý Tổ công nghệ số")
        self.set_creation_date(datetime(2026, 1, 1, tzinfo=UTC))  # the same guide prints to the same bytes
        self.add_page()

    @property
    def width(self) -> float:
        return float(self.w - self.l_margin - self.r_margin)

    def para(self, size: float, body: str, bold: bool = False, colour: tuple[int, int, int] = INK,
             width: float = 0, height: float | None = None, align: str = "L") -> None:
        """A paragraph at the left margin (or WIDTH mm wide), then the next line."""
        self.set_font(FAMILY, "B" if bold else "", size)
        self.set_text_color(*colour)
        self.multi_cell(width, height or size * 0.5, printable(body), new_x="LMARGIN", new_y="NEXT",
                        align=align)

    def qr(self, url: str, x: float, y: float, size: float) -> None:
        self.image(io.BytesIO(qr_png(url)), x=x, y=y, w=size, h=size)

    def footer(self) -> None:
        if not self.footer_text:
            return
        self.set_y(-MARGIN)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 4, printable(self.footer_text) + f"   ·   {self.page_no()}/{{nb}}", align="C")
