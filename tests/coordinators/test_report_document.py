"""The summary a commune sends upward: the print-ready sheet, the PDF, and the letterhead they carry."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook
from pypdf import PdfReader
from report_world import NOW, TZ, build_world, say

from bot.channels.console import ConsoleChannel
from bot.coordinators.reports.documents import report_pdf, report_png
from bot.coordinators.reports.period import parse_key
from bot.core.engine import Services
from storage import areas

FIVE = ["Dịch vụ công trực tuyến, VNeID", "Mua sắm trực tuyến", "Thanh toán trực tuyến",
        "An toàn, bảo vệ bản thân trên mạng", "Nền tảng số khác"]


def table(ws: Any) -> tuple[list[str], dict[str, list[Any]]]:
    """The second heading row's labels (grouped columns) or the first's, and each row by its name column."""
    heads = [ws.cell(10, c).value or ws.cell(9, c).value for c in range(1, ws.max_column + 1)]
    rows: dict[str, list[Any]] = {}
    for r in range(11, ws.max_row + 1):
        name = ws.cell(r, 2).value
        if not name or not ws.cell(r, 3).has_style:
            continue
        rows[name] = [ws.cell(r, c).value for c in range(1, ws.max_column + 1)]
        if name == "Tổng cộng":
            break
    return heads, rows


def texts(ws: Any) -> list[str]:
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


async def export(console: ConsoleChannel, user: str = "cx", args: str = "tháng 10") -> tuple[Any, bytes]:
    await say(console, f"/xuatbaocao {args}", user=user)
    xlsx, pdf = [r.document for r in console.last_replies if r.document][:2]
    assert xlsx is not None and pdf is not None
    return load_workbook(io.BytesIO(xlsx)), pdf


async def test_the_summary_prints_on_one_a4_landscape_page(console: ConsoleChannel, services: Services) -> None:
    await build_world(services)
    ws = (await export(console))[0]["Tổng hợp"]
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 1)
    assert ws.print_title_rows == "$9:$10" and ws.freeze_panes == "C11"
    assert ws.page_margins.left > ws.page_margins.right  # the binding side, as for any official document
    heading = ws.cell(10, 4)
    assert heading.font.b and heading.alignment.wrap_text and ws.cell(9, 3).value == "Lượt hỗ trợ (lượt)"
    widths = {ws.column_dimensions[k].width for k in ("A", "B", "C", "D")}
    assert len(widths) > 2  # sensible widths, not one width for all


async def test_numbers_are_numbers_and_missing_data_is_an_empty_cell(
    console: ConsoleChannel, services: Services
) -> None:
    await build_world(services)
    ws = (await export(console))[0]["Tổng hợp"]
    heads, rows = table(ws)
    assert list(rows) == ["Thôn Ba", "Thôn Hai", "Thôn Một", "Tổng cộng"]
    total, ba = rows["Tổng cộng"], rows["Thôn Ba"]
    col = {h: i for i, h in enumerate(heads)}
    assert total[col["Tổng số"]] == 7 and total[col["Trong đó: làm hộ"]] == 2
    assert total[col["Người được giúp (người)"]] == 8 and total[col["Hộ được hỗ trợ lũy kế"]] == 5
    assert ba[col["Tổng số"]] is None and ba[col["Tổng số hộ"]] == 50  # not reported: empty, never "—" or 0
    for name, values in rows.items():
        for i, value in enumerate(values[2:], 2):
            assert value is None or isinstance(value, int | float), (name, heads[i], value)
    assert isinstance(total[col["Độ phủ hộ (%)"]], float) and ws.cell(14, col["Độ phủ hộ (%)"] + 1).number_format == "0%"
    assert any("Ô trống: chưa có số liệu" in t for t in texts(ws))  # the legend says what an empty cell means


async def test_five_skill_groups_per_village_add_up_to_the_total(console: ConsoleChannel, services: Services) -> None:
    await build_world(services)
    heads, rows = table((await export(console))[0]["Tổng hợp"])
    five = [heads.index(label) for label in FIVE]
    for name, values in rows.items():
        if values[2] is not None:
            assert sum(values[i] for i in five) == values[2], name
    mot = rows["Thôn Một"]
    assert [mot[i] for i in five] == [3, 0, 1, 0, 1]  # VNeID with public services; a typed task with "other"
    assert [rows["Tổng cộng"][i] for i in five] == [4, 0, 1, 1, 1]


async def test_letterhead_and_signature_block(console: ConsoleChannel, services: Services) -> None:
    await build_world(services)
    ws = (await export(console))[0]["Tổng hợp"]
    assert (ws["A1"].value, ws["A2"].value) == ("ỦY BAN NHÂN DÂN", "XÃ HÒA AN") and ws["A2"].font.b
    assert ws["A3"].value.startswith("Số:") and ws["A3"].value.endswith("/BC-UBND")
    right = [c for c in texts(ws) if "CỘNG HÒA" in c or "Hạnh phúc" in c or "ngày" in c]
    assert right[:3] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                         "Hòa An, ngày 20 tháng 11 năm 2026"]
    assert "A1:F1" in {str(m) for m in ws.merged_cells.ranges}
    assert {"BÁO CÁO", "Kết quả hoạt động của Tổ công nghệ số cộng đồng tháng 10 năm 2026", "Nơi nhận:",
            "NGƯỜI LẬP BIỂU", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "- Lưu: VT."} <= set(texts(ws))

    out = await say(console, "/mauvanban nguoi_ky=Trần Văn Hùng chuc_vu=TM. ỦY BAN NHÂN DÂN|KT. CHỦ TỊCH|"
                             "PHÓ CHỦ TỊCH nguoi_lap=Lê Thị Mai so=…/BC-VHXH", user="cx")
    assert "✅ Đã lưu mẫu văn bản cho Xã Hòa An" in out and "nguoi_ky: Trần Văn Hùng" in out
    workbook, pdf = await export(console)
    shown = set(texts(workbook["Tổng hợp"]))
    assert {"Trần Văn Hùng", "Lê Thị Mai", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"} <= shown
    assert workbook["Tổng hợp"]["A3"].value.endswith("/BC-VHXH")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for line in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "XÃ HÒA AN", "BÁO CÁO",
                 "Hòa An, ngày 20 tháng 11 năm 2026", "Thôn Một", "Tổng cộng", "Trần Văn Hùng", "PHÓ CHỦ TỊCH"):
        assert line in text, line


async def test_the_pdf_is_one_page_with_the_totals(console: ConsoleChannel, services: Services) -> None:
    await build_world(services)
    pdf = (await export(console))[1]
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape
    lines = page.extract_text().split("\n")
    total = next(line for line in lines if line.startswith("Tổng cộng"))
    assert total.split()[2:5] == ["7", "4", "0"]  # total, public services and VNeID, shopping
    assert any("Kết quả hoạt động của Tổ công nghệ số cộng đồng tháng 10 năm 2026" in line for line in lines)


async def test_a_province_summary_has_a_row_per_commune(services: Services) -> None:
    await build_world(services)
    province = await areas.get_area(services.db, "97")
    assert province is not None
    pdf = await report_pdf(services.db, province, parse_key("2026-10"), TZ, NOW)
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "TỈNH KIỂM THỬ" in text and "Xã, phường" in text
    rows = {line.split()[2]: line for line in text.split("\n") if line[:1].isdigit() and " Xã " in line}
    assert set(rows) == {"Hòa", "Phú"}
    png = await report_png(services.db, province, parse_key("2026-10"), TZ, NOW)
    assert png.startswith(b"\x89PNG") and len(png) > 20_000


async def test_letterhead_command_off_the_script(console: ConsoleChannel, services: Services) -> None:
    await build_world(services)
    await say(console, "/trogiup", user="cx")
    shown = "\n".join(r.text for r in console.last_replies)
    assert "/mauvanban" in shown and "/chitieu thôn Đồng Tâm 120 hộ" in shown  # a coordinator's /help names them
    out = await say(console, "/mauvanban", user="cx")
    assert "co_quan: XÃ HÒA AN" in out and "nguoi_ky: (chưa nhập)" in out
    assert "Mình chưa hiểu «chu_ky»" in await say(console, "/mauvanban chu_ky=Hùng", user="cx")
    assert "nằm ngoài địa bàn" in await say(console, "/mauvanban 97002 nguoi_ky=X", user="cx")
    assert "chưa được giao vai trò" in await say(console, "/mauvanban nguoi_ky=X", user="an")
    out = await say(console, "/mauvanban nguoi_ky=Hùng", user="cx")
    assert "nguoi_ky: Hùng" in out
    out = await say(console, "/mauvanban nguoi_ky=", user="cx")  # nothing after "=": back to the default
    assert "nguoi_ky: (chưa nhập)" in out
