"""One guide on A4: warnings first, what to prepare, numbered steps, a QR code to its page and its keyword code.

The page with troubleshooting is one scan away, so the handout stays short enough for one sheet.
"""

from __future__ import annotations

from bot.residents.guides import Guide
from bot.web.pages import Reach, guide_path
from bot.web.printing import ACCENT, MARGIN, MUTED, WARN_BG, WARN_INK, Page
from bot.web.text import T

QR_SIZE = 42.0  # mm: scans from arm's length on a wall


def guide_url(reach: Reach, guide: Guide, locale: str) -> str:
    """The address the QR code opens: the public page, or the Telegram deep link when there is no site."""
    return reach.page_url(guide_path(guide.id, locale)) or reach.telegram(guide.code or f"g_{guide.id}") or ""


def handout_pdf(guide: Guide, locale: str, reach: Reach) -> bytes:
    """The guide as a PDF (bytes). Without any public address the QR code is left out."""
    url = guide_url(reach, guide, locale)
    pdf = Page(guide.title.get(locale), T(locale, "printed", url=url) if url else T(locale, "site"))
    loc = locale
    top = pdf.get_y()
    beside = pdf.width - (QR_SIZE + 6 if url else 0)
    pdf.para(9, T(loc, "site"), colour=MUTED, width=beside)
    pdf.ln(1)
    pdf.para(20, guide.title.get(loc), bold=True, width=beside, height=9)
    pdf.ln(1)
    pdf.para(11.5, guide.summary.get(loc), width=beside, height=6)
    if url:
        x = pdf.w - MARGIN - QR_SIZE
        pdf.qr(url, x, top, QR_SIZE)
        pdf.set_xy(x - 4, top + QR_SIZE)
        pdf.para(8, T(loc, "scan"), colour=MUTED, width=QR_SIZE + 8, align="C", height=4)
        pdf.set_y(max(pdf.get_y(), top + QR_SIZE + 6))
    if guide.code:
        pdf.ln(2)
        pdf.para(14, T(loc, "code_line", code=guide.code), bold=True, colour=ACCENT, height=7)
    if guide.warnings:
        pdf.ln(3)
        pdf.set_fill_color(*WARN_BG)
        pdf.para(12, T(loc, "warnings"), bold=True, colour=WARN_INK, height=7)
        for warning in guide.warnings:
            pdf.para(11, warning.get(loc), colour=WARN_INK, height=5.6)
    if guide.needs:
        pdf.ln(3)
        pdf.para(12, T(loc, "needs"), bold=True, height=7)
        for need in guide.needs:
            pdf.para(11, "• " + need.get(loc), height=5.6)
    pdf.ln(3)
    pdf.para(13, T(loc, "steps"), bold=True, height=7)
    total = len(guide.steps)
    for n, step in enumerate(guide.steps, 1):
        pdf.ln(1.5)
        pdf.para(11, T(loc, "step", n=n, total=total), bold=True, colour=ACCENT, height=5.6)
        pdf.para(11.5, step.text.get(loc), height=6)
        if step.warning:
            pdf.para(10.5, step.warning.get(loc), colour=WARN_INK, height=5.4)
    pdf.ln(4)
    pdf.para(10.5, T(loc, "team_help"), colour=MUTED, height=5.4)
    pdf.para(10.5, T(loc, "never_share"), colour=MUTED, height=5.4)
    return bytes(pdf.output())
