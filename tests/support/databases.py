"""Which database the tests run on: SQLite files by default, or PostgreSQL when TEST_DATABASE_URL is set.

Every test that wants a database asks ``database_url(path)`` for the place it would have put a SQLite
file; on PostgreSQL the same path always names the same fresh database (copied from a migrated template),
so a test that opens "its file" twice reaches the same data. Databases are dropped when the test ends.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import threading
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import asyncpg

from bot.core.config import Config
from storage.db import connect, sqlite_url

SERVER = os.environ.get("TEST_DATABASE_URL", "")
POSTGRES = SERVER.startswith(("postgresql://", "postgres://"))
BACKEND = "postgres" if POSTGRES else "sqlite"

_created: list[str] = []
_paths: dict[str, Path] = {}  # database name → the path the test asked for
_template: str | None = None
_lock = threading.Lock()


def _url(name: str) -> str:
    base, _, _ = SERVER.rpartition("/")
    return f"{base}/{name}"


def _in_thread(work: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run WORK in an event loop of its own thread (callers may be inside a running loop); its error, if
    any, is raised here."""
    errors: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(work())
        except BaseException as exc:  # handed to the caller's thread
            errors.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


def _admin(*statements: str) -> None:
    """Run statements on the server's maintenance database."""

    async def run() -> None:
        conn = await asyncpg.connect(SERVER)
        try:
            for statement in statements:
                await conn.execute(statement)
        finally:
            await conn.close()

    _in_thread(run)


def _ensure_template() -> str:
    """A database with every migration applied, made once per test session."""
    global _template
    if _template is None:
        name = f"tcns_template_{os.getpid()}"
        _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}")

        async def migrate() -> None:
            db = await connect(_url(name), pool_size=4)
            await db.close()

        _in_thread(migrate)
        _template = name
    return _template


def database_url(path: str | Path) -> str:
    """The database a test keeps at PATH: that SQLite file, or a fresh PostgreSQL database named after it."""
    if not POSTGRES:
        return sqlite_url(path)
    name = "t_" + hashlib.sha1(str(Path(path).resolve()).encode()).hexdigest()[:20]
    with _lock:
        if name not in _created:
            template = _ensure_template()
            _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)",
                   f"CREATE DATABASE {name} TEMPLATE {template} STRATEGY WAL_LOG")
            _created.append(name)
            _paths[name] = Path(path)
    return _url(name)


def path_of(url: str) -> Path:
    """The path a test named its database by."""
    if url.startswith("sqlite:///"):
        return Path(url[len("sqlite:///"):])
    return _paths[url.rsplit("/", 1)[-1]]


def config_file(config: Config) -> Path:
    """The config.yaml the ``config`` fixture wrote beside the test's database."""
    return path_of(config.database.url).parent / "config.yaml"


def query_now(url: str, sql: str, *params: object) -> list[tuple[object, ...]]:
    """Run one statement from synchronous test code and return its rows as tuples."""
    result: list[tuple[object, ...]] = []

    async def run() -> None:
        db = await connect(url, migrate_to_latest=False, pool_size=4)
        try:
            if sql.lstrip().upper().startswith("SELECT"):
                result.extend(tuple(r) for r in await db.fetchall(sql, params))
            else:
                await db.execute(sql, params)
        finally:
            await db.close()

    _in_thread(run)
    return result


def drop_created() -> None:
    """Drop the databases the finished test made."""
    with _lock:
        names, _created[:] = list(_created), []
    if names:
        _admin(*(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)" for name in names))


def drop_template() -> None:
    global _template
    if _template is not None:
        _admin(f"DROP DATABASE IF EXISTS {_template} WITH (FORCE)")
        _template = None
