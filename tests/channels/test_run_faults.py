"""Faults against the real ``python -m bot run`` process and the loopback fake Bot API: kill -9 and SIGTERM in
the middle of a burst, 429 / 500 / slow answers, a flooding group beside a private chat, a full disk."""

from __future__ import annotations

from pathlib import Path

import fault_scenarios as scenario
import pytest
from bot_process import BotProcess, write_config
from fake_telegram import FakeTelegram

pytestmark = pytest.mark.slow


async def test_kill_9_in_the_middle_of_300_logs_then_restart_loses_nothing(
    fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    outcome = await scenario.kill_9_mid_burst(fake_telegram, tmp_path)
    assert outcome.figures["answered_before_kill"] < 300  # killed in the middle
    assert outcome.lost == 0, outcome
    assert outcome.figures["saved"] == 300  # every /log saved once (the form's own key drops a replay)
    assert outcome.duplicated <= 4, outcome  # at most what was in flight when it was killed
    assert outcome.figures["exit_code"] == 0


async def test_sigterm_in_the_middle_of_a_burst_stops_within_10_s_and_keeps_the_rest(
    fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    outcome = await scenario.sigterm_mid_burst(fake_telegram, tmp_path)
    assert outcome.figures["exit_codes"] == (0, 0)
    assert outcome.figures["stop_seconds"] < 10
    assert outcome.figures["answered_before_stop"] < outcome.sent  # stopped in the middle
    assert "left from the last run are handled first" in outcome.log
    assert (outcome.lost, outcome.duplicated) == (0, 0)


async def test_replies_survive_429s_500s_and_slow_answers_and_a_lost_one_is_counted(
    fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    outcome = await scenario.api_faults(fake_telegram, tmp_path)
    assert outcome.lost == 0, outcome
    assert outcome.duplicated <= 1  # a timed-out send may have arrived: its retry can show it twice
    tries = outcome.figures["tries"]
    assert tries[6001] == 3 and tries[6002] == 2  # two 429s waited out; one 500 retried
    assert 3 <= outcome.figures["always_500_given_up_after"] <= 6  # bounded back-off
    assert outcome.figures["answered_within_s"] < 20 and outcome.figures["exit_code"] == 0
    assert "the reply to telegram:6004 could not be delivered and is lost" in outcome.log
    assert "replies failed 1" in outcome.log  # the status line an operator reads


async def test_a_flooding_group_never_delays_a_private_chat(fake_telegram: FakeTelegram, tmp_path: Path) -> None:
    outcome = await scenario.group_flood(fake_telegram, tmp_path)
    assert outcome.figures["private_answered_s"] < 2.0
    assert outcome.figures["group_answers_so_far"] <= 22  # the group's own budget: 20 a minute
    assert outcome.figures["exit_code"] == 0


async def test_a_full_disk_at_start_is_a_one_line_error_and_a_non_zero_exit(
    fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    config = write_config(tmp_path, scenario.settings(fake_telegram, tmp_path))
    bot = BotProcess(config, tmp_path / "bot.log", max_file_bytes=16_384)
    await bot.start()
    code = await bot.wait(20)
    output = bot.log_text()
    assert code == 1, output
    assert "Traceback" not in output
    [line] = [line for line in output.splitlines() if line.startswith("error:")]
    assert "cannot write the database" in line and str(tmp_path / "bot.db") in line


async def test_a_disk_that_fills_while_serving_loses_nothing_once_there_is_room(
    fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    outcome = await scenario.disk_fills(fake_telegram, tmp_path)
    assert outcome.figures["alive_while_full"]  # a full disk does not kill the bot
    assert "kept for a retry" in outcome.log or "cannot store updates" in outcome.log
    assert outcome.figures["most_apologies_per_person"] <= 1  # told once, not at every retry
    assert (outcome.lost, outcome.duplicated) == (0, 0)
    assert outcome.figures["exit_code"] == 0
