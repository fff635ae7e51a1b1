"""Coordinators' reports in the chat: /report (/baocao) and /export (/xuatbaocao); buttons ``rp:…``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from bot.areas import lookup as area_lookup
from bot.coordinators import digest
from bot.coordinators.reports import letterhead, targets_confirm
from bot.coordinators.reports.data import build_report
from bot.coordinators.reports.documents import build_documents
from bot.coordinators.reports.model import Report
from bot.coordinators.reports.period import Period, PeriodError, month, parse_key, parse_period
from bot.coordinators.reports.scope import covered_area, resolve_area
from bot.coordinators.reports.text import render_report
from bot.core.engine import Feature, Turn
from bot.core.i18n import Catalog
from bot.core.messages import Choice, Reply
from storage.areas import Area

MAX_CHAT_ASSISTS = 100_000  # raw rows in a file sent by chat; the CLI exports everything

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
    "picture": {"vi": "🖼 Báo cáo {area}, {period} (ảnh trang tổng hợp — phóng to để đọc).\nZalo chưa cho bot "
                      "gửi tệp, nên tệp Excel và PDF để gửi lên cấp trên lấy theo liên kết dưới đây, hoặc nhờ quản "
                      "trị viên xuất bằng lệnh: {command}",
                "en": "🖼 Report for {area}, {period} (a picture of the summary — zoom in to read).\nZalo does not let "
                      "bots send files: get the Excel and PDF files from the links below, or ask an administrator "
                      "to export them with: {command}"},
    "no_picture": {"vi": "Zalo chưa cho bot gửi tệp, và máy chủ chưa được cấu hình chỗ để gửi ảnh báo cáo "
                         "(mục files trong cấu hình). Dưới đây là báo cáo dạng chữ; tệp Excel, PDF nhờ quản trị "
                         "viên xuất bằng lệnh: {command}",
                   "en": "Zalo does not let bots send files, and no place for report pictures is configured (the "
                         "files section of the configuration). Here is the report as text; an administrator can "
                         "export the Excel and PDF files with: {command}"},
    "link": {"vi": "📥 Tải tệp {kind}: {url}", "en": "📥 Download {kind}: {url}"},
    "truncated": {"vi": "Tệp có {written}/{total} lượt hỗ trợ đầu tiên. Để xuất đầy đủ, người quản trị chạy: {command}",
                  "en": "The file holds the first {written}/{total} assists. For everything, an administrator runs: "
                        "{command}"},
})


def title_of(turn: Turn) -> Callable[[str], str]:
    """Guide id → its title in the reader's language (the id itself when the guide is gone)."""
    def title(guide_id: str) -> str:
        guide = turn.library.get(guide_id)
        return guide.title.get(turn.locale) if guide else guide_id
    return title


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
    label = await area_lookup.describe(turn.db, area)
    command = (f"python -m bot report --area {area.code} --from {period.start.isoformat()} "
               f"--to {period.last.isoformat()} --xlsx baocao.xlsx --pdf baocao.pdf")
    if not turn.incoming.accepts_files:
        return await _as_picture(turn, area, period, label, command)
    done = await build_documents(turn.db, area, period, tz=turn.services.config.tz, now=turn.services.clock(),
                                 locale=loc, title_of=title_of(turn), max_assists=MAX_CHAT_ASSISTS,
                                 full_command=command)
    assert done.xlsx is not None and done.pdf is not None and done.export is not None
    caption = T(loc, "export_caption", area=label, period=period.label(loc))
    if done.export.truncated:
        caption += "\n" + T(loc, "truncated", written=done.export.assists_written, total=done.export.assists_total,
                            command=command)
    return [
        Reply(caption, document=done.xlsx, document_name=f"{done.stem}.xlsx"),
        Reply(T(loc, "pdf_caption"), document=done.pdf, document_name=f"{done.stem}.pdf"),
        Reply(T(loc, "chart_caption"), document=done.export.png, document_name=f"{done.stem}-tuan.png"),
    ]


async def _as_picture(turn: Turn, area: Area, period: Period, label: str, command: str) -> list[Reply]:
    """A channel without files: the summary as a picture at a public address, with download links once the
    web side provides them (services.report_link); without a place for pictures, the report as text."""
    loc = turn.locale
    links = []
    if turn.services.report_link is not None:
        for kind in ("xlsx", "pdf"):
            url = await turn.services.report_link(area.code, period.key, kind)
            if url:
                links.append(T(loc, "link", kind=kind.upper(), url=url))
    url = None
    if turn.services.files is not None:
        done = await build_documents(turn.db, area, period, tz=turn.services.config.tz,
                                     now=turn.services.clock(), locale=loc, kinds={"png"})
        assert done.png is not None
        url = await turn.services.files.publish(done.png, f"{done.stem}.png")
    if url is None:
        report = await _report(turn, area, period)
        text = render_report(report, label, loc, title_of(turn))
        return [Reply("\n".join([T(loc, "no_picture", command=command), *links])), Reply(text)]
    caption = T(loc, "picture", area=label, period=period.label(loc), command=command)
    return [Reply("\n".join([caption, *links]), image=url)]


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
