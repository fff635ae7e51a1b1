"""The Excel export and the weekly chart: by chat and from the command line, opened back and checked."""

from __future__ import annotations

import asyncio
import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from report_world import HOA_AN, MOT, NOW, TZ, build_world, local, log, say

from bot.channels.console import ConsoleChannel
from bot.coordinators.reports import export
from bot.coordinators.reports.data import build_report
from bot.coordinators.reports.export import write_export
from bot.coordinators.reports.period import parse_key
from bot.core.config import Config
from bot.core.engine import Services
from storage import areas, baselines, teams

ROOT = Path(__file__).resolve().parents[2]
SHEETS = ["Tổng hợp", "Chi tiết theo thôn", "Lượt hỗ trợ", "Buổi hướng dẫn", "Theo kỹ năng", "Theo thành viên", "Yêu cầu hỗ trợ",
          "Theo tuần", "Ghi chú"]


def summary(workbook: Any) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """Header and rows (by village name, the total as "Tổng cộng") of the per-village details sheet."""
    rows = list(workbook["Chi tiết theo thôn"].iter_rows(values_only=True))
    header = list(rows[4])
    out = {}
    for row in rows[5:]:
        values = dict(zip(header, row, strict=True))
        out[values.get("Thôn/ấp/bản") or values.get("Xã/phường")] = values
    return header, out


async def test_export_by_chat(console: ConsoleChannel, services: Services) -> None:
    await build_world(services)
    await say(console, "/xuatbaocao tháng 10", user="cx")
    xlsx, pdf, picture, png = [r for r in console.last_replies if r.document]
    assert picture.document_name == "baocao-97001-2026-10-tomtat.png" and picture.document is not None
    assert picture.document.startswith(b"\x89PNG")
    assert xlsx.document_name == "baocao-97001-2026-10.xlsx" and xlsx.document is not None
    assert pdf.document_name == "baocao-97001-2026-10.pdf" and pdf.document is not None
    assert pdf.document.startswith(b"%PDF")
    assert "📥 Báo cáo Xã Hòa An, Tỉnh Kiểm Thử, tháng 10/2026" in xlsx.text
    assert png.document_name == "baocao-97001-2026-10-tuan.png" and png.document is not None
    assert png.document.startswith(b"\x89PNG\r\n\x1a\n")
    workbook = load_workbook(io.BytesIO(xlsx.document))
    assert workbook.sheetnames == SHEETS
    rows = summary(workbook)[1]
    total = rows["Tổng cộng"]
    assert (total["Lượt hỗ trợ (trong kỳ)"], total["Tự làm có hướng dẫn (lượt)"], total["Làm hộ (lượt)"]) == (7, 5, 2)
    assert (total["Hộ mới được hỗ trợ (trong kỳ)"], total["Hộ được hỗ trợ lũy kế"], total["Tổng số hộ"]) == (2, 5, 61)
    assert (total["Lượt hỗ trợ lũy kế"], total["Chỉ tiêu hộ"], total["% đạt (hộ)"]) == (10, 6, 0.5)
    assert total["Độ phủ hộ (%)"] == pytest.approx(5 / 11)
    assert rows["Thôn Ba"]["Lượt hỗ trợ (trong kỳ)"] is None and rows["Thôn Ba"]["Độ phủ hộ (%)"] is None
    assert rows["Thôn Ba"]["Ghi chú"] == "chưa có hoạt động"
    assert "cần kiểm tra" in rows["Thôn Hai"]["Ghi chú"]
    assert rows["Thôn Một"]["Độ phủ hộ (%)"] == 0.3
    assert workbook["Chi tiết theo thôn"]["S8"].number_format == "0%"  # coverage of Thôn Một, as a percentage
    raw = list(workbook["Lượt hỗ trợ"].iter_rows(values_only=True))
    assert len(raw) == 1 + 7 and raw[-1][1] == "2026-10-31 23:30"
    assert {r[7] for r in raw[1:]} == {"Tự làm có hướng dẫn", "Làm hộ"}
    sessions = list(workbook["Buổi hướng dẫn"].iter_rows(values_only=True))
    install = services.library.get("vneid-install")  # sessions are named by the guide's current title
    assert install is not None
    assert sessions[1][3:] == ("Thôn Hai", "Lê Văn Chi", install.title.vi, "Nhà văn hóa", 30)
    skills = {r[0]: r[1:] for r in workbook["Theo kỹ năng"].iter_rows(values_only=True) if r[0]}
    assert skills["Định danh điện tử (VNeID)"] == (4, 2, 2, 4) and skills["Tổng cộng"] == (7, 5, 2, 8)
    members = {r[0]: r[1:] for r in workbook["Theo thành viên"].iter_rows(min_row=2, values_only=True)}
    assert members["Lê Văn Chi"] == ("Tổ Hai", 2, 1, 1, 1, 30)
    notes = dict(workbook["Ghi chú"].iter_rows(min_row=2, values_only=True))
    assert notes["Kỳ báo cáo"] == "tháng 10/2026: 01/10/2026 – 31/10/2026" and notes["Kỳ chỉ tiêu"] == "2026"
    assert notes["Thời điểm lập"] == "20/11/2026 10:00" and "không có nghĩa là 0" in notes["Ô trống"]
    weeks = list(workbook["Theo tuần"].iter_rows(values_only=True))
    assert weeks[0][0] == "Tuần (từ thứ Hai)" and weeks[-1][0] == "26/10/2026" and weeks[-1][1] == 1
    assert len(workbook["Theo tuần"]._charts) == 1


async def test_province_column_names_apply(console: ConsoleChannel, services: Services) -> None:
    await build_world(services)
    await baselines.save_column(services.db, "97", "households", "Số hộ đã hướng dẫn", None, "test")
    await baselines.save_column(services.db, "97", "people", None, True, "test")
    await baselines.save_column(services.db, "97", "commune", None, True, "test")
    await say(console, "/xuatbaocao tháng 10", user="cx")
    document = console.last_replies[-4].document
    assert document is not None
    header, rows = summary(load_workbook(io.BytesIO(document)))
    assert "Số hộ đã hướng dẫn" in header and "Hộ mới được hỗ trợ (trong kỳ)" not in header
    assert "Số người được hỗ trợ" not in header and header[0] == "Thôn/ấp/bản"
    assert rows["Tổng cộng"]["Số hộ đã hướng dẫn"] == 2


async def test_large_exports_stream_in_batches_and_split_sheets(
    services: Services, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    world = await build_world(services)
    t1 = await teams.active_team(services.db, world.an.id)
    assert t1 is not None
    for _ in range(3):  # the same second: batches must neither skip nor repeat rows with equal times
        await log(services, world.an, t1, MOT, local(15, 10), "qr-pay", "online_payment", household="Nhà Z")
    monkeypatch.setattr(export, "BATCH", 2)
    monkeypatch.setattr(export, "EXCEL_ROWS", 4)
    area = await areas.get_area(services.db, HOA_AN)
    assert area is not None
    report = await build_report(services.db, area, parse_key("2026-10"), TZ, NOW, names=True)
    seen: list[tuple[int, int]] = []
    target = tmp_path / "big.xlsx"
    done = await write_export(services.db, target, area, "Xã Hòa An", report, TZ, "vi", str, {},
                              progress=lambda n, total: seen.append((n, total)))
    assert (done.assists_written, done.assists_total, done.truncated) == (10, 10, False)
    assert seen[0] == (0, 10) and seen[-1] == (10, 10) and len(seen) == 6
    workbook = load_workbook(target, read_only=True)
    parts = [s for s in workbook.sheetnames if s.startswith("Lượt hỗ trợ")]
    assert parts == ["Lượt hỗ trợ", "Lượt hỗ trợ (2)", "Lượt hỗ trợ (3)"]
    ids = [r[0] for name in parts for r in workbook[name].iter_rows(min_row=2, values_only=True)]
    assert len(ids) == len(set(ids)) == 10
    cut = await write_export(services.db, tmp_path / "cut.xlsx", area, "Xã Hòa An", report, TZ, "vi", str, {},
                             max_assists=3, full_command="python -m bot report …")
    assert (cut.assists_written, cut.truncated) == (3, True)
    last = list(load_workbook(tmp_path / "cut.xlsx")["Lượt hỗ trợ"].iter_rows(values_only=True))[-1]
    assert last[0].startswith("… còn 7 lượt nữa") and "python -m bot report" in last[0]


async def test_typed_text_never_becomes_a_formula(services: Services, tmp_path: Path) -> None:
    world = await build_world(services)
    t1 = await teams.active_team(services.db, world.an.id)
    assert t1 is not None
    await log(services, world.an, t1, MOT, local(16, 10), None, "other", household='=HYPERLINK("http://x","y")',
              other="=1+1")
    area = await areas.get_area(services.db, HOA_AN)
    assert area is not None
    report = await build_report(services.db, area, parse_key("2026-10"), TZ, NOW, names=True)
    await write_export(services.db, tmp_path / "f.xlsx", area, "Xã Hòa An", report, TZ, "vi", str, {})
    sheet = load_workbook(tmp_path / "f.xlsx")["Lượt hỗ trợ"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[6].value == "=1+1")
    assert (row[6].data_type, row[9].data_type, row[9].value) == ("s", "s", '=HYPERLINK("http://x","y")')


@pytest.mark.slow
async def test_command_line_writes_the_files(config: Config, services: Services, tmp_path: Path) -> None:
    await build_world(services)
    xlsx, png = tmp_path / "out" / "baocao.xlsx", tmp_path / "out" / "tuan.png"
    xlsx.parent.mkdir()
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot", "report", "--area", HOA_AN, "--from", "2026-10-01", "--to", "31/10/2026",
         "--xlsx", str(xlsx), "--png", str(png), "--config", str(tmp_path / "config.yaml")],
        cwd=ROOT, capture_output=True, text=True, timeout=90,
    )
    assert done.returncode == 0, done.stderr
    assert "3 villages, 7 assists" in done.stdout
    assert png.read_bytes().startswith(b"\x89PNG")
    workbook = load_workbook(xlsx)
    assert workbook.sheetnames == SHEETS
    total = summary(workbook)[1]["Tổng cộng"]
    assert (total["Lượt hỗ trợ (trong kỳ)"], total["Hộ mới được hỗ trợ (trong kỳ)"], total["Buổi hướng dẫn"]) == (7, 2, 1)
    missing = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot", "report", "--area", "99999", "--xlsx", str(xlsx), "--config",
         str(tmp_path / "config.yaml")], cwd=ROOT, capture_output=True, text=True, timeout=90,
    )
    assert missing.returncode == 2 and "no area with code '99999'" in missing.stderr
