"""The real CLI in a subprocess: guides check, ask, config errors, run without channels, chat."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BROKEN = Path(__file__).parents[1] / "fixtures" / "guides_broken"


def bot(*args: str, stdin: str | None = None, cwd: Path = ROOT, env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.endswith("_BOT_TOKEN")}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True, timeout=60,
        cwd=cwd, env=environment,
    )


def test_guides_check_passes_on_the_shipped_guides() -> None:
    result = bot("guides", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "guides OK" in result.stdout


def test_guides_check_lists_one_line_per_problem_and_fails() -> None:
    result = bot("guides", "check", str(BROKEN))
    assert result.returncode == 1
    lines = [line for line in result.stdout.strip().splitlines() if not line.startswith("warning: ")]
    assert len(lines) == 12
    assert "guides_broken/step-missing-vi.yaml: steps[1].text.vi: required" in lines
    assert ("guides_broken/unknown-placeholder.yaml: steps[0].text.vi: unknown placeholder {ban} "
            "(only {you}, {me}, {You}, {Me})") in lines
    assert "Traceback" not in result.stderr


def test_guides_check_warns_about_stale_sources_but_passes(tmp_path: Path) -> None:
    (tmp_path / "categories.yaml").write_bytes((BROKEN / "categories.yaml").read_bytes())
    old = (BROKEN / "good.yaml").read_text(encoding="utf-8").replace("checked: 2026-11-23", "checked: 2020-01-15")
    (tmp_path / "good.yaml").write_text(
        old.replace('title: "Nguồn mẫu"', 'title: "Nguồn mẫu"\n    url: "https://example.vn/a"') + "reviewed: 2020-01-15\n",
        encoding="utf-8",
    )
    result = bot("guides", "check", str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        f"warning: {tmp_path.name}/good.yaml: sources: newest source was checked on 2020-01-15, more than 12 "
        f"months before {date.today().isoformat()}; check the guide against current pages",
        "1 guides OK in 1 categories; 1 warning(s)",
    ]


def test_ask_json_batch_gives_one_object_per_line(tmp_path: Path) -> None:
    questions = tmp_path / "q.txt"
    questions.write_text("cai vneid\n\nket qua xo so hom nay\n", encoding="utf-8")
    result = bot("ask", "--json", "--batch", str(questions))
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["question"] for r in rows] == ["cai vneid", "ket qua xo so hom nay"]
    assert rows[0]["guide"] == "vneid-install" and rows[0]["title"] and rows[0]["score"] > 0.49
    assert rows[1]["guide"] is None and rows[1]["title"] is None


def test_ask_plain_prints_the_guide() -> None:
    result = bot("ask", "quên passcode vneid")
    assert result.returncode == 0
    assert result.stdout.startswith("vneid-passcode")


def test_bad_config_names_the_key_without_a_traceback(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("telegram:\n  mode: pigeon\ntimezone: Mars/Olympus\n", encoding="utf-8")
    result = bot("run", "--config", str(config))
    assert result.returncode == 2
    assert "telegram.mode" in result.stderr and "timezone" in result.stderr
    assert "Traceback" not in result.stderr


def test_unusable_paths_and_times_are_one_line_config_errors_naming_the_key(tmp_path: Path) -> None:
    (tmp_path / "empty-guides").mkdir()
    channel = "telegram:\n  token: '1:not-used'\n  base_url: http://127.0.0.1:9/bot\n"  # never reached
    cases = {
        "digest:\n  time: '25:99'\n": "digest.time: '25:99' is not a time of day",
        f"database:\n  path: {tmp_path}\n": "database.path: ",  # a folder
        "guides:\n  dir: no-such-folder\n": "guides.dir: ",
        "guides:\n  dir: empty-guides\n": "holds no guide files",
    }
    for body, expected in cases.items():
        config = tmp_path / "config.yaml"
        config.write_text(channel + body, encoding="utf-8")
        result = bot("run", "--config", str(config))
        assert result.returncode == 2, result.stderr
        assert result.stderr.startswith("config error: ") and expected in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_reload_without_a_running_bot_says_so(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(f"database:\n  path: {tmp_path / 'bot.db'}\n", encoding="utf-8")
    result = bot("guides", "reload", "--config", str(config))
    assert result.returncode == 1
    assert "No running bot found" in result.stderr


def test_missing_config_file_is_a_clear_error(tmp_path: Path) -> None:
    result = bot("run", "--config", str(tmp_path / "nope.yaml"))
    assert result.returncode == 2
    assert "config file not found" in result.stderr


def test_run_without_channels_points_to_chat(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("database:\n  path: bot.db\n", encoding="utf-8")
    result = bot("run", "--config", str(config))
    assert result.returncode == 2
    assert "python -m bot chat" in result.stderr


def test_chat_runs_the_console_on_a_real_database(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("database:\n  path: data/bot.db\n", encoding="utf-8")
    result = bot("chat", "--config", str(config), stdin="cai vneid\n1\n/quit\n")
    assert result.returncode == 0, result.stderr
    assert "trợ lý tự động" in result.stdout
    assert result.stdout.startswith("Xin chào! 👋")  # no name is known at a terminal: not "Xin chào Bạn!"
    assert "Bước 1/" in result.stdout
    assert (tmp_path / "data" / "bot.db").is_file()
    # The same person continues after a restart.
    again = bot("chat", "--config", str(config), stdin="/quit\n")
    assert "Lần trước anh/chị đang xem" in again.stdout


def test_token_from_environment_overrides_the_file(tmp_path: Path) -> None:
    from bot.core.config import load_config

    config = tmp_path / "config.yaml"
    config.write_text("telegram:\n  token: from-file\n", encoding="utf-8")
    assert load_config(config, environ={"TELEGRAM_BOT_TOKEN": "from-env"}).telegram.token == "from-env"
    assert load_config(config, environ={}).telegram.token == "from-file"
