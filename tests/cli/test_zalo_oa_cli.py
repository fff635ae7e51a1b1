"""``python -m bot zalo-oa connect|status`` in a subprocess against the loopback fake OAuth server."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
import yaml
from broadcast_world import AN_BINH, PHU_LOC
from databases import database_url
from fake_zalo_oa import FakeZaloOa
from zalo_oa_harness import OA_A, OA_B, SECRET_A, SECRET_B

from storage.db import connect
from storage.zalo_oa_tokens import get_tokens

ROOT = Path(__file__).resolve().parents[2]
CALLBACK = "https://bot.example.vn/zalo-oa/callback"
pytestmark = pytest.mark.slow


@pytest.fixture
async def fake() -> AsyncIterator[FakeZaloOa]:
    async with FakeZaloOa() as fake:
        fake.add_oa(OA_A, SECRET_A)
        fake.add_oa(OA_B, SECRET_B)
        fake.authorising = OA_A
        yield fake


@pytest.fixture
def config(fake: FakeZaloOa, tmp_path: Path) -> Path:
    """A config file without secrets: they come from the environment, as the docs recommend."""
    settings = {
        "database": {"url": database_url(tmp_path / "bot.db")},
        "zalo_oa": {
            "app_id": fake.app_id, "api_base_url": fake.api_url, "oauth_base_url": fake.oauth_url,
            "redirect_uri": CALLBACK,
            "accounts": [{"oa_id": OA_A, "area": AN_BINH, "name": "UBND xã An Bình"},
                         {"oa_id": OA_B, "area": PHU_LOC}],
        },
    }
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    return path


def drop_redirect(config: Path) -> None:
    bare = config.read_text(encoding="utf-8").replace(f"redirect_uri: {CALLBACK}\n", "")
    config.write_text(bare, encoding="utf-8")


def environment(fake: FakeZaloOa) -> dict[str, str]:
    return {**os.environ, "ZALO_OA_APP_SECRET": fake.app_secret, f"ZALO_OA_SECRET_{OA_A}": SECRET_A,
            f"ZALO_OA_SECRET_{OA_B}": SECRET_B}


async def run_cli(fake: FakeZaloOa, *args: str, answer: Callable[[str], Awaitable[str]] | None = None
                  ) -> tuple[int, str, str]:
    """Run ``python -m bot ARGS``; when it prints the permission URL, paste ANSWER(url)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=ROOT, env=environment(fake), stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    printed, paste = "", b""
    if answer is not None:
        while "/v4/oa/permission?" not in printed:
            line = await asyncio.wait_for(process.stdout.readline(), 30)
            assert line, "connect ended before printing the permission URL"
            printed += line.decode()
        url = next(w for w in printed.split() if "/v4/oa/permission?" in w)
        paste = (await answer(url) + "\n").encode()
    out, err = await asyncio.wait_for(process.communicate(paste), 60)
    return process.returncode or 0, printed + out.decode(), err.decode()


async def approve(url: str) -> str:
    """The OA admin opens URL and allows: Zalo sends the browser to the callback, code in the query."""
    query = parse_qs(urlparse(url).query)
    assert query["redirect_uri"] == [CALLBACK] and len(query["code_challenge"][0]) == 43 and query["state"][0]
    async with httpx.AsyncClient() as client:
        response = await client.get(url, follow_redirects=False)
    assert response.status_code == 302 and response.headers["Location"].startswith(CALLBACK + "?code=")
    return response.headers["Location"]


async def test_connect_prints_a_pkce_url_takes_the_code_and_stores_the_tokens(
    fake: FakeZaloOa, config: Path, tmp_path: Path,
) -> None:
    code, out, err = await run_cli(fake, "zalo-oa", "connect", "--oa", OA_A, "--config", str(config), answer=approve)
    assert code == 0, out + err
    assert "Đã kết nối OA UBND xã An Bình" in out and f"OA {OA_A} is connected" in out
    db = await connect(database_url(tmp_path / "bot.db"))
    try:
        tokens = await get_tokens(db, OA_A)
        assert tokens is not None and tokens.access_token in fake.tokens
        assert tokens.access_token not in out + err and tokens.refresh_token not in out + err
        assert await get_tokens(db, OA_B) is None
    finally:
        await db.close()
    code, out, _ = await run_cli(fake, "zalo-oa", "status", "--config", str(config))
    assert code == 0
    assert any(OA_A in line and "token valid until" in line for line in out.splitlines())
    assert any(OA_B in line and "NOT CONNECTED" in line for line in out.splitlines())


async def test_a_pasted_address_from_another_attempt_or_another_oa_is_refused(
    fake: FakeZaloOa, config: Path, tmp_path: Path,
) -> None:
    async def other_attempt(url: str) -> str:
        return (await approve(url)).replace("state=", "state=x")

    code, _, err = await run_cli(fake, "zalo-oa", "connect", "--oa", OA_A, "--config", str(config),
                                 answer=other_attempt)
    assert code == 1 and "state" in err
    fake.authorising = OA_B  # the admin picked the other OA on Zalo's page
    code, _, err = await run_cli(fake, "zalo-oa", "connect", "--oa", OA_A, "--config", str(config), answer=approve)
    assert code == 1 and f"You authorised OA {OA_B}, not {OA_A}" in err

    async def just_the_code(url: str) -> str:
        return parse_qs(urlparse(await approve(url)).query)["code"][0]

    fake.authorising = OA_A
    code, out, err = await run_cli(fake, "zalo-oa", "connect", "--oa", OA_A, "--config", str(config),
                                   answer=just_the_code)
    assert code == 0, out + err


async def test_connect_explains_what_is_missing(fake: FakeZaloOa, config: Path) -> None:
    code, _, err = await run_cli(fake, "zalo-oa", "connect", "--oa", "1999999999999999", "--config", str(config))
    assert code == 2 and "zalo_oa.accounts has no OA 1999999999999999" in err
    drop_redirect(config)
    code, _, err = await run_cli(fake, "zalo-oa", "connect", "--oa", OA_A, "--config", str(config))
    assert code == 2 and "zalo_oa.redirect_uri is not set" in err
