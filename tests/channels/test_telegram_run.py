"""Running the Telegram channel: ``run`` beside other tasks, webhook mode with its secret token."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import pytest
from fake_telegram import FakeTelegram
from telegram_harness import Resident, TelegramBot, config_for, telegram_config

from bot.app import build_engine, build_services
from bot.channels import telegram
from bot.core.config import Config, ConfigError
from bot.residents.library import GuideLibrary

SECRET = "s3cret-token-for-tests"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_configured_only_with_a_token(fake_telegram: FakeTelegram, tmp_path: Path) -> None:
    assert not telegram.configured(Config())
    assert telegram.configured(telegram_config(fake_telegram, tmp_path / "bot.db"))


async def test_run_serves_until_cancelled_and_unregisters_its_sender(
    fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    services = await build_services(telegram_config(fake_telegram, tmp_path / "bot.db"))
    try:
        task = asyncio.create_task(telegram.run(services, build_engine(services)))
        await fake_telegram.wait_for("getUpdates")
        assert "telegram" in services.senders
        [greeting] = await Resident(fake_telegram, 3001).say("/start")
        assert "Xin chào" in greeting.text
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert "telegram" not in services.senders
    finally:
        await services.db.close()


async def test_webhook_needs_a_public_url(fake_telegram: FakeTelegram, tmp_path: Path) -> None:
    config = telegram_config(fake_telegram, tmp_path / "bot.db", mode="webhook")
    with pytest.raises(ConfigError, match=r"telegram\.webhook\.url"):
        async with TelegramBot(config):
            pass


async def test_a_rejected_token_or_unreachable_server_is_a_clear_config_error(
    fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    wrong = config_for(fake_telegram.base_url, "999:wrong-token", tmp_path / "bot.db")
    with pytest.raises(ConfigError, match=r"telegram\.token: rejected"):
        async with TelegramBot(wrong):
            pass
    nowhere = config_for(f"http://127.0.0.1:{free_port()}/bot", "999:some-token-here", tmp_path / "bot.db")
    with pytest.raises(ConfigError, match=r"cannot reach the Bot API .* telegram\.base_url") as caught:
        async with TelegramBot(nowhere):
            pass
    assert "some-token-here" not in str(caught.value)


async def test_webhook_processes_updates_with_the_secret_and_refuses_others(
    fake_telegram: FakeTelegram, tmp_path: Path, guide_library: GuideLibrary
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/tg-hook"
    hook = {"url": url, "path": "tg-hook", "secret_token": SECRET}
    web = {"listen": "127.0.0.1", "port": port}
    config = telegram_config(fake_telegram, tmp_path / "bot.db", mode="webhook", webhook=hook, web=web)
    async with TelegramBot(config, guide_library):
        assert fake_telegram.webhook == {"url": url, "secret_token": SECRET}
        lan = Resident(fake_telegram, 3002)
        [greeting] = await lan.say("/start")  # the fake pushes it with the secret header
        assert "Xin chào" in greeting.text and fake_telegram.webhook_statuses == [200]

        mark = fake_telegram.mark()
        forged = {"update_id": 999, "message": {
            "message_id": 77, "date": 1_780_000_000, "chat": {"id": 3003, "type": "private"},
            "from": {"id": 3003, "is_bot": False, "first_name": "Kẻ giả"}, "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        }}
        assert await fake_telegram.post_update(forged, "wrong-secret-123") == 403
        assert await fake_telegram.post_update(forged, None) == 403
        [menu] = await lan.say("/menu")  # served after the forged posts, which produced nothing
        assert "cần hướng dẫn" in menu.text
        assert fake_telegram.calls_to("sendMessage", chat_id=3003, after=mark) == []
