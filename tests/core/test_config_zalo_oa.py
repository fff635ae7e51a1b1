"""The zalo_oa block of the config file: secrets from the environment, clear errors for what is missing."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.core.config import ConfigError, load_config

OA = "1234500000000001"


def write(tmp_path: Path, zalo_oa: dict[str, object], **top: object) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump({"zalo_oa": zalo_oa, **top}, allow_unicode=True), encoding="utf-8")
    return path


def test_secrets_come_from_the_environment(tmp_path: Path) -> None:
    path = write(tmp_path, {"app_id": "4400112233", "accounts": [{"oa_id": OA, "area": "99001"}]})
    secrets = {"ZALO_OA_APP_SECRET": "s3cret-app", f"ZALO_OA_SECRET_{OA}": "s3cret-oa-key"}
    config = load_config(path, environ=secrets)
    oa = config.zalo_oa
    assert oa.app_secret == "s3cret-app" and oa.accounts[0].secret_key == "s3cret-oa-key"
    assert (oa.webhook_path, oa.max_event_age) == ("/zalo-oa", 3600)
    assert oa.account(OA) is not None and oa.account("1") is None


def test_what_is_missing_is_named(tmp_path: Path) -> None:
    no_secret = write(tmp_path, {"app_id": "4400112233", "accounts": [{"oa_id": OA, "area": "99001"}]})
    with pytest.raises(ConfigError, match="app_secret"):
        load_config(no_secret, environ={})
    with pytest.raises(ConfigError, match=f"secret_key .* missing for {OA}"):
        load_config(no_secret, environ={"ZALO_OA_APP_SECRET": "s3cret-app"})
    twice = write(tmp_path, {"app_id": "4400112233", "app_secret": "x" * 10, "accounts": [
        {"oa_id": OA, "area": "99001", "secret_key": "k" * 10}, {"oa_id": OA, "area": "99002", "secret_key": "k" * 10}]})
    with pytest.raises(ConfigError, match="listed twice"):
        load_config(twice, environ={})
    letters = write(tmp_path, {"accounts": [{"oa_id": "xã-an-bình", "area": "99001"}]})
    with pytest.raises(ConfigError, match="oa_id"):
        load_config(letters, environ={})


def test_oa_admins_name_the_oa(tmp_path: Path) -> None:
    good = write(tmp_path, {}, admins=[f"zalo_oa:{OA}:5550001"])
    assert load_config(good, environ={}).admins == (f"zalo_oa:{OA}:5550001",)
    with pytest.raises(ConfigError, match="zalo_oa:<oa_id>:<user_id>"):
        load_config(write(tmp_path, {}, admins=["zalo_oa:5550001"]), environ={})
