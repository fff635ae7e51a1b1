"""``python -m bot run --worker N``: one of several processes behind a load balancer."""

from __future__ import annotations

import pytest

from bot.cli.main import as_worker
from bot.core.config import Config, ConfigError

HOOK = {"url": "https://bot.example.vn/tg", "secret_token": "a-long-secret", "port": 8500}
ZALO_HOOK = {"url": "https://bot.example.vn/zalo", "secret_token": "another-secret", "port": 8600}


def settings(url: str, mode: str = "webhook") -> Config:
    return Config.model_validate({
        "database": {"url": url},
        "telegram": {"token": "1:abc", "mode": mode, "webhook": HOOK},
        "zalo": {"token": "2:def", "mode": mode, "webhook": ZALO_HOOK},
        "web": {"port": 8080},
    })


def test_each_worker_listens_on_its_own_port() -> None:
    config = as_worker(settings("postgresql://bot@127.0.0.1/bot"), 3)
    assert config.web.port == 8083  # where both channels' webhooks arrive
    assert config.telegram.webhook.url == HOOK["url"]  # the public address stays the load balancer's
    assert as_worker(settings("postgresql://bot@127.0.0.1/bot"), 0).web.port == 8080


def test_several_workers_need_postgresql_and_webhooks() -> None:
    with pytest.raises(ConfigError, match="postgresql"):
        as_worker(settings("sqlite:///data/bot.db"), 1)
    with pytest.raises(ConfigError, match="webhook mode"):
        as_worker(settings("postgresql://bot@127.0.0.1/bot", mode="polling"), 1)
    assert as_worker(settings("sqlite:///data/bot.db", mode="polling"), 0).telegram.mode == "polling"
