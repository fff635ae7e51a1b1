"""Coordinators' reports in the chat: /report (/baocao) and /export (/xuatbaocao); buttons ``rp:…``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from bot.areas import lookup as area_lookup
from bot.coordinators import digest
from bot.coordinators.reports import letterhead, targets_confirm
from bot.coordinators.reports.data import build_report
from bot.coordinators.reports.files import guide_titles, report_files
from bot.coordinators.reports.model import Report
from bot.coordinators.reports.period import Period, PeriodError, month, parse_key, parse_period
from bot.coordinators.reports.scope import covered_area, resolve_area
from bot.coordinators.reports.text import render_report
from bot.core.engine import Feature, Turn
from bot.core.i18n import Catalog
from bot.core.messages import Choice, Reply
from storage.areas import Area

T = Catalog({
    "bad_period": {
        "vi": "Mình chưa hiểu khoảng thời gian «{text}». Bạn có thể gõ: tháng này, tháng 10, quý 4, tuần này, "
              "hôm nay, 2026-10 hoặc 01/10/2026-15/10/2026.",
        "en": "I did not understand the period “{text}”. Try: this month, thang 10, quy 4, this week, today, "
              "2026-10 or 01/10/2026-15/10/2026.",
    },
    "example_report": {"vi": "/baocao thang nay xã Định Hóa", "en": "/report this month 00070"},
    "example_export": {"vi": "/xuatbaocao thang 10 xã Định Hóa", "en": "/export 2026-10 00070"},
    "btn_export": {"vi": "📥 Xuất Excel", "en": "📥 Excel file"},
    "btn_previous": {"vi": "◀ Kỳ trước", "en": "◀ Previous period"},
    "export_caption": {"vi": "📥 Báo cáo {area}, {period}: tệp Excel (trang «Tổng hợp» theo từng thôn, các trang "
                             "số liệu chi tiết và «Ghi chú» giải thích cách tính).",
                       "en": "📥 Report for {area}, {period}: Excel file (a “Summary” per village, detail sheets "
                             "and “Notes” on how figures are counted)."},
    "chart_caption": {"vi": "📈 Biểu đồ lượt hỗ trợ theo tuần và nhóm kỹ năng.",
                      "en": "📈 Chart: assists per week by skill group."},
    "pdf_caption": {"vi": "🖨 Bản PDF một trang của trang «Tổng hợp», để in, ký và gửi lên cấp trên.",
                    "en": "🖨 The “Summary” as a one-page PDF, to print, sign and send upward."},
    "picture_caption": {"vi": "🖼 Ảnh trang tổng hợp (phóng to để đọc).", "en": "🖼 The summary as a picture (zoom in)."},
    "no_files": {"vi": "📎 Kênh này chưa gửi được tệp, và máy chủ chưa bật đường dẫn tải (mục web trong cấu hình). "
                       "Dưới đây là báo cáo dạng chữ; tệp Excel, PDF nhờ quản trị viên xuất bằng lệnh: {command}",
                 "en": "📎 This channel cannot carry files and download links are not set up (the web section of "
                       "the configuration). Here is the report as text; an administrator can export the Excel and "
                       "PDF files with: {command}"},
    "export_link": {"vi": "📎 Kênh này chưa gửi được tệp. Bạn mở đường dẫn sau để tải báo cáo (dùng được đến {until}; "
                          "đừng chuyển cho người ngoài):\n{url}",
                    "en": "📎 This channel cannot carry files. Open this link to download the report (it works until "
                          "{until}; do not pass it on):\n{url}"},
    "truncated": {"vi": "Tệp có {written}/{total} lượt hỗ trợ đầu tiên. Để xuất đầy đủ, người quản trị chạy: {command}",
                  "en": "The file holds the first {written}/{total} assists. For everything, an administrator runs: "
                        "{command}"},
})


def title_of(turn: Turn) -> Callable[[str], str]:
    """Guide id → its title in the reader's language (the id itself when the guide is gone)."""
    return guide_titles(turn.services, turn.locale)


def _today(turn: Turn) -> date:
    return turn.services.clock().astimezone(turn.services.config.tz).date()


def _period_and_rest(turn: Turn, args: str) -> tuple[Period | None, str, list[Reply]]:
    try:
        period, rest = parse_period(args, _today(turn))
    except PeriodError as exc:
        return None, "", [Reply(T(turn.locale, "bad_period", text=(exc.text or args.strip())[:60]))]
    return period or month(_today(turn)), rest, []


async def _report(turn: Turn, area: Area, period: Period, names: bool = False) -> Report:
    config = turn.services.config
    return await build_report(turn.db, area, period, config.tz, turn.services.clock(), names=names)


async def show_report(turn: Turn, args: str) -> list[Reply]:
    """/report [period] [area]."""
    period, rest, errors = _period_and_rest(turn, args)
    if period is None:
        return errors
    found = await resolve_area(turn, rest, lambda a: f"rp:r:{a.code}:{period.key}",
                               T(turn.locale, "example_report"))
    return found.replies if found.area is None else await _render(turn, found.area, period)


async def _render(turn: Turn, area: Area, period: Period) -> list[Reply]:
    report = await _report(turn, area, period)
    label = await area_lookup.describe(turn.db, area)
    text = render_report(report, label, turn.locale, title_of(turn))
    choices = (
        Choice(T(turn.locale, "btn_export"), f"rp:x:{area.code}:{period.key}"),
        Choice(T(turn.locale, "btn_previous"), f"rp:r:{area.code}:{period.previous().key}"),
    )
    return [Reply(text, choices)]


async def export(turn: Turn, args: str) -> list[Reply]:
    """/export [period] [area]: the Excel file and the weekly chart."""
    period, rest, errors = _period_and_rest(turn, args)
    if period is None:
        return errors
    found = await resolve_area(turn, rest, lambda a: f"rp:x:{a.code}:{period.key}",
                               T(turn.locale, "example_export"))
    return found.replies if found.area is None else await _export(turn, found.area, period)


async def _export(turn: Turn, area: Area, period: Period) -> list[Reply]:
    loc = turn.locale
    make_link = turn.services.report_link
    if not turn.incoming.files and make_link is None:
        return await _as_text(turn, area, period)
    made = await report_files(turn.services, area, period, loc)
    done = made.export
    caption = T(loc, "export_caption", area=made.area_label, period=period.label(loc))
    if done.truncated:
        caption += "\n" + T(loc, "truncated", written=done.assists_written, total=done.assists_total,
                            command=made.full_command)
    if not turn.incoming.files and make_link is not None:
        # A channel without files (Zalo's Bot Platform) gets a signed download link, and the summary's picture
        # by URL from the same link.
        link = make_link(turn.person, area.code, period.key)
        until = link.expires.astimezone(turn.services.config.tz)
        text = T(loc, "export_link", url=link.url, until=f"{until:%H:%M %d/%m/%Y}")
        image = next((f for f in made.files if f.is_image), None)
        replies = [Reply(f"{caption}\n\n{text}")]
        if image is not None:
            replies.append(Reply(T(loc, "picture_caption"), image=f"{link.url}/{image.name}"))
        return replies
    captions = {"xlsx": caption, "pdf": T(loc, "pdf_caption"), "summary": T(loc, "picture_caption"),
                "chart": T(loc, "chart_caption")}
    return [Reply(captions[f.kind], document=f.content, document_name=f.name) for f in made.files]


async def _as_text(turn: Turn, area: Area, period: Period) -> list[Reply]:
    """No files and no links: the report as text, and how an administrator gets the files."""
    loc = turn.locale
    report = await build_report(turn.db, area, period, turn.services.config.tz, turn.services.clock())
    label = await area_lookup.describe(turn.db, area)
    command = (f"python -m bot report --area {area.code} --from {period.start.isoformat()} "
               f"--to {period.last.isoformat()} --xlsx baocao.xlsx --pdf baocao.pdf")
    return [Reply(T(loc, "no_files", command=command)), Reply(render_report(report, label, loc, title_of(turn)))]


async def on_button(turn: Turn, arg: str) -> list[Reply]:
    """rp:r:<area>:<period> shows a report, rp:x:<area>:<period> exports it."""
    what, _, rest = arg.partition(":")
    code, _, key = rest.partition(":")
    try:
        period = parse_key(key)
    except PeriodError:
        period = month(_today(turn))
    if what not in ("r", "x"):
        return [Reply(T(turn.locale, "bad_period", text=arg[:40]))]
    found = await covered_area(turn, code)
    if found.area is None:
        return found.replies
    return await (_render(turn, found.area, period) if what == "r" else _export(turn, found.area, period))


FEATURE = Feature(
    commands={
        "report": show_report, "baocao": show_report, "export": export, "xuatbaocao": export,
        "target": targets_confirm.command, "chitieu": targets_confirm.command,
        "digest": digest.command, "tomtat": digest.command,
        "letterhead": letterhead.command, "mauvanban": letterhead.command,
    },
    actions={"rp": on_button, "tg": targets_confirm.on_action},
)
