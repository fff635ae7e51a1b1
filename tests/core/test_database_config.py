"""database.url chooses SQLite or PostgreSQL; database.path keeps working for SQLite files."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.config import ConfigError, load_config


def config_with(tmp_path: Path, block: str) -> Path:
    file = tmp_path / "config.yaml"
    file.write_text(f"database:\n{block}", encoding="utf-8")
    return file


def test_the_default_is_a_sqlite_file_beside_the_config(tmp_path: Path) -> None:
    config = load_config(config_with(tmp_path, "  pool_size: 10\n"), environ={})
    assert config.database.url == f"sqlite:///{tmp_path / 'data' / 'bot.db'}"
    assert config.database.sqlite_path == str(tmp_path / "data" / "bot.db")


def test_path_still_names_a_sqlite_file(tmp_path: Path) -> None:
    config = load_config(config_with(tmp_path, "  path: old/bot.db\n"), environ={})
    assert config.database.url == f"sqlite:///{tmp_path / 'old' / 'bot.db'}"


def test_a_postgresql_url_is_kept_as_it_is(tmp_path: Path) -> None:
    config = load_config(config_with(tmp_path, "  url: postgresql://bot:pw@127.0.0.1/bot\n"), environ={})
    assert config.database.url == "postgresql://bot:pw@127.0.0.1/bot" and config.database.sqlite_path is None


@pytest.mark.parametrize(("block", "message"), [
    ("  url: mysql://x/y\n", "must start with sqlite:/// (a file) or postgresql://"),
    ("  url: sqlite:///a.db\n  path: b.db\n", "either database.url or database.path"),
    ("  pool_size: 2\n", "database.pool_size"),
])
def test_wrong_database_settings_are_named(tmp_path: Path, block: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_config(config_with(tmp_path, block), environ={})
