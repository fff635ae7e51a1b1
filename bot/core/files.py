"""Files the bot makes (a report's picture) put where a channel without uploads can fetch them by address.

Zalo's Bot Platform sends photos only from a public HTTPS address. ``FolderHost`` writes each file under an
unguessable name in a folder that the operator's web server publishes at ``files.base_url``, and removes it
after ``files.keep_hours``. The bot's own web side can stand in for it (signed, expiring links) by setting
``Services.files`` to anything with the same ``publish`` method.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from pathlib import Path
from typing import Protocol
from urllib.parse import quote

log = logging.getLogger(__name__)


class FileHost(Protocol):
    async def publish(self, data: bytes, name: str) -> str | None:
        """The public address of DATA saved as NAME, or None when it cannot be published."""


class FolderHost:
    def __init__(self, folder: str | Path, base_url: str, keep_hours: float = 48.0) -> None:
        self.folder = Path(folder)
        self.base_url = base_url.rstrip("/")
        self.keep = keep_hours * 3600

    async def publish(self, data: bytes, name: str) -> str | None:
        token = secrets.token_urlsafe(18)
        try:
            await asyncio.to_thread(self._write, token, name, data)
        except OSError:
            log.exception("could not write %s to %s", name, self.folder)
            return None
        return f"{self.base_url}/{token}/{quote(name)}"

    def _write(self, token: str, name: str, data: bytes) -> None:
        self.sweep()
        target = self.folder / token / Path(name).name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def sweep(self) -> int:
        """Remove what was published more than keep_hours ago; returns how many files went."""
        if not self.folder.is_dir():
            return 0
        horizon, gone = time.time() - self.keep, 0
        for folder in self.folder.iterdir():
            if folder.is_dir() and folder.stat().st_mtime < horizon:
                for item in folder.iterdir():
                    item.unlink(missing_ok=True)
                    gone += 1
                folder.rmdir()
        return gone
