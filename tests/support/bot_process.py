"""The real ``python -m bot run --config FILE`` in a subprocess, for end-to-end fault tests and benchmarks."""

from __future__ import annotations

import asyncio
import contextlib
import os
import resource
import signal
import sys
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


def write_config(folder: Path, settings: dict[str, Any]) -> Path:
    file = folder / "config.yaml"
    file.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    return file


class BotProcess:
    """One run of the bot; its log (stderr) goes to LOG, appended across restarts."""

    def __init__(self, config_file: Path, log: Path, *, max_file_bytes: int | None = None) -> None:
        self.config_file, self.log, self.max_file_bytes = config_file, log, max_file_bytes
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> BotProcess:
        env = {k: v for k, v in os.environ.items() if not k.endswith("_BOT_TOKEN")}
        with self.log.open("ab") as stderr:  # the child keeps its own copy of the descriptor
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", "--config", str(self.config_file), cwd=ROOT, env=env,
                stdout=asyncio.subprocess.DEVNULL, stderr=stderr, preexec_fn=self._limits,
            )
        return self

    def _limits(self) -> None:
        if self.max_file_bytes is not None:  # a disk that fills up: writes past this size fail (EFBIG)
            resource.setrlimit(resource.RLIMIT_FSIZE, (self.max_file_bytes, self.max_file_bytes))

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.returncode is None

    def send(self, signum: int) -> None:
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):
            self.process.send_signal(signum)

    async def wait(self, seconds: float) -> int:
        """The exit code, waiting at most SECONDS (then killed, and the test fails on the TimeoutError)."""
        assert self.process is not None
        try:
            return await asyncio.wait_for(self.process.wait(), seconds)
        except TimeoutError:
            self.send(signal.SIGKILL)
            await self.process.wait()
            raise

    async def stop(self, seconds: float = 10.0) -> tuple[int, float]:
        """SIGTERM, then (exit code, seconds it took)."""
        started = time.monotonic()
        self.send(signal.SIGTERM)
        code = await self.wait(seconds)
        return code, time.monotonic() - started

    async def kill(self) -> None:
        self.send(signal.SIGKILL)
        assert self.process is not None
        await self.process.wait()

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    async def __aenter__(self) -> BotProcess:
        return self if self.process is not None else await self.start()

    async def __aexit__(self, *exc: object) -> None:
        if self.running:
            await self.kill()
