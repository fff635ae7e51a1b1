"""Fixtures for the Zalo OA tests (loaded as a pytest plugin by tests/conftest.py).

``oa_bot`` is the real channel serving both OAs of ``zalo_oa_harness`` against ``fake_oa``, with ``oa_clock``
as the clock of both. A test module changes the OA quota or the admins by overriding ``oa_quota`` or
``oa_admins``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fake_zalo_oa import FakeZaloOa
from members_world import Clock
from zalo_oa_harness import OA_A, OA_B, SECRET_A, SECRET_B, START, OaBot, oa_config

from bot.residents.library import GuideLibrary

GUIDES = Path(__file__).resolve().parents[2] / "guides"


@pytest.fixture
def oa_clock() -> Clock:
    return Clock(START)


@pytest.fixture
def oa_quota() -> int:
    """Proactive messages An Bình's OA has left this month."""
    return 1000


@pytest.fixture
def oa_admins() -> tuple[str, ...]:
    return ()


@pytest.fixture
async def fake_oa(oa_clock: Clock, oa_quota: int) -> AsyncIterator[FakeZaloOa]:
    async with FakeZaloOa(oa_clock) as fake:
        fake.add_oa(OA_A, SECRET_A, quota=oa_quota)
        fake.add_oa(OA_B, SECRET_B)
        yield fake


@pytest.fixture
async def oa_bot(fake_oa: FakeZaloOa, oa_clock: Clock, tmp_path: Path, guide_library: GuideLibrary,
                 oa_admins: tuple[str, ...]) -> AsyncIterator[OaBot]:
    async with OaBot(fake_oa, oa_config(fake_oa, tmp_path / "bot.db", GUIDES, admins=oa_admins), oa_clock,
                     guide_library) as bot:
        yield bot
