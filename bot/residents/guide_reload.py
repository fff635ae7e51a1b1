"""Guides at run time: loaded at start and on reload (SIGHUP, ``python -m bot guides reload``), a broken file
serving its last good version — kept in the database, so it survives restarts —, and the admins told."""

from __future__ import annotations

import logging
from pathlib import Path

from bot.core.config import ConfigError
from bot.core.engine import Engine, Services
from bot.core.i18n import Catalog
from bot.core.messages import Address, Reply
from bot.residents.guides import CATEGORIES_FILE, REFERRALS_FILE, GuideSet
from bot.residents.library import GuideLibrary
from storage import guide_sources, people
from storage.db import Database

log = logging.getLogger(__name__)
SHOWN_PROBLEMS = 10  # lines in the admins' message; the log has them all

T = Catalog({
    "problems": {
        "vi": "⚠️ Các tệp hướng dẫn có {count} lỗi. Tệp bị lỗi vẫn dùng bản tốt gần nhất (nếu có); sửa rồi "
              "nạp lại bằng lệnh: python -m bot guides reload --config …\n\n{lines}",
        "en": "⚠️ The guide files have {count} problem(s). A broken file keeps serving its last good version "
              "(if there is one); fix it, then reload with: python -m bot guides reload --config …\n\n{lines}",
    },
})


def check_guides_dir(directory: str | Path) -> Path:
    """The guides folder, which must exist and hold guides: anything else is a configuration error."""
    root = Path(directory)
    if not root.is_dir():
        raise ConfigError(f"guides.dir: {root} is not a folder (point it at the guides/ folder)")
    if not any(file.name not in (CATEGORIES_FILE, REFERRALS_FILE) for file in root.glob("*.yaml")):
        raise ConfigError(f"guides.dir: {root} holds no guide files (*.yaml)")
    return root


async def refresh(library: GuideLibrary, db: Database) -> list[str]:
    """Load the folder again, broken files falling back to their stored last good text; remember the texts
    of the files that loaded cleanly. Returns the problems."""
    problems = library.reload(await guide_sources.load_all(db))
    if library.directory.is_dir():  # a folder gone for a moment must not wipe the last good versions
        present = [file.name for file in library.directory.glob("*.yaml")]
        await guide_sources.save(db, library.current.sources, keep_only=present)
    return problems


async def load_library(directory: str | Path, db: Database) -> GuideLibrary:
    """The guides to serve at start."""
    library = GuideLibrary(check_guides_dir(directory), GuideSet())
    await refresh(library, db)
    return library


async def reload_guides(services: Services, engine: Engine) -> list[str]:
    """Reload while serving: problems are logged as errors and sent to every admin in chat."""
    try:
        problems = await refresh(services.library, services.db)
    except Exception:
        log.exception("guides: reload failed; still serving the guides loaded before")
        return ["reload failed"]
    count = len(services.library.current.guides)
    if problems:
        for problem in problems:
            log.error("guides: %s", problem)
        await tell_admins(services, engine, problems)
    log.info("guides: reloaded, %d guides served, %d problem(s)", count, len(problems))
    return problems


async def tell_admins(services: Services, engine: Engine, problems: list[str]) -> None:
    """Send the problems to each admin listed in the config, on their channel, in their language."""
    lines = "\n".join(f"• {problem}" for problem in problems[:SHOWN_PROBLEMS])
    if len(problems) > SHOWN_PROBLEMS:
        lines += f"\n• … (+{len(problems) - SHOWN_PROBLEMS})"
    for identity in services.config.admins:
        channel, _, user = identity.partition(":")
        if channel not in services.senders:
            continue
        person = await people.find_person(services.db, channel, user)
        locale = person.locale if person else services.config.locale
        text = T(locale, "problems", count=len(problems), lines=lines)
        await engine.deliver(Address(channel, user, person.chat_id if person else user), Reply(text))
