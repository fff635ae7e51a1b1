"""Wiring: config → database → guides → engine with every feature."""

from __future__ import annotations

import errno
import logging
import os
from pathlib import Path

from bot.areas import chat as areas_chat
from bot.areas import help_lines as areas_help
from bot.coordinators import help_lines as coordinators_help
from bot.coordinators import roles as roles_admin
from bot.coordinators.broadcasts import compose as broadcast
from bot.coordinators.broadcasts import replies as broadcast_replies
from bot.coordinators.reports import chat as report
from bot.core import help as role_help
from bot.core.config import Config, ConfigError, StartupError
from bot.core.engine import Engine, Feature, Services
from bot.core.ocr import TesseractReader, TextReader
from bot.core.speech import EspeakSpeaker, Speaker
from bot.members import help_lines as members_help
from bot.members import sessions as sessions_log
from bot.members import stats
from bot.members.assists import edit as assist_edit
from bot.members.assists import form as assist_form
from bot.members.help_desk import desk as help_desk
from bot.members.help_desk import intake as help_intake
from bot.members.teams import chat as teams_chat
from bot.residents import ask as resident_ask
from bot.residents import events as resident_events
from bot.residents import feature as resident
from bot.residents import help_lines as residents_help
from bot.residents import listen, photos, shortcuts
from bot.residents.guide_reload import check_guides_dir, load_library
from bot.residents.optout import with_stop_phrase
from bot.web import dashboard_command
from bot.web import help_lines as web_help
from bot.web.links import Links
from storage.db import STORAGE_ERRORS, Database, connect
from storage.migrate import MigrationError

_OPEN_FAULTS: tuple[type[Exception], ...] = (MigrationError, *STORAGE_ERRORS)
# /help lists, for each person, the lines of the roles they have; each package declares its own.
HELP_LINES = [*residents_help.LINES, *areas_help.LINES, *members_help.LINES, *coordinators_help.LINES,
              *web_help.LINES]
# Every feature the engine serves; the resident's question search is the fallback for free text.
FEATURES: list[Feature] = [
    resident.FEATURE, resident_events.FEATURE, shortcuts.FEATURE, areas_chat.FEATURE, teams_chat.FEATURE,
    assist_form.FEATURE, assist_edit.FEATURE, sessions_log.FEATURE, stats.FEATURE, help_desk.FEATURE,
    roles_admin.FEATURE, broadcast.FEATURE, broadcast_replies.FEATURE, report.FEATURE,
    dashboard_command.FEATURE,
    role_help.feature(HELP_LINES),
    listen.FEATURE,
    photos.FEATURE,  # last: a photo or voice note in a conversation with a volunteer is theirs, not OCR's
]
log = logging.getLogger(__name__)


async def build_services(config: Config) -> Services:
    """Open the database (migrating it) and load the guides; faults are one-line ConfigError/StartupError."""
    check_guides_dir(config.guides.dir)
    db = await open_database(config.database.url, config.database.pool_size)
    try:
        library = await load_library(config.guides.dir, db)
    except BaseException:
        await db.close()
        raise
    services = Services(config=config, db=db, library=library,
                        help_router=help_desk.route_request, after_village=help_intake.forward_pending,
                        speech=build_speaker(config), ocr=build_reader(config))
    if config.web.links_ready:
        services.report_link = Links(config.web, lambda: services.clock()).report_link
    return services


def check_database_path(path: str) -> None:
    """A database file that can be created and written, or a config error naming the key."""
    if path == ":memory:":
        return
    file = Path(path)
    if file.is_dir():
        raise ConfigError(f"database.path: {file} is a folder; give a file name such as data/bot.db")
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"database.path: cannot create the folder {file.parent} ({exc.strerror})") from None
    if not os.access(file.parent, os.W_OK) or (file.exists() and not os.access(file, os.W_OK)):
        raise ConfigError(f"database.path: {file} cannot be written (check the folder's permissions)")


async def open_database(url: str, pool_size: int = 20) -> Database:
    """The migrated database; a file that cannot be used is a config error, a full disk a start-up error."""
    path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else None
    if path is not None:
        check_database_path(path)
    try:
        return await connect(url, pool_size=pool_size)
    except _OPEN_FAULTS as exc:
        reason = " ".join(str(exc).split())
        where = path or url.rsplit("@", 1)[-1]  # never the password of a postgresql:// URL
        if "not a database" in reason:
            raise ConfigError(f"database.path: {path} is not a SQLite database file") from None
        full = isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EFBIG)
        hint = "the disk is full" if full or "full" in reason else "is the disk full or read-only?"
        raise StartupError(f"cannot write the database at {where}: {reason} ({hint})") from None


def build_speaker(config: Config) -> Speaker | None:
    """espeak-ng + ffmpeg when installed and wanted; otherwise the steps are text only (said once)."""
    if not config.media.voice:
        return None
    speaker = EspeakSpeaker(Path(config.media.cache_dir), voice=config.media.voice_name)
    if not speaker.available():
        log.info("reading aloud is off: install espeak-ng and ffmpeg to turn it on")
        return None
    return speaker


def build_reader(config: Config) -> TextReader | None:
    """tesseract with Vietnamese when installed and wanted; otherwise photos go to a person (said once)."""
    if not config.media.ocr:
        return None
    reader = TesseractReader()
    if not reader.available():
        log.info("reading photos is off: install tesseract-ocr and tesseract-ocr-vie to turn it on")
        return None
    return reader


def build_engine(services: Services) -> Engine:
    """The engine with all features registered."""
    return Engine(
        services, FEATURES, fallback=with_stop_phrase(resident_ask.question), greeting=resident.first_contact_greeting
    )
