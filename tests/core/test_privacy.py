"""Secrets residents should never send are recognised; ordinary messages are not."""

from __future__ import annotations

import pytest

from bot.core.config import mask_token
from bot.core.privacy import Secret, find_secret, mask_digits


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("482913", Secret.OTP),
        ("mã OTP là 4821", Secret.OTP),
        ("ma xac thuc 55120 nhe", Secret.OTP),
        ("số cccd 001099012345", Secret.ID_NUMBER),
        ("0010 9901 2345", Secret.ID_NUMBER),
        ("cmnd 123.456.789", Secret.ID_NUMBER),
        ("mật khẩu của tôi là Lan@1950", Secret.PASSWORD),
        ("mk: abc123", Secret.PASSWORD),
    ],
)
def test_secrets_are_recognised(text: str, secret: Secret) -> None:
    assert find_secret(text) is secret


@pytest.mark.parametrize(
    "text",
    ["cài vneid", "năm 2024 tôi 70 tuổi", "gọi 1900 0368", "quên mật khẩu vneid", "0912345678", "3", "bước 12"],
)
def test_ordinary_messages_are_not_secrets(text: str) -> None:
    assert find_secret(text) is None


def test_long_numbers_keep_only_their_last_digits() -> None:
    assert mask_digits("bà Lan 0912 345 678") == "bà Lan ••••••678"


def test_tokens_are_masked() -> None:
    line = "POST https://api.example/bot123456:ABCDEF/getMe"
    assert "123456:ABCDEF" not in mask_token(line, "123456:ABCDEF")
