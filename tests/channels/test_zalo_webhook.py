"""The Zalo webhook server: real HTTP posts with right and wrong secrets, real-shaped bodies."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fake_zalo import FakeZalo, free_port, update, user_id
from zalo_harness import ZaloBot, zalo_config

from bot.channels.zalo_updates import RecentIds
from bot.channels.zalo_webhook import SECRET_HEADER
from bot.residents.library import GuideLibrary

U, V = user_id(1), user_id(2)
SECRET = "mat-khau-Webhook_42"
PUBLIC = "https://bot.example.vn/zalo"


@pytest.fixture
async def fake() -> AsyncIterator[FakeZalo]:
    async with FakeZalo() as fake:
        yield fake


@pytest.fixture
async def bot(fake: FakeZalo, tmp_path: Path, guide_library: GuideLibrary) -> AsyncIterator[ZaloBot]:
    hook = {"url": PUBLIC, "secret_token": SECRET}
    web = {"listen": "127.0.0.1", "port": free_port()}
    config = zalo_config(fake, tmp_path / "bot.db", mode="webhook", webhook=hook, web=web)
    async with ZaloBot(fake, config, via_run=True, library=guide_library) as bot, httpx.AsyncClient() as client:
        for _ in range(200):  # until the server listens
            try:
                if (await client.get(url(bot, "/healthz/zalo"))).status_code == 200:
                    break
            except httpx.ConnectError:
                pass
            await asyncio.sleep(0.01)
        yield bot


def url(bot: ZaloBot, path: str = "/zalo") -> str:
    return f"http://127.0.0.1:{bot.config.web.port}{path}"


async def post(bot: ZaloBot, body: Any, secret: str | None = SECRET, path: str = "/zalo") -> httpx.Response:
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    async with httpx.AsyncClient() as client:
        return await client.post(url(bot, path), content=content,
                                 headers={**headers, "Content-Type": "application/json"})


async def answered(bot: ZaloBot, body: Any, chat: str = U) -> str:
    """POST BODY with the right secret and return what the bot sent to CHAT."""
    mark, seen = bot.fake.mark(), bot.seen()
    response = await post(bot, body)
    assert response.status_code == 200
    await bot.settle(seen + 1)
    return "\n\n".join(bot.fake.texts(chat, after=mark))


async def test_start_registers_the_public_url_with_the_secret(bot: ZaloBot, fake: FakeZalo) -> None:
    assert [c.params for c in fake.calls_to("setWebhook")] == [{"url": PUBLIC, "secret_token": SECRET}]
    assert not fake.calls_to("getUpdates")


async def test_right_secret_wrapped_and_bare_bodies_are_processed(bot: ZaloBot) -> None:
    wrapped = {"ok": True, "result": update("message.text.received", U, text="xin chào")}
    assert "trợ lý tự động" in await answered(bot, wrapped)
    bare = update("message.text.received", V, text="xin chào")
    assert "trợ lý tự động" in await answered(bot, bare, chat=V)
    assert "chọn một hướng dẫn" in await answered(bot, update("message.text.received", V, text="1"), chat=V)


async def test_wrong_or_missing_secret_is_refused_and_never_processed(bot: ZaloBot, fake: FakeZalo) -> None:
    body = update("message.text.received", U, text="xin chào")
    assert (await post(bot, body, secret="mat-khau-Webhook_43")).status_code == 403
    assert (await post(bot, body, secret=None)).status_code == 403
    assert (await post(bot, body, secret="")).status_code == 403
    await asyncio.sleep(0.05)
    assert bot.seen() == 0 and not fake.calls_to("sendMessage")


async def test_duplicate_message_ids_are_dropped(bot: ZaloBot, fake: FakeZalo) -> None:
    body = update("message.text.received", U, text="xin chào", message_id="5eed5eed")
    assert "trợ lý tự động" in await answered(bot, body)
    again = await post(bot, body)
    assert again.status_code == 200 and again.json()["accepted"] is False
    # After a restart the in-memory list is empty; the engine's stored ids still drop the redelivery.
    bot.channel.recent = RecentIds()
    assert await answered(bot, body) == ""
    assert len(fake.texts(U)) == 1


async def test_oversized_and_malformed_bodies(bot: ZaloBot) -> None:
    big = update("message.text.received", U, text="x" * 70_000)
    assert (await post(bot, big)).status_code == 413

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: the cap applies while reading
        for _ in range(80):
            yield b" " * 1024

    async with httpx.AsyncClient() as client:
        streamed = await client.post(url(bot), content=chunks(), headers={SECRET_HEADER: SECRET})
    assert streamed.status_code == 413
    assert (await post(bot, b"{not json")).status_code == 400
    no_update = await post(bot, {"ok": True, "result": {"hello": "world"}})
    assert no_update.status_code == 200 and no_update.json()["accepted"] is False
    assert (await post(bot, update("message.text.received", U, text="hi"), path="/other")).status_code == 404
    assert bot.channel.stats["received"] == 0


async def test_answers_200_at_once_and_works_in_the_background(bot: ZaloBot, fake: FakeZalo) -> None:
    fake.delays["sendMessage"] = 0.5
    started = time.monotonic()
    response = await post(bot, update("message.text.received", U, text="xin chào"))
    assert response.status_code == 200 and time.monotonic() - started < 0.4
    assert not fake.texts(U)
    sent = await fake.wait_for("sendMessage", chat_id=U)
    assert "trợ lý tự động" in sent[0].text


async def test_health_endpoint(bot: ZaloBot) -> None:
    await answered(bot, update("message.text.received", U, text="xin chào"))
    async with httpx.AsyncClient() as client:
        health = await client.get(url(bot, "/healthz/zalo"))
    assert health.status_code == 200
    assert health.json() == {"ok": True, "channel": "zalo", "mode": "webhook", "pending": 0, "received": 1,
                             "sent": 1}


async def test_same_url_is_not_registered_twice(fake: FakeZalo, tmp_path: Path,
                                                guide_library: GuideLibrary) -> None:
    fake.webhook = {"url": PUBLIC, "secret_token": SECRET, "updated_at": 1}
    hook = {"url": PUBLIC, "secret_token": SECRET}
    web = {"listen": "127.0.0.1", "port": free_port()}
    config = zalo_config(fake, tmp_path / "bot.db", mode="webhook", webhook=hook, web=web)
    async with ZaloBot(fake, config, library=guide_library):
        await fake.wait_for("getWebhookInfo")
        await asyncio.sleep(0.05)
    assert not fake.calls_to("setWebhook")
