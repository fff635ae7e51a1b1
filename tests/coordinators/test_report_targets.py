"""Base numbers and targets: entered by chat (/chitieu) or CSV, scope-checked, and used by the report."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest
from report_world import BA, HAI, HOA_AN, MOT, NOW, TZ, build_world, say

from bot.channels.console import ConsoleChannel
from bot.coordinators.reports.data import build_report
from bot.coordinators.reports.period import parse_key
from bot.core.config import Config
from bot.core.engine import Services
from storage import areas, baselines

ROOT = Path(__file__).resolve().parents[2]


async def test_one_line_sets_households_adults_and_targets(console: ConsoleChannel, services: Services) -> None:
    await build_world(services)
    saved = await say(console, "/chitieu thon hai ho=4 nguoi=1.200 muc_tieu_luot=10", user="cx")
    assert saved.startswith("✅ Đã lưu cho Thôn Hai, Xã Hòa An, Tỉnh Kiểm Thử, kỳ năm 2026:")
    assert "• Số hộ: 4\n• Số người trưởng thành: 1.200\n• Chỉ tiêu — lượt hỗ trợ: 10" in saved
    hoa_an = await areas.get_area(services.db, HOA_AN)
    assert hoa_an is not None
    report = await build_report(services.db, hoa_an, parse_key("2026-10"), TZ, NOW)
    hai = {r.code: r for r in report.rows}[HAI]
    assert (hai.households_total, hai.adults, hai.coverage, hai.flags) == (4, 1200, 0.5, ())
    assert hai.percent("assists") == 0.3  # 3 assists since 1/1 against 10
    shown = await say(console, "/chitieu Thôn Hai", user="cx")
    assert "• [năm 2026] Số hộ: 4" in shown and "• [năm 2026] Chỉ tiêu — lượt hỗ trợ: 10" in shown


async def test_a_quarter_target_makes_the_cumulative_start_with_the_quarter(
    console: ConsoleChannel, services: Services
) -> None:
    await build_world(services)
    await say(console, f"/chitieu {MOT} muc_tieu_ho=8 muc_tieu_luot=12 2026-Q4", user="cx")
    hoa_an = await areas.get_area(services.db, HOA_AN)
    assert hoa_an is not None
    report = await build_report(services.db, hoa_an, parse_key("2026-10"), TZ, NOW)
    assert report.target_period == "2026-Q4" and report.cum_start.isoformat() == "2026-10-01"
    mot = {r.code: r for r in report.rows}[MOT]
    assert (mot.assists_cum, mot.targets) == (5, {"households": 8, "assists": 12})


async def test_bad_input_gets_a_clear_answer(console: ConsoleChannel, services: Services) -> None:
    await build_world(services)
    assert await say(console, "/chitieu Thôn Ba ho=abc", user="cx") == (
        "«ho=abc» chưa đúng: cần một số nguyên từ 0 đến 1.000.000.")
    assert "Mình chưa hiểu «so_may»" in await say(console, "/chitieu Thôn Ba so_may=3", user="cx")
    assert "Kỳ «thang 13» chưa đúng" in await say(console, "/chitieu Thôn Ba ho=3 thang 13", user="cx")
    many = await say(console, "/chitieu thon ho=5", user="cx")
    assert many.startswith("Có nhiều nơi tên «thon». Bạn gõ lại bằng mã:") and f"— {BA}" in many
    assert "ví dụ: /chitieu Thôn Đồng Tâm ho=120" in await say(console, "/chitieu ho=5", user="cx")
    assert (await say(console, "/chitieu", user="cx")).startswith("🎯 Nhập số hộ")
    assert await baselines.village_numbers(services.db, BA) == (
        [baselines.Baseline(BA, "2026", "2026-01-01", "2027-01-01", 50, None)], [])


async def test_only_inside_the_area_and_only_coordinators(console: ConsoleChannel, services: Services) -> None:
    await build_world(services)
    assert "nằm ngoài địa bàn" in await say(console, "/chitieu Thôn Đông ho=3", user="cx")
    assert "chưa được giao vai trò" in await say(console, "/chitieu Thôn Một ho=3", user="an")
    assert "Chỉ cán bộ điều phối cấp tỉnh" in await say(console, "/chitieu cot households an", user="cx")
    assert (await say(console, "/chitieu Thôn Đông ho=3", user="ct")).startswith("✅")


async def test_province_renames_and_hides_columns(console: ConsoleChannel, services: Services) -> None:
    await build_world(services)
    assert "✅ Đã cập nhật cột «households»" in await say(console,
        "/chitieu cot households = Số hộ đã hướng dẫn", user="ct")
    await say(console, "/chitieu cot people an", user="ct")
    listing = await say(console, "/chitieu cot", user="ct")
    assert "• households — Số hộ đã hướng dẫn" in listing and "• people — Số người được hỗ trợ (đang ẩn)" in listing
    assert "Không có cột «bogus»" in await say(console, "/chitieu cot bogus an", user="ct")
    settings = await baselines.column_settings(services.db, "97")
    assert settings["households"].label == "Số hộ đã hướng dẫn" and settings["people"].hidden


@pytest.mark.slow
async def test_csv_import_from_the_command_line(config: Config, services: Services, tmp_path: Path) -> None:
    await build_world(services)
    good = tmp_path / "ok.csv"
    good.write_text("thon;ky;ho;nguoi;muc_tieu_ho\nThôn Một;2026;12;40;9\n97001-003;2026-Q4;55;;20\n",
                    encoding="utf-8-sig")
    bad = tmp_path / "bad.csv"
    bad.write_text("village,period,ho\nThôn Không Có,2026,3\nThôn Hai,2026,nhiều\n", encoding="utf-8")
    config_file = tmp_path / "config.yaml"

    async def run(*args: str) -> subprocess.CompletedProcess[str]:
        return await asyncio.to_thread(
            subprocess.run, [sys.executable, "-m", "bot", *args, "--config", str(config_file)], cwd=ROOT,
            capture_output=True, text=True, timeout=60,
        )

    failed = await run("baseline", "import", str(bad))
    assert failed.returncode == 1
    assert f"{bad}:2: village 'Thôn Không Có' not found" in failed.stderr
    assert f"{bad}:3: “ho=nhiều” is not right" in failed.stderr and "nothing was imported" in failed.stderr
    done = await run("baseline", "import", str(good), "--area", HOA_AN)
    assert done.returncode == 0, done.stderr
    assert "2 village row(s) imported" in done.stdout
    base, targets = await baselines.village_numbers(services.db, MOT)
    assert (base[0].households, base[0].adults, targets[0].value) == (12, 40, 9)
    base, targets = await baselines.village_numbers(services.db, BA)
    assert (base[0].period, base[0].households, targets[0].indicator, targets[0].value) == (
        "2026-Q4", 55, "households", 20)
    columns = await run("baseline", "columns", "97", "--rename", "assists=Lượt", "--hide", "notes")
    assert columns.returncode == 0 and "assists              Lượt" in columns.stdout
    assert "notes                Ghi chú  (hidden)" in columns.stdout


async def test_plain_words_are_echoed_and_saved_on_confirmation(console: ConsoleChannel, services: Services) -> None:
    await build_world(services)
    echo = await say(console, "/chitieu thôn Một 120 hộ", user="cx")
    assert echo.startswith("📝 Mình hiểu như sau — Thôn Một, Xã Hòa An, Tỉnh Kiểm Thử, kỳ năm 2026:")
    assert "• Chỉ tiêu — hộ được hỗ trợ: 120" in echo
    assert [c.action for c in console.choices()] == ["tg:ok", "tg:swap", "tg:x"]
    assert (await baselines.village_numbers(services.db, MOT))[1][0].value == 6  # nothing saved yet
    swapped = await say(console, "2", user="cx")  # "120 hộ là tổng số hộ của thôn"
    assert "• Số hộ: 120" in swapped and "Chỉ tiêu" not in swapped
    assert "✅ Đã lưu 1 thôn" in await say(console, "1", user="cx")
    base, _ = await baselines.village_numbers(services.db, MOT)
    assert base[0].households == 120
    assert "Không có gì đang chờ lưu" in await say(console, "1", user="cx")  # "Lưu" typed again saves nothing twice


async def test_plain_words_without_tones_with_several_numbers(console: ConsoleChannel, services: Services) -> None:
    await build_world(services)
    echo = await say(console, "/chitieu thon hai tong 300 ho, 900 nguoi lon, chi tieu 50 buoi 2026-Q4", user="cx")
    assert "Thôn Hai" in echo and "kỳ quý 4/2026" in echo
    assert "• Số hộ: 300" in echo and "• Số người trưởng thành: 900" in echo
    assert "• Chỉ tiêu — buổi hướng dẫn: 50" in echo
    assert [c.action for c in console.choices()] == ["tg:ok", "tg:x"]  # nothing to re-read
    await say(console, "1", user="cx")
    base, targets = await baselines.village_numbers(services.db, HAI)
    assert (base[0].period, base[0].households, base[0].adults) == ("2026-Q4", 300, 900)
    assert any(t.indicator == "sessions" and t.value == 50 for t in targets)


async def test_plain_words_off_the_script(console: ConsoleChannel, services: Services) -> None:
    await build_world(services)
    assert "nằm ngoài địa bàn" in await say(console, "/chitieu thôn Đông 80 hộ", user="cx")
    assert "không tìm thấy «thon xyz»" in await say(console, "/chitieu thon xyz 80 ho", user="cx")
    await say(console, "/chitieu thôn Ba 40 hộ", user="cx")
    out = await say(console, "3", user="cx")  # "Hủy"
    assert "Đã hủy, không lưu gì." in out
    assert (await baselines.village_numbers(services.db, BA))[1] == []
    assert "chưa được giao vai trò" in await say(console, "/chitieu thôn Ba 40 hộ", user="an")


async def test_pasted_csv_is_echoed_with_its_problems(console: ConsoleChannel, services: Services) -> None:
    await build_world(services)
    echo = await say(console, "/chitieu thon,ho,muc_tieu_ho\nThôn Một,12,8\nthon hai,5,\nThôn Đông,9,9\n"
                              "Thôn Ba,abc,3", user="cx")
    assert echo.startswith("📝 Mình đọc được 2 dòng:")
    assert "• Thôn Một, Xã Hòa An, Tỉnh Kiểm Thử (năm 2026): Số hộ: 12; Chỉ tiêu — hộ được hỗ trợ: 8" in echo
    assert "dòng 4: không tìm thấy thôn «Thôn Đông»" in echo  # another commune's village
    assert "«ho=abc» chưa đúng" in echo
    assert "✅ Đã lưu 2 thôn" in await say(console, "1", user="cx")
    base, _ = await baselines.village_numbers(services.db, HAI)
    assert base[0].households == 5
