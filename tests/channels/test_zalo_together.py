"""Telegram and Zalo served by one process: one engine, one database, messages across channels."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import pytest
from databases import database_url
from fake_telegram import FakeTelegram
from fake_zalo import FakeZalo, user_id
from telegram_harness import Resident
from zalo_harness import GUIDES

from bot.app import build_engine, build_services
from bot.channels import telegram, zalo
from bot.core.config import Config
from bot.core.messages import Address, Reply
from storage import people

U = user_id(7)


async def test_both_channels_run_beside_each_other_on_one_database(
    fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    async with FakeZalo() as fake_zalo:
        config = Config.model_validate({
            "telegram": {"token": fake_telegram.token, "base_url": fake_telegram.base_url},
            "zalo": {"token": fake_zalo.token, "base_url": fake_zalo.base_url, "poll_timeout": 1},
            "database": {"url": database_url(tmp_path / "bot.db")}, "guides": {"dir": str(GUIDES)},
        })
        assert telegram.configured(config) and zalo.configured(config)
        services = await build_services(config)
        engine = build_engine(services)
        tasks = [asyncio.create_task(module.run(services, engine)) for module in (telegram, zalo)]
        try:
            await fake_telegram.wait_for("getUpdates")
            await fake_zalo.wait_for("getUpdates")
            [greeting] = await Resident(fake_telegram, 4001).say("/start")
            assert "Xin chào" in greeting.text
            fake_zalo.text(U, "xin chào")
            [hello] = await fake_zalo.wait_for("sendMessage", chat_id=U)
            assert "trợ lý tự động" in hello.text and "Gõ số để chọn:\n1. " in hello.text

            on_telegram = await people.find_person(services.db, "telegram", "4001")
            on_zalo = await people.find_person(services.db, "zalo", U)
            assert on_telegram is not None and on_zalo is not None and on_telegram.id != on_zalo.id

            # A team alert produced on one channel reaches a person on the other.
            mark = fake_zalo.mark()
            await engine.deliver(Address("zalo", U, U), Reply("🙋 Tổ công nghệ số sẽ đến giúp bạn chiều nay."))
            assert fake_zalo.texts(U, after=mark) == ["🙋 Tổ công nghệ số sẽ đến giúp bạn chiều nay."]
            await engine.deliver(Address("telegram", "4001", "4001"), Reply("Có yêu cầu mới từ Zalo."))
            sent = await fake_telegram.wait_for("sendMessage", 2, chat_id=4001)  # the greeting, then the alert
            assert sent[-1].text == "Có yêu cầu mới từ Zalo."
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await services.db.close()
        assert "zalo" not in services.senders and "telegram" not in services.senders


def test_zalo_is_configured_only_with_a_token() -> None:
    assert not zalo.configured(Config())
    assert zalo.configured(Config.model_validate({"zalo": {"token": "1:abc"}}))
    with pytest.raises(ValueError, match="secret_token"):
        Config.model_validate({"zalo": {"token": "1:abc", "mode": "webhook"}})
