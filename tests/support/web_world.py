"""The web server on a free loopback port, with a config that can sign links, for the web tests."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import yaml
from databases import database_url
from fake_zalo import free_port

from bot.core.config import Config, load_config
from bot.core.engine import Services
from bot.web import server as web_server

GUIDES = Path(__file__).resolve().parents[2] / "guides"
SECRET = "khoa-ky-lien-ket-thu-nghiem-0123456789"


def web_config(tmp_path: Path, port: int | None = None, **web: Any) -> Config:
    """Defaults plus a web block whose public address is this machine's loopback port."""
    port = port or free_port()
    block = {"listen": "127.0.0.1", "port": port, "public_url": f"http://127.0.0.1:{port}", "secret": SECRET,
             "zalo_oa_url": "https://zalo.me/4318000000000000001", "telegram_bot": "TroLyToCNSBot", **web}
    file = tmp_path / "config.yaml"
    file.write_text(yaml.safe_dump({
        "database": {"url": database_url(tmp_path / "bot.db")}, "guides": {"dir": str(GUIDES)},
        "admins": ["console:admin"], "web": block,
    }, allow_unicode=True), encoding="utf-8")
    return load_config(file, environ={})


@contextlib.asynccontextmanager
async def serving(services: Services) -> AsyncIterator[str]:
    """Run the web server for SERVICES; yields its base URL."""
    ready = asyncio.Event()
    task = asyncio.create_task(web_server.run(services, ready))
    try:
        await asyncio.wait_for(ready.wait(), 5)
        yield f"http://127.0.0.1:{services.config.web.port}"
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
