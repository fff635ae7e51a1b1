"""Guides at run time: a broken file serves its last good version — across restarts too —, SIGHUP and
``python -m bot guides reload`` reload the running bot, the error is logged and the admins are told."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bot_process import ROOT, BotProcess, write_config
from fake_telegram import FakeTelegram

from bot.core.config import ConfigError
from bot.residents.guide_reload import load_library, refresh
from storage import conversations, people
from storage.db import connect

GUIDE = "vneid-install"
ADMIN, RESIDENT = 5001, 5002


def guides_copy(folder: Path) -> Path:
    target = folder / "guides"
    shutil.copytree(ROOT / "guides", target)
    return target


def break_guide(guides: Path) -> str:
    """Leave a half-edited file, as a typo in an editor would; returns its old text."""
    file = guides / f"{GUIDE}.yaml"
    old = file.read_text(encoding="utf-8")
    file.write_text(old.replace("steps:", "steps: [", 1), encoding="utf-8")
    return old


async def test_a_broken_file_keeps_its_last_good_version_even_after_a_restart(tmp_path: Path) -> None:
    guides = guides_copy(tmp_path)
    db = await connect(tmp_path / "bot.db")
    try:
        library = await load_library(guides, db)
        title = library.get(GUIDE).title.vi  # type: ignore[union-attr]
        break_guide(guides)
        problems = await refresh(library, db)
        assert any(p.startswith(f"guides/{GUIDE}.yaml: line") for p in problems)
        assert f"guides/{GUIDE}.yaml: serving the last good version of this file" in problems
        assert library.get(GUIDE) is not None and library.search("cài vneid")[0].guide_id == GUIDE
    finally:
        await db.close()

    db = await connect(tmp_path / "bot.db")  # the process restarted with the file still broken
    try:
        restarted = await load_library(guides, db)
        guide = restarted.get(GUIDE)
        assert guide is not None and guide.title.vi == title
        (guides / f"{GUIDE}.yaml").unlink()  # deleted on purpose: gone (and its stored text forgotten)
        assert await refresh(restarted, db) == [
            f"guides/vneid-level2.yaml: prerequisites[0]: unknown guide '{GUIDE}'"
        ]
        assert restarted.get(GUIDE) is None
    finally:
        await db.close()


async def test_a_fixed_file_is_served_as_fixed(tmp_path: Path) -> None:
    guides = guides_copy(tmp_path)
    db = await connect(tmp_path / "bot.db")
    try:
        library = await load_library(guides, db)
        old = break_guide(guides)
        await refresh(library, db)
        (guides / f"{GUIDE}.yaml").write_text(old.replace("Cài VNeID", "Cài VNeID (mới)", 1),
                                              encoding="utf-8")
        assert await refresh(library, db) == []
        restarted = await load_library(guides, db)
        assert "(mới)" in restarted.get(GUIDE).title.vi  # type: ignore[union-attr]
    finally:
        await db.close()


@pytest.mark.parametrize("setup", ["missing", "empty"])
async def test_a_missing_or_empty_guides_folder_is_a_config_error(tmp_path: Path, setup: str) -> None:
    if setup == "empty":
        (tmp_path / "guides").mkdir()
        (tmp_path / "guides" / "categories.yaml").write_text("categories: []\n", encoding="utf-8")
    db = await connect(tmp_path / "bot.db")
    try:
        with pytest.raises(ConfigError, match=r"^guides\.dir: .*guides"):
            await load_library(tmp_path / "guides", db)
    finally:
        await db.close()


async def _ask(fake: FakeTelegram, user: int, text: str) -> str:
    mark = fake.mark()
    fake.message(user, text)
    calls = await fake.replies(user, after=mark, seconds=15)
    return "\n".join(c.text for c in calls)


@pytest.mark.slow
async def test_sighup_and_the_reload_command_reload_the_running_bot_and_tell_the_admins(
    fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    guides = guides_copy(tmp_path)
    db = await connect(tmp_path / "bot.db")
    for user in (ADMIN, RESIDENT):
        person, _ = await people.touch_person(db, "telegram", str(user), str(user), "Anh Minh", "vi")
        await conversations.save_state(db, person.id, {"greeted": True})
    await db.close()
    config = write_config(tmp_path, {
        "telegram": {"token": fake_telegram.token, "base_url": fake_telegram.base_url},
        "database": {"path": str(tmp_path / "bot.db")}, "guides": {"dir": str(guides)},
        "admins": [f"telegram:{ADMIN}"],
    })
    log = tmp_path / "bot.log"
    async with BotProcess(config, log) as bot:
        await fake_telegram.wait_for("getUpdates", seconds=30)
        assert "Cài" in await _ask(fake_telegram, RESIDENT, "cài vneid")
        break_guide(guides)
        mark = fake_telegram.mark()
        command = await asyncio.to_thread(
            subprocess.run, [sys.executable, "-m", "bot", "guides", "reload", "--config", str(config)],
            cwd=ROOT, capture_output=True, text=True, timeout=60,
        )
        assert command.returncode == 1  # there is a problem, said on the first line
        assert command.stdout.startswith(f"guides/{GUIDE}.yaml: line") and "Asked the bot (process" in command.stdout
        [notice] = await fake_telegram.replies(ADMIN, after=mark, seconds=15)
        assert notice.text.startswith("⚠️") and f"{GUIDE}.yaml" in notice.text
        assert "Cài" in await _ask(fake_telegram, RESIDENT, "cài vneid")  # the last good version serves
        assert (await bot.stop())[0] == 0
    assert f"ERROR bot.residents.guide_reload: guides: guides/{GUIDE}.yaml" in log.read_text(encoding="utf-8")

    mark = fake_telegram.mark()
    async with BotProcess(config, log) as restarted:  # still broken at the next start
        [notice] = await fake_telegram.replies(ADMIN, after=mark, seconds=30)  # told once serving
        assert f"{GUIDE}.yaml" in notice.text
        assert "Cài" in await _ask(fake_telegram, RESIDENT, "cài vneid")
        (guides / "scam-alert.yaml").write_text("", encoding="utf-8")  # another file emptied by mistake
        mark = fake_telegram.mark()
        restarted.send(1)  # SIGHUP
        [notice] = await fake_telegram.replies(ADMIN, after=mark, seconds=15)
        assert "scam-alert.yaml" in notice.text
        assert (await restarted.stop())[0] == 0
