"""Web tests run the real server on loopback with a config that signs links."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from web_world import serving, web_config

from bot.core.config import Config
from bot.core.engine import Services


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return web_config(tmp_path)


@pytest.fixture
async def site(services: Services) -> AsyncIterator[str]:
    async with serving(services) as base:
        yield base
