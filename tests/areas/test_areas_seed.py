"""Seeding provinces and communes and importing villages, through the real command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from databases import config_file, query_now

from bot.__main__ import main
from bot.core.config import Config

ROOT = Path(__file__).resolve().parents[2]


def rows(config: Config) -> list[tuple[object, ...]]:
    return query(config, "SELECT code, level, name, name_norm, parent_code, province_code, commune_code, updated_at"
                 " FROM areas ORDER BY code")


def query(config: Config, sql: str, *params: object) -> list[tuple[object, ...]]:
    return query_now(config.database.url, sql, *params)


def cli(config: Config, *args: str) -> int:
    return main([*args, "--config", str(config_file(config))])


@pytest.mark.slow
def test_seed_everything_twice_through_the_real_cli(config: Config) -> None:
    command = [sys.executable, "-m", "bot", "areas", "seed", "--config",
               str(config_file(config))]
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == ["provinces: 34 (new 34, renamed 0, unchanged 0)",
                                         "communes: 3321 (new 3321, renamed 0, unchanged 0)"]
    before = rows(config)
    second = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert second.returncode == 0, second.stderr
    assert second.stdout.splitlines() == ["provinces: 34 (new 0, renamed 0, unchanged 34)",
                                          "communes: 3321 (new 0, renamed 0, unchanged 3321)"]
    assert rows(config) == before  # not even updated_at moved
    assert query(config, "SELECT level, count(*) FROM areas GROUP BY level ORDER BY level") == [
        ("commune", 3321), ("province", 34)]
    hanoi = query(config, "SELECT code, name, parent_code, province_code FROM areas WHERE code = '01'")
    kiem = query(config, "SELECT name, name_norm, parent_code, province_code, commune_code FROM areas"
                         " WHERE code = '00070'")
    assert hanoi == [("01", "Thành phố Hà Nội", None, "01")]
    assert kiem == [("Phường Hoàn Kiếm", "phuong hoan kiem", "01", "01", "00070")]


def test_seed_one_province_by_name_without_diacritics_or_by_code(
    config: Config, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(config, "areas", "seed", "--province", "thai nguyen") == 0
    assert capsys.readouterr().out.splitlines() == ["provinces: 1 (new 1, renamed 0, unchanged 0)",
                                                    "communes: 92 (new 92, renamed 0, unchanged 0)"]
    assert query(config, "SELECT DISTINCT province_code FROM areas") == [("19",)]
    assert cli(config, "areas", "seed", "--province", "19") == 0
    assert "communes: 92 (new 0, renamed 0, unchanged 92)" in capsys.readouterr().out
    assert cli(config, "areas", "seed", "--province", "Thành phố Hà Nội") == 0
    assert query(config, "SELECT count(*) FROM areas WHERE level = 'province'") == [(2,)]


def test_unknown_province_is_refused_and_nothing_is_written(
    config: Config, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(config, "areas", "seed", "--province", "atlantis") == 2
    assert "--province 'atlantis' matched 0 provinces" in capsys.readouterr().err
    assert query(config, "SELECT count(*) FROM areas") == [(0,)]


def test_a_renamed_commune_is_renamed_back_and_the_old_name_kept(
    config: Config, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(config, "areas", "seed", "--province", "01") == 0
    query(config, "UPDATE areas SET name = 'Phường Cũ' WHERE code = '00070'")
    capsys.readouterr()
    assert cli(config, "areas", "seed", "--province", "01") == 0
    assert "communes: 126 (new 0, renamed 1, unchanged 125)" in capsys.readouterr().out
    assert query(config, "SELECT name FROM areas WHERE code = '00070'") == [("Phường Hoàn Kiếm",)]
    assert query(config, "SELECT area_code, old_name, new_name, renamed_by FROM area_renames") == [
        ("00070", "Phường Cũ", "Phường Hoàn Kiếm", "seed")]


CSV = """\ufeffxã;thôn
00070;Tổ dân phố Tràng Tiền
hoan kiem;Tổ dân phố Hàng Bài
Ba Đình;Thôn Một
ba dinh;Thôn Hai
atlantis;Thôn Ba
00070;
00070;to dan pho trang tien
99999;Thôn Bốn

Phường Hoàn Kiếm;Tổ dân phố Lý Thái Tổ
"""


def test_csv_import_dry_run_reports_bad_rows_and_writes_nothing(
    config: Config, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(config, "areas", "seed", "--province", "01") == 0
    assert cli(config, "areas", "seed", "--province", "38") == 0  # Thanh Hóa: another Xã Ba Đình
    file = tmp_path / "villages.csv"
    file.write_text(CSV, encoding="utf-8")
    capsys.readouterr()
    assert cli(config, "areas", "import", str(file), "--dry-run") == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "villages: would add 3, would rename 0, unchanged 0, bad rows 6"
    assert out[1:4] == ["  + 00070-…  Tổ dân phố Tràng Tiền  (line 2)", "  + 00070-…  Tổ dân phố Hàng Bài  (line 3)",
                        "  + 00070-…  Tổ dân phố Lý Thái Tổ  (line 11)"]
    assert out[4].startswith("line 4: ambiguous commune name 'Ba Đình': 00004 Phường Ba Đình, Thành phố Hà Nội; "
                             "16171 Xã Ba Đình, Thanh Hóa")
    assert out[5].startswith("line 5: ambiguous commune name 'ba dinh'")
    assert out[6:] == ["line 6: unknown commune 'atlantis'", "line 7: empty village name",
                       "line 8: duplicate: 'to dan pho trang tien' is already on line 2",
                       "line 9: unknown commune '99999'", "dry run: nothing was written"]
    assert query(config, "SELECT count(*) FROM areas WHERE level = 'village'") == [(0,)]


def test_csv_import_writes_codes_then_is_idempotent_and_renames_keep_the_code(
    config: Config, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(config, "areas", "seed", "--province", "01") == 0
    file = tmp_path / "villages.csv"
    file.write_text("00070,Tổ dân phố 1\n00070,Tổ dân phố 2\nhoan kiem,Tổ dân phố 10\n", encoding="utf-8")
    capsys.readouterr()
    assert cli(config, "areas", "import", str(file)) == 0
    assert capsys.readouterr().out.splitlines() == [
        "villages: added 3, renamed 0, unchanged 0, bad rows 0",
        "  + 00070-001  Tổ dân phố 1", "  + 00070-002  Tổ dân phố 2", "  + 00070-003  Tổ dân phố 10"]
    assert cli(config, "areas", "import", str(file)) == 0
    assert capsys.readouterr().out.splitlines() == ["villages: added 0, renamed 0, unchanged 3, bad rows 0"]
    rename = tmp_path / "rename.csv"
    rename.write_text("00070,Tổ dân phố Một,00070-001\n00070,Tổ dân phố 2,00070-001\n00070,X,00070-999\n"
                      "00070,Tổ dân phố 3\n", encoding="utf-8")
    assert cli(config, "areas", "import", str(rename)) == 1
    assert capsys.readouterr().out.splitlines() == [
        "villages: added 1, renamed 1, unchanged 0, bad rows 2",
        "  + 00070-004  Tổ dân phố 3",
        "  ~ 00070-001  Tổ dân phố 1 → Tổ dân phố Một  (line 1)",
        "line 2: duplicate: village 00070-001 already renamed on line 1",
        "line 3: unknown village code '00070-999'"]
    assert query(config, "SELECT name FROM areas WHERE code = '00070-001'") == [("Tổ dân phố Một",)]
    assert query(config, "SELECT old_name, new_name, renamed_by FROM area_renames") == [
        ("Tổ dân phố 1", "Tổ dân phố Một", "cli")]


def test_import_needs_seeded_communes_and_a_readable_file(
    config: Config, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "v.csv"
    file.write_text("00070,Tổ 1\n", encoding="utf-8")
    assert cli(config, "areas", "import", str(file)) == 2
    assert "run `python -m bot areas seed` first" in capsys.readouterr().err
    assert cli(config, "areas", "seed", "--province", "01") == 0
    assert cli(config, "areas", "import", str(tmp_path / "missing.csv")) == 2
    assert "cannot read as UTF-8 text" in capsys.readouterr().err
