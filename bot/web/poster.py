"""An A4 poster for a commune or village hall: "Hỏi trợ lý Tổ công nghệ số", QR codes for every way to reach
the assistant, the place's name, keyword codes of common guides, and who the team is."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bot.residents.guides import GuideSet
from bot.web.pages import Reach
from bot.web.printing import ACCENT, MARGIN, MUTED, Page
from bot.web.text import T

QR_SIZE = 48.0  # mm
MAX_CODES = 10
CODE_WIDTH = 30.0  # mm for the code column


@dataclass(frozen=True)
class Target:
    """One QR code on the poster: what it opens and its caption."""

    url: str
    caption: str


def targets(reach: Reach, locale: str) -> list[Target]:
    """Zalo OA, the Zalo bot, Telegram, then the guide pages, as configured; at most three fit a row."""
    found = [Target(url, T(locale, key)) for url, key in (
        (reach.zalo_oa_url, "zalo_oa"), (reach.zalo_bot_url, "zalo_bot"), (reach.telegram(), "telegram"),
    ) if url]
    if len(found) < 3 and reach.public_url:
        found.append(Target(reach.public_url + "/" + ("" if locale == "vi" else "en/"), T(locale, "all_guides")))
    return found[:3]


def poster_codes(guides: GuideSet, limit: int = MAX_CODES) -> list[tuple[str, str]]:
    """(code, guide id), round-robin over the categories in menu order; in each, the guides others build on
    (most often named as a prerequisite) first, since that is where residents start."""
    needed_by = Counter(p for g in guides.guides.values() for p in g.prerequisites)
    columns = [sorted((g for g in guides.in_category(c.id) if g.code), key=lambda g: (-needed_by[g.id], g.code))
               for c in guides.categories]
    picked: list[tuple[str, str]] = []
    for row in range(max((len(c) for c in columns), default=0)):
        for column in columns:
            if row < len(column) and len(picked) < limit:
                picked.append((column[row].code or "", column[row].id))
    return picked


def poster_pdf(place: str, teams: Sequence[str], contact: str | None, guides: GuideSet, reach: Reach,
               locale: str = "vi") -> bytes:
    """The poster as PDF bytes; raises ValueError when there is no address to print as a QR code."""
    loc = locale
    codes = targets(reach, loc)
    if not codes:
        raise ValueError("no address to print: set web.zalo_oa_url, web.zalo_bot_url, web.telegram_bot or "
                         "web.public_url in the config file")
    pdf = Page(T(loc, "poster_title"), T(loc, "never_share"))
    pdf.para(30, T(loc, "poster_title"), bold=True, colour=ACCENT, align="C", height=13)
    pdf.ln(2)
    pdf.para(18, place, bold=True, align="C", height=9)
    pdf.ln(3)
    pdf.para(13, T(loc, "poster_lead"), align="C", height=6.5)
    pdf.ln(5)
    pdf.para(12, T(loc, "poster_scan"), bold=True, align="C", height=6)
    top = pdf.get_y() + 2
    slot = pdf.width / len(codes)
    for i, target in enumerate(codes):
        x = MARGIN + i * slot + (slot - QR_SIZE) / 2
        pdf.qr(target.url, x, top, QR_SIZE)
        pdf.set_xy(MARGIN + i * slot, top + QR_SIZE + 1)
        pdf.para(12, target.caption, bold=True, width=slot, align="C", height=6)
    pdf.set_y(top + QR_SIZE + 10)
    picked = poster_codes(guides)
    if picked:
        pdf.para(13, T(loc, "poster_codes"), bold=True, height=7)
        for code, guide_id in picked:
            guide = guides.guides[guide_id]
            y = pdf.get_y()
            pdf.para(12, code, bold=True, colour=ACCENT, width=CODE_WIDTH, height=6.2)
            pdf.set_xy(MARGIN + CODE_WIDTH, y)
            pdf.para(12, guide.title.get(loc), width=pdf.width - CODE_WIDTH, height=6.2)
            pdf.set_x(MARGIN)
    pdf.ln(4)
    pdf.para(13, T(loc, "poster_team"), bold=True, height=7)
    for line in [*teams, *([contact] if contact else [])]:
        pdf.para(12, "• " + line, height=6.2)
    pdf.para(11, T(loc, "poster_team_ask"), colour=MUTED, height=6)
    return bytes(pdf.output())
