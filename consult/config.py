"""Settings: defaults, then the environment. Nothing is read at import time."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """The app cannot start safely with these settings."""


def _flag(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key(instance_path: Path, environment: str) -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if environment == "production":
        raise ConfigError("SECRET_KEY must be set when CONSULT_ENV=production.")
    # Local use: one random key per installation, kept so sessions survive a restart.
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def load(instance_path: Path) -> dict:
    """Build the configuration mapping from the process environment."""
    environment = os.environ.get("CONSULT_ENV", "development")
    is_production = environment == "production"
    mail_server = os.environ.get("MAIL_SERVER", "")
    return {
        "CONSULT_ENV": environment,
        "SECRET_KEY": _secret_key(instance_path, environment),
        "SQLALCHEMY_DATABASE_URI": os.environ.get(
            "DATABASE_URL", f"sqlite:///{instance_path / 'consult.sqlite'}"
        ),
        # hide_parameters: a database error's message, and so the logged traceback, would otherwise quote
        # the values of the statement: reaction texts, names, e-mail addresses.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
        # SQLite only: how long a writer waits for another's write to finish before giving up.
        "SQLITE_BUSY_TIMEOUT": float(os.environ.get("SQLITE_BUSY_TIMEOUT", "15")),
        "PORT": int(os.environ.get("PORT", "5000")),
        "BASE_URL": os.environ.get("BASE_URL", ""),
        "MAIL_SERVER": mail_server,
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _flag(os.environ.get("MAIL_USE_TLS")),
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_DEFAULT_SENDER", "consult@localhost"),
        "MAIL_MAX_ATTEMPTS": int(os.environ.get("MAIL_MAX_ATTEMPTS", "10")),
        # Without an SMTP server outside production, mail lands in the development mailbox page.
        "DEV_MAILBOX": not mail_server and not is_production,
        # NL Design System theme: a municipality puts its own tokens CSS under static/ and names it here.
        "THEME_STYLESHEET": os.environ.get("THEME_STYLESHEET", "vendor/voorbeeld-theme.css"),
        "THEME_CLASS": os.environ.get("THEME_CLASS", "voorbeeld-theme"),
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam",
        "BABEL_TRANSLATION_DIRECTORIES": str(PROJECT_ROOT / "translations"),
        "LANGUAGES": ("nl", "en"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": is_production,
        "REMEMBER_COOKIE_SECURE": is_production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "PASSWORD_RESET_MAX_AGE": 3600,
        # Officials and admins log in with a TOTP app too; always in production. The demo leaves it
        # off unless TWO_FACTOR=true, so a first look needs no authenticator app.
        "REQUIRE_TWO_FACTOR": is_production or _flag(os.environ.get("TWO_FACTOR")),
        "STAFF_IDLE_MINUTES": int(os.environ.get("STAFF_IDLE_MINUTES", "30")),
        "STAFF_MAX_HOURS": int(os.environ.get("STAFF_MAX_HOURS", "12")),
        "REAUTH_MINUTES": int(os.environ.get("REAUTH_MINUTES", "15")),
        # A request may carry several attachments; each file is checked against MAX_ATTACHMENT_SIZE
        # by the form, so that a too-large file gets a message beside the field, not a bare 413.
        "MAX_CONTENT_LENGTH": 60 * 1024 * 1024,
        "MAX_ATTACHMENT_SIZE": int(os.environ.get("MAX_ATTACHMENT_SIZE", str(10 * 1024 * 1024))),
        "UPLOAD_FOLDER": os.environ.get("UPLOAD_FOLDER", str(instance_path / "uploads")),
        "FILES_FOLDER": os.environ.get("FILES_FOLDER", str(instance_path / "files")),
        "CONFIRMATION_MAX_AGE": 7 * 24 * 3600,
        # Personal data in reactions is removed this many days after the consultation's decision.
        "PERSONAL_DATA_RETENTION_DAYS": int(os.environ.get("PERSONAL_DATA_RETENTION_DAYS", "365")),
        "REPORTS_TO_HIDE": int(os.environ.get("REPORTS_TO_HIDE", "3")),
        "WTF_CSRF_TIME_LIMIT": None,
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        # Off only for load tests, where every simulated resident comes from one address.
        "RATELIMIT_ENABLED": _flag(os.environ.get("RATELIMIT_ENABLED"), default=True),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Public forms: a submission faster than this after the form was shown is a robot.
        "MINIMUM_FILL_SECONDS": float(os.environ.get("MINIMUM_FILL_SECONDS", "3")),
        "SECURITY_CONTACT": os.environ.get("SECURITY_CONTACT", "mailto:security@consult.example"),
        # JSON lines for a log collector in production, readable lines at a terminal.
        "LOG_FORMAT": os.environ.get("LOG_FORMAT") or ("json" if is_production else "text"),
        "LOG_LEVEL": (os.environ.get("LOG_LEVEL") or "INFO").upper(),
    }
