"""The administrative header and signature block of a report (Nghị định 30/2020/NĐ-CP, Phụ lục I), from what
the area's coordinators entered (/mauvanban) or derived from the area's name; and the command to set it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.areas import lookup as area_lookup
from bot.coordinators.reports.scope import resolve_area
from bot.core.engine import Turn
from bot.core.i18n import Catalog
from bot.core.messages import Reply
from bot.core.normalize import fold
from storage import areas, letterheads
from storage.areas import Area
from storage.db import Database

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
BLANK_NUMBER = "      "  # the clerk writes the number in when the report is issued
_PREFIXES = ("thị trấn ", "phường ", "xã ", "đặc khu ", "tỉnh ", "thành phố ")
# What coordinators type before "=" (without tones) → the stored field.
KEYS = {
    "co_quan_cap_tren": "superior", "cap_tren": "superior", "co_quan": "issuer", "don_vi": "issuer",
    "so": "number_pattern", "so_hieu": "number_pattern", "dia_danh": "place", "noi": "place",
    "chuc_vu": "signer_title", "tham_quyen": "signer_title", "nguoi_ky": "signer_name", "ky": "signer_name",
    "nguoi_lap": "preparer", "lap_bieu": "preparer", "noi_nhan": "recipients",
}
_PAIR = re.compile(r"(?:^|\s)([a-zA-Z_àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]+)\s*=")

T = Catalog({
    "shown": {
        "vi": "🏛 Mẫu văn bản báo cáo của {area}:\n• co_quan_cap_tren: {superior}\n• co_quan: {issuer}\n"
              "• so: Số: {number}\n• dia_danh: {place}\n• chuc_vu: {title}\n• nguoi_ky: {signer}\n"
              "• nguoi_lap: {preparer}\n• noi_nhan: {recipients}\n\n"
              "Sửa một dòng: /mauvanban nguoi_ky=Nguyễn Văn A chuc_vu=TM. ỦY BAN NHÂN DÂN|CHỦ TỊCH\n"
              "(dấu | để xuống dòng; so=…/BC-UBND để trống số cho văn thư ghi; để trống sau dấu = là về mặc định)",
        "en": "🏛 Report letterhead of {area}:\n• co_quan_cap_tren: {superior}\n• co_quan: {issuer}\n"
              "• so: No.: {number}\n• dia_danh: {place}\n• chuc_vu: {title}\n• nguoi_ky: {signer}\n"
              "• nguoi_lap: {preparer}\n• noi_nhan: {recipients}\n\n"
              "Change a line: /letterhead nguoi_ky=Nguyen Van A chuc_vu=TM. ỦY BAN NHÂN DÂN|CHỦ TỊCH\n"
              "(| starts a new line; so=…/BC-UBND leaves the number for the clerk; nothing after = restores the default)",
    },
    "saved": {"vi": "✅ Đã lưu mẫu văn bản cho {area}. Báo cáo xuất từ nay sẽ dùng các thông tin này.",
              "en": "✅ Letterhead saved for {area}. Reports exported from now on use it."},
    "unknown": {"vi": "Mình chưa hiểu «{name}». Dùng: co_quan_cap_tren, co_quan, so, dia_danh, chuc_vu, nguoi_ky, "
                      "nguoi_lap, noi_nhan.",
                "en": "I don't know “{name}”. Use: co_quan_cap_tren, co_quan, so, dia_danh, chuc_vu, nguoi_ky, "
                      "nguoi_lap, noi_nhan."},
    "example": {"vi": "/mauvanban 00070 nguoi_ky=Nguyễn Văn A", "en": "/letterhead 00070 nguoi_ky=Nguyen Van A"},
    "not_set": {"vi": "(chưa nhập)", "en": "(not entered)"},
})


@dataclass(frozen=True)
class Letterhead:
    superior: str  # first line of the issuing body ('' when there is none)
    issuer: str
    number: str  # after "Số: ", e.g. "      /BC-UBND"
    place: str
    signer_title: tuple[str, ...]
    signer_name: str
    preparer: str
    recipients: tuple[str, ...]

    def date_line(self, day: date) -> str:
        """"Hòa An, ngày 05 tháng 02 năm 2026": days before 10 and months before 3 take a leading zero."""
        dd = f"{day.day:02d}" if day.day < 10 else str(day.day)
        mm = f"{day.month:02d}" if day.month < 3 else str(day.month)
        return f"{self.place}, ngày {dd} tháng {mm} năm {day.year}"


def _bare(name: str) -> str:
    """The place name without its kind: "Xã Hòa An" → "Hòa An"."""
    lowered = name.lower()
    for prefix in _PREFIXES:
        if lowered.startswith(prefix):
            return name[len(prefix):]
    return name


def defaults(area: Area) -> Letterhead:
    """A commune's (or province's) People's Committee as the issuer."""
    province = area.level == "province"
    return Letterhead(
        superior="ỦY BAN NHÂN DÂN", issuer=area.name.upper(), number=f"{BLANK_NUMBER}/BC-UBND",
        place=_bare(area.name), signer_title=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), signer_name="", preparer="",
        recipients=("Ban Chỉ đạo tỉnh;" if province else "Sở Khoa học và Công nghệ;", "Lưu: VT."),
    )


def _lines(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in re.split(r"[|\n]", value) if part.strip())


async def letterhead_for(db: Database, area: Area) -> Letterhead:
    """The issuer of AREA's reports: a village reports through its commune."""
    issuer = area
    if area.level == "village" and area.commune_code:
        issuer = await areas.get_area(db, area.commune_code) or area
    base = defaults(issuer)
    row = (await letterheads.get_letterheads(db, [issuer.code])).get(issuer.code)
    if row is None:
        return base
    number = row.number_pattern.replace("…", BLANK_NUMBER) if row.number_pattern else base.number
    return Letterhead(
        superior=row.superior if row.superior is not None else base.superior, issuer=row.issuer or base.issuer,
        number=number, place=row.place or base.place,
        signer_title=_lines(row.signer_title) if row.signer_title else base.signer_title,
        signer_name=row.signer_name or "", preparer=row.preparer or "",
        recipients=_lines(row.recipients) if row.recipients else base.recipients,
    )


def parse_pairs(text: str) -> tuple[dict[str, str], str | None]:
    """``key=value key2=value with spaces`` → ({field: value}, None), or ({}, the unknown key)."""
    found = list(_PAIR.finditer(text))
    out: dict[str, str] = {}
    for i, match in enumerate(found):
        key = fold(match.group(1))
        if key not in KEYS:
            return {}, match.group(1)
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        value = text[match.end():end].strip()
        out[KEYS[key]] = value.replace(";", "|") if KEYS[key] == "recipients" else value
    return out, None


async def command(turn: Turn, args: str) -> list[Reply]:
    """/mauvanban [area] [key=value …]: show or set the letterhead of a commune or province."""
    loc = turn.locale
    first = _PAIR.search(args)
    place = args[: first.start()] if first else args
    found = await resolve_area(turn, place.strip(), lambda a: "", T(loc, "example"), levels=("commune", "province"),
                               buttons=False)
    if found.area is None:
        return found.replies
    label = await area_lookup.describe(turn.db, found.area)
    if first:
        values, unknown = parse_pairs(args[first.start():])
        if unknown is not None:
            return [Reply(T(loc, "unknown", name=unknown[:30]))]
        await letterheads.save_letterhead(turn.db, found.area.code, {k: v[:200] for k, v in values.items()},
                                          turn.incoming.identity)
        shown = await _show(turn, found.area, label)
        return [Reply(T(loc, "saved", area=label) + "\n\n" + shown)]
    return [Reply(await _show(turn, found.area, label))]


async def _show(turn: Turn, area: Area, label: str) -> str:
    head = await letterhead_for(turn.db, area)
    unset = T(turn.locale, "not_set")
    return T(turn.locale, "shown", area=label, superior=head.superior or unset, issuer=head.issuer,
             number=head.number.strip() or head.number, place=head.place, title=" | ".join(head.signer_title),
             signer=head.signer_name or unset, preparer=head.preparer or unset,
             recipients=" | ".join(head.recipients))
