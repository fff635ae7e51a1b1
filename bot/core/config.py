"""Configuration: one YAML file validated by pydantic, environment variables for secrets."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator


class ConfigError(Exception):
    """A configuration problem, phrased for the person who edits the file."""


class StartupError(Exception):
    """Something outside the configuration stops the bot from starting (a full disk); one line for the log."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Webhook(_Strict):
    # Kept so older config files still load: webhooks are now served by the one web server (web.listen, web.port).
    listen: str = "0.0.0.0"
    port: int = Field(8443, ge=1, le=65535)
    url: str | None = None
    path: str = ""
    secret_token: str | None = Field(None, min_length=8, max_length=256)


class TelegramConfig(_Strict):
    token: str | None = None
    base_url: str | None = None
    mode: Literal["polling", "webhook"] = "polling"
    webhook: Webhook = Webhook()
    # Replies are not capped, so the wait on the network decides: 16 in flight answer ~3× more people a second
    # than 4 at 30 ms per call and cost nothing without latency (bench/bench_telegram.py --concurrency 4 16).
    concurrent_updates: int = Field(16, ge=1, le=256)


class ZaloConfig(_Strict):
    token: str | None = None
    base_url: str = "https://bot-api.zaloplatforms.com/bot"
    webhook: Webhook = Webhook(port=8444)
    mode: Literal["polling", "webhook"] = "polling"  # after webhook: its check needs the webhook block
    images_base_url: str | None = None
    messages_per_second: float = Field(5.0, gt=0)
    poll_timeout: int = Field(30, ge=1, le=60)  # seconds getUpdates waits for a message

    @field_validator("webhook", mode="before")
    @classmethod
    def _own_default_port(cls, value: Any) -> Any:
        # Telegram's webhook defaults to 8443; Zalo's must not collide with it when both run.
        if isinstance(value, dict) and "port" not in value:
            return {**value, "port": 8444}
        return value

    @field_validator("webhook")
    @classmethod
    def _public_url(cls, value: Webhook) -> Webhook:
        if value.url is not None and not value.url.startswith("https://"):
            raise ValueError("url must be a public https:// address")
        # It travels in an HTTP header, which only carries plain ASCII.
        secret = value.secret_token
        if secret is not None and not (secret.isascii() and secret.isprintable() and " " not in secret):
            raise ValueError("secret_token may use only letters, digits and symbols without accents or spaces")
        return value

    @field_validator("mode")
    @classmethod
    def _webhook_needs_secret(cls, value: str, info: Any) -> str:
        # Without the secret anyone who finds the URL could post fake messages.
        hook = info.data.get("webhook")
        if value == "webhook" and isinstance(hook, Webhook) and not hook.secret_token:
            raise ValueError("webhook mode needs zalo.webhook.secret_token (8–256 characters)")
        return value

    @field_validator("images_base_url")
    @classmethod
    def _public_https(cls, value: str | None) -> str | None:
        # Zalo fetches photos itself, and only from public HTTPS addresses.
        if value is None or not value.strip():
            return None
        if not value.startswith("https://"):
            raise ValueError("must start with https:// (Zalo only fetches photos from public HTTPS URLs)")
        return value.rstrip("/")


class ZaloOaAccount(_Strict):
    """One Official Account under the Zalo app, tied to the commune or province it speaks for."""

    oa_id: str = Field(pattern=r"^\d{5,30}$")
    area: str = Field(min_length=2, max_length=20)  # commune or province code (checked against the areas at start)
    secret_key: str | None = Field(None, min_length=8)  # the OA Secret Key that signs webhooks; ZALO_OA_SECRET_<oa_id>
    name: str = ""
    monthly_quota: int = Field(1000, ge=0)  # proactive messages a month, when the quota endpoint cannot be read


class ZaloOaConfig(_Strict):
    app_id: str | None = Field(None, pattern=r"^\d{5,30}$")
    app_secret: str | None = None  # the app's Secret Key (OAuth calls); ZALO_OA_APP_SECRET
    api_base_url: str = "https://openapi.zalo.me"
    oauth_base_url: str = "https://oauth.zaloapp.com"
    redirect_uri: str | None = None  # the callback URL registered for the app (OAuth)
    webhook_path: str = Field("/zalo-oa", pattern=r"^/[A-Za-z0-9/_-]*$")  # answered by the web server
    max_event_age: int = Field(3600, ge=60, le=86_400)  # seconds; older signed events are refused as stale
    messages_per_second: float = Field(10.0, gt=0)  # per OA
    accounts: tuple[ZaloOaAccount, ...] = ()

    @field_validator("accounts")
    @classmethod
    def _distinct(cls, value: tuple[ZaloOaAccount, ...]) -> tuple[ZaloOaAccount, ...]:
        ids = [a.oa_id for a in value]
        if len(ids) != len(set(ids)):
            raise ValueError("an oa_id is listed twice")
        return value

    @model_validator(mode="after")
    def _complete(self) -> ZaloOaConfig:
        if self.accounts and not (self.app_id and self.app_secret):
            raise ValueError("app_id and app_secret (or ZALO_OA_APP_SECRET) are needed once accounts are listed")
        missing = [a.oa_id for a in self.accounts if not a.secret_key]
        if missing:
            raise ValueError(f"secret_key (or ZALO_OA_SECRET_<oa_id>) is missing for {', '.join(missing)}")
        return self

    def account(self, oa_id: str) -> ZaloOaAccount | None:
        return next((a for a in self.accounts if a.oa_id == oa_id), None)


class DatabaseConfig(_Strict):
    """``url``: ``sqlite:///data/bot.db`` (a file beside the config) or ``postgresql://user@host/db``.
    ``path`` is the older spelling of a SQLite file and still works."""

    url: str = "sqlite:///data/bot.db"
    pool_size: int = Field(20, ge=4, le=500)  # PostgreSQL connections per worker process

    @model_validator(mode="before")
    @classmethod
    def _path_is_a_sqlite_url(cls, value: Any) -> Any:
        if isinstance(value, dict) and "path" in value:
            value = dict(value)
            path = value.pop("path")
            if "url" in value:
                raise ValueError("give either database.url or database.path, not both")
            value["url"] = f"sqlite:///{path}"
        return value

    @field_validator("url")
    @classmethod
    def _known_engine(cls, value: str) -> str:
        if not value.startswith(("sqlite:///", "postgresql://", "postgres://")):
            raise ValueError("must start with sqlite:/// (a file) or postgresql:// (a server)")
        return value

    @property
    def sqlite_path(self) -> str | None:
        """The SQLite file (or ``:memory:``), None on PostgreSQL."""
        return self.url[len("sqlite:///"):] if self.url.startswith("sqlite:///") else None


class GuidesConfig(_Strict):
    dir: str = str(Path(__file__).resolve().parents[2] / "guides")


class HelpRequestsConfig(_Strict):
    remind_after_minutes: int = Field(120, ge=1)
    escalate_after_minutes: int = Field(1440, ge=1)


class BroadcastConfig(_Strict):
    telegram_per_second: float = Field(25.0, gt=0, le=30)
    max_attempts: int = Field(5, ge=1)


class DigestConfig(_Strict):
    enabled: bool = True
    weekday: int = Field(0, ge=0, le=6)
    time: str = "08:00"

    @field_validator("time")
    @classmethod
    def _time_of_day(cls, value: str) -> str:
        hour, _, minute = value.partition(":")
        if not (len(hour) == len(minute) == 2 and hour.isdigit() and minute.isdigit()
                and int(hour) < 24 and int(minute) < 60):
            raise ValueError(f"{value!r} is not a time of day like 08:00 (hours 00–23, minutes 00–59)")
        return value


class WebConfig(_Strict):
    """The one web server: webhooks, guide pages, signed report downloads and dashboards."""

    enabled: bool = False  # also started whenever a channel runs in webhook mode
    listen: str = "0.0.0.0"
    port: int = Field(8080, ge=1, le=65535)
    public_url: str | None = None  # https://bot.example.vn: printed in QR codes and signed links
    secret: str | None = Field(None, min_length=32)  # signs download and dashboard links; WEB_SECRET overrides
    link_hours: int = Field(24, ge=1, le=24 * 30)  # how long a report download link works
    dashboard_days: int = Field(7, ge=1, le=90)  # how long a dashboard link works
    max_body_kb: int = Field(64, ge=1, le=10_240)  # larger requests are refused (webhook updates are small)
    # Where residents reach the bot, for posters and guide pages; empty = not shown.
    zalo_oa_url: str | None = None  # https://zalo.me/<OA id>
    zalo_bot_url: str | None = None  # the Bot Platform account's share link
    telegram_bot: str | None = Field(None, pattern=r"^[A-Za-z][A-Za-z0-9_]{3,31}$")  # username, without @

    @field_validator("public_url", "zalo_oa_url", "zalo_bot_url")
    @classmethod
    def _address(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip().rstrip("/")
        local = value.startswith(("http://127.0.0.1", "http://localhost"))
        if not value.startswith("https://") and not local:
            raise ValueError("must start with https:// (phones and Zalo open public HTTPS addresses only)")
        return value

    @property
    def links_ready(self) -> bool:
        """Signed links need both the public address and the secret."""
        return bool(self.public_url and self.secret)


class MediaConfig(_Strict):
    voice: bool = True  # read steps aloud where espeak-ng and ffmpeg are installed
    voice_name: Literal["vi", "vi-vn-x-central", "vi-vn-x-south"] = "vi"  # espeak-ng's Vietnamese voices
    ocr: bool = True  # read photos of error screens where tesseract and its Vietnamese data are installed
    cache_dir: str = "data/voice"  # voice clips, made once per step text


class Config(_Strict):
    telegram: TelegramConfig = TelegramConfig()
    zalo: ZaloConfig = ZaloConfig()
    zalo_oa: ZaloOaConfig = ZaloOaConfig()
    database: DatabaseConfig = DatabaseConfig()
    guides: GuidesConfig = GuidesConfig()
    locale: Literal["vi", "en"] = "vi"
    timezone: str = "Asia/Ho_Chi_Minh"
    admins: tuple[str, ...] = ()
    help_requests: HelpRequestsConfig = HelpRequestsConfig()
    broadcast: BroadcastConfig = BroadcastConfig()
    digest: DigestConfig = DigestConfig()
    media: MediaConfig = MediaConfig()
    web: WebConfig = WebConfig()

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("admins")
    @classmethod
    def _qualified_ids(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            channel, _, user = item.partition(":")
            if channel not in ("telegram", "zalo", "zalo_oa", "console") or not user:
                raise ValueError(f"{item!r} is not a channel-qualified id such as telegram:123456789")
            if channel == "zalo_oa" and not all(user.partition(":")[::2]):
                # Zalo user ids are per Official Account, so the account is part of the id.
                raise ValueError(f"{item!r}: write Zalo OA ids as zalo_oa:<oa_id>:<user_id>")
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def pid_file(self) -> Path | None:
        """Where the running bot writes its process id (for ``guides reload``): beside the database file."""
        path = self.database.sqlite_path
        return None if path is None or path == ":memory:" else Path(f"{path}.pid")


def _describe(error: ValidationError) -> str:
    lines = []
    for item in error.errors():
        key = ".".join(str(part) for part in item["loc"]) or "(top level)"
        lines.append(f"{key}: {item['msg'].removeprefix('Value error, ')}")
    return "; ".join(lines)


def load_config(path: str | Path | None, environ: dict[str, str] | None = None) -> Config:
    """Read FILE (or defaults when None), apply env overrides, and validate."""
    env = os.environ if environ is None else environ
    raw: dict[str, Any] = {}
    if path is not None:
        file = Path(path)
        if not file.is_file():
            raise ConfigError(f"{file}: config file not found (copy config.example.yaml to start)")
        try:
            loaded = yaml.safe_load(file.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise ConfigError(f"{file}: not valid YAML: {exc}") from exc
        if loaded is not None and not isinstance(loaded, dict):
            raise ConfigError(f"{file}: the top level must be a mapping of keys")
        raw = loaded or {}
    for env_key, section in (("TELEGRAM_BOT_TOKEN", "telegram"), ("ZALO_BOT_TOKEN", "zalo")):
        if env.get(env_key):
            block = raw.get(section) or {}
            if not isinstance(block, dict):
                raise ConfigError(f"{section}: must be a mapping")
            raw[section] = {**block, "token": env[env_key]}
    if env.get("WEB_SECRET"):
        block = raw.get("web") or {}
        if not isinstance(block, dict):
            raise ConfigError("web: must be a mapping")
        raw["web"] = {**block, "secret": env["WEB_SECRET"]}
    _oa_secrets(raw, env)
    try:
        config = Config.model_validate(raw)
    except ValidationError as exc:
        where = f"{path}: " if path else ""
        raise ConfigError(where + _describe(exc)) from exc
    if path is None:
        return config
    # Relative paths in a config file are relative to that file, not to where the bot was started.
    base = Path(path).resolve().parent
    database = config.database
    if database.sqlite_path is not None:
        database = database.model_copy(update={"url": f"sqlite:///{_beside(base, database.sqlite_path)}"})
    return config.model_copy(update={
        "database": database,
        "guides": GuidesConfig(dir=_beside(base, config.guides.dir)),
        "media": config.media.model_copy(update={"cache_dir": _beside(base, config.media.cache_dir)}),
    })


def _oa_secrets(raw: dict[str, Any], env: Mapping[str, str]) -> None:
    """ZALO_OA_APP_SECRET and ZALO_OA_SECRET_<oa_id> fill the Zalo OA secrets, so the file need not hold them."""
    block = raw.get("zalo_oa")
    if not isinstance(block, dict):
        return
    if env.get("ZALO_OA_APP_SECRET"):
        block["app_secret"] = env["ZALO_OA_APP_SECRET"]
    for account in block.get("accounts") or []:
        if isinstance(account, dict) and env.get(f"ZALO_OA_SECRET_{account.get('oa_id')}"):
            account["secret_key"] = env[f"ZALO_OA_SECRET_{account.get('oa_id')}"]


def _beside(base: Path, value: str) -> str:
    return value if value == ":memory:" or Path(value).is_absolute() else str(base / value)


def mask_token(text: str, *tokens: str | None) -> str:
    """Hide secrets before text reaches a log line."""
    for token in tokens:
        if token:
            text = text.replace(token, token[:4] + "…" if len(token) > 8 else "…")
    return text
