"""Secrets residents should never send are recognised; ordinary messages and look-alikes are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.config import mask_token
from bot.core.privacy import Secret, find_secret, mask_digits, redact, redacted

CORPUS = Path(__file__).resolve().parents[1] / "data" / "secrets.tsv"


def corpus(path: Path = CORPUS) -> list[tuple[str, str]]:
    """(kind, text) rows: kind is otp, id_number, password, or - for a harmless look-alike."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and not line.startswith("kind\t"):
            kind, text = line.split("\t", 1)
            rows.append((kind, text))
    return rows


ROWS = corpus()


def test_the_corpus_holds_at_least_a_hundred_of_each() -> None:
    assert sum(1 for kind, _ in ROWS if kind != "-") >= 100
    assert sum(1 for kind, _ in ROWS if kind == "-") >= 100
    assert {kind for kind, _ in ROWS} == {"otp", "id_number", "password", "-"}


@pytest.mark.parametrize(("kind", "text"), [row for row in ROWS if row[0] != "-"])
def test_every_secret_is_recognised_as_its_kind(kind: str, text: str) -> None:
    assert find_secret(text) is Secret(kind)


@pytest.mark.parametrize("text", [text for kind, text in ROWS if kind == "-"])
def test_no_look_alike_is_taken_for_a_secret(text: str) -> None:
    assert find_secret(text) is None


def test_a_redacted_update_keeps_everything_but_the_secret() -> None:
    update = {"update_id": 7, "message": {
        "message_id": 3, "chat": {"id": 42, "type": "private"}, "from": {"id": 42, "first_name": "Bà Lan"},
        "text": "mã otp của tôi là 482913", "entities": [{"type": "bot_command", "offset": 0, "length": 4}],
    }}
    clean, changed = redact(update)
    assert changed and clean["message"]["text"] == redacted(Secret.OTP)
    assert find_secret(clean["message"]["text"]) is Secret.OTP  # the engine still warns the person
    assert "482913" not in str(clean)
    assert clean["message"]["from"] == update["message"]["from"] and clean["update_id"] == 7
    assert update["message"]["text"] == "mã otp của tôi là 482913"  # the original is not touched

    caption = {"message": {"photo": [{"file_id": "x"}], "caption": "cccd 001099012345"}}
    assert redact(caption)[0]["message"]["caption"] == redacted(Secret.ID_NUMBER)
    harmless = {"message": {"text": "quên mật khẩu vneid", "chat_instance": "-1234567890123456789"}}
    assert redact(harmless) == (harmless, False)


def test_long_numbers_keep_only_their_last_digits() -> None:
    assert mask_digits("bà Lan 0912 345 678") == "bà Lan ••••••678"


def test_tokens_are_masked() -> None:
    line = "POST https://api.example/bot123456:ABCDEF/getMe"
    assert "123456:ABCDEF" not in mask_token(line, "123456:ABCDEF")
