"""Background jobs that run every so often beside the channels: one loop for all of them.

With several worker processes on one PostgreSQL database only the leader runs them (``Database.lead``), so
a reminder or a digest is never sent once per process. A failed round is logged and tried again next time.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from bot.core.engine import Services

log = logging.getLogger(__name__)


async def every(services: Services, seconds: float, what: str, job: Callable[[], Awaitable[str | None]]) -> None:
    """Run JOB every SECONDS until cancelled; what it returns (if anything) goes to the log."""
    while True:
        try:
            if await services.db.lead("jobs"):  # another worker process runs the jobs
                said = await job()
                if said:
                    log.info("%s: %s", what, said)
        except Exception:
            log.exception("%s failed; trying again in %.0f s", what, seconds)
        await asyncio.sleep(seconds)
