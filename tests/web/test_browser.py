"""A real browser (Debian's headless Chromium) at phone width: a guide page and the dashboard draw."""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image
from report_world import build_world

from bot.channels.console import ConsoleChannel
from bot.core.engine import Services

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# The flags that work as root on a machine without network or GPU (see the CI script).
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--window-size=390,844"]

pytestmark = pytest.mark.slow
_profiles = itertools.count()


async def chromium(tmp_path: Path, *args: str) -> str:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs it")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    profile = tmp_path / f"profile-{next(_profiles)}"  # a fresh, empty profile each start
    process = await asyncio.create_subprocess_exec(
        CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
    )
    out, _ = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 0
    return out.decode()


def drawn(png: Path) -> int:
    """How many different colours the screenshot holds (a blank page has one)."""
    image = Image.open(png).convert("RGB")
    assert image.size == (390, 844)
    return len(image.getcolors(maxcolors=1 << 20) or [])


async def test_guide_page_and_dashboard_render_at_phone_width(
    site: str, services: Services, console: ConsoleChannel, tmp_path: Path
) -> None:
    await build_world(services)
    await console.say("/dashboard", user="cx")
    dashboard = next(w for w in console.last_replies[-1].text.split() if "/d/" in w) + "?ky=2026-10"
    install = services.library.get("vneid-install")
    assert install is not None
    pages = {
        "guide": (f"{site}/g/vneid-install/", install.title.vi),
        "dashboard": (dashboard, "Bảng theo dõi Xã Hòa An, Tỉnh Kiểm Thử"),
    }
    for name, (url, title) in pages.items():
        shot = Path(os.environ.get("SCREENSHOTS", tmp_path)) / f"{name}.png"
        await chromium(tmp_path, f"--screenshot={shot}", url)
        assert shot.is_file() and drawn(shot) > 20, name
        dom = await chromium(tmp_path, "--dump-dom", url)
        assert f"<h1>{title}</h1>" in dom, name
