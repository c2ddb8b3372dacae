"""Typed settings, read once from the environment and `.env` (see `.env.example`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TELEGRAM_API_BASE_URL = "https://api.telegram.org/bot"
WEBHOOK_PORT = 8080  # HTTP_PORT in webhook mode when it is not set
SECRET_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,256}")  # Telegram's rule for a webhook secret_token


class ConfigError(Exception):
    """A setting is missing or wrong; the message names it in one line."""


class Settings(BaseSettings):
    """Everything the bot can be configured with. Each field is one environment variable."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = TELEGRAM_API_BASE_URL
    database_url: str = "sqlite:///data/coach.sqlite3"
    content_dir: Path = PROJECT_ROOT / "content"
    cache_dir: Path = PROJECT_ROOT / "data" / "cache"
    admin_user_ids: Annotated[frozenset[int], NoDecode] = Field(default_factory=frozenset)
    log_level: str = "INFO"
    outbox_messages_per_second: float = Field(default=25.0, gt=0, le=1000)
    outbox_chat_messages_per_second: float = Field(default=1.0, gt=0, le=100)
    http_port: int | None = Field(default=None, ge=1, le=65535)
    http_host: str = "127.0.0.1"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        token = value.get_secret_value().strip()
        bot_id, sep, secret = token.partition(":")
        if not (sep and bot_id.isdigit() and len(secret) >= 10):
            raise ValueError("expected the form 123456789:AA... that @BotFather gives")
        return SecretStr(token)

    @field_validator("telegram_api_base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("database_url")
    @classmethod
    def _sqlite_only(cls, value: str) -> str:
        if not value.startswith("sqlite:///"):
            raise ValueError("only sqlite:///path/to/file.sqlite3 is supported")
        return value

    @field_validator("admin_user_ids", mode="before")
    @classmethod
    def _id_list(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p for p in value.replace(";", ",").replace(" ", ",").split(",") if p]
            if not all(p.lstrip("-").isdigit() for p in parts):
                raise ValueError("expected Telegram user ids separated by commas")
            return frozenset(int(p) for p in parts)
        return value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        url = value.strip()
        if not url.startswith("https://") or len(url) <= len("https://"):
            raise ValueError("must be the public https:// address Telegram posts updates to")
        return url

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        if not SECRET_SHAPE.fullmatch(value.get_secret_value().strip()):
            raise ValueError("expected 1-256 characters, each A-Z, a-z, 0-9, _ or -")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("expected one of DEBUG, INFO, WARNING, ERROR")
        return level

    @property
    def webhook(self) -> tuple[str, str] | None:
        """(WEBHOOK_URL, WEBHOOK_SECRET) in webhook mode; None to long-poll."""
        if self.webhook_url is None or self.webhook_secret is None:
            return None
        return self.webhook_url, self.webhook_secret.get_secret_value()

    @property
    def http_address(self) -> tuple[str, int] | None:
        """Where /healthz, /metrics (and the webhook) are served: HTTP_HOST and HTTP_PORT,
        which defaults to 8080 in webhook mode; None: not served."""
        port = self.http_port or (WEBHOOK_PORT if self.webhook is not None else None)
        return (self.http_host, port) if port else None

    @property
    def database_path(self) -> Path:
        """The SQLite file named by DATABASE_URL, relative paths from the working directory."""
        return Path(self.database_url.removeprefix("sqlite:///"))


def load_settings(env_file: Path | None = Path(".env")) -> Settings:
    """Read the settings, or raise ConfigError naming the first bad variable (a webhook
    setting without the other one names the one that is missing)."""
    try:
        settings = Settings(_env_file=env_file)  # type: ignore[call-arg]
    except ValidationError as exc:
        error = exc.errors()[0]
        name = str(error["loc"][0]).upper() if error["loc"] else "settings"
        raise ConfigError(f"{name}: {error['msg']}") from None
    if (settings.webhook_url is None) != (settings.webhook_secret is None):
        missing, given = ("WEBHOOK_SECRET", "WEBHOOK_URL")
        if settings.webhook_url is None:
            missing, given = given, missing
        raise ConfigError(
            f"{missing}: not set, but {given} is; set both for webhook mode, or neither to poll"
        )
    return settings
