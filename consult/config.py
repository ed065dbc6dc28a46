"""Settings: defaults, then the environment. Nothing is read at import time."""
from __future__ import annotations

import os
import secrets
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """The app cannot start safely with these settings."""


# CONSULT_ENV: anything else stops the start, so a typo ("prod", "Production") never falls back to the
# development mode with its public demo mailbox, no second factor and no Secure cookies.
ENVIRONMENTS = ("development", "production")
# The hosts a development server answers to, besides BASE_URL's.
DEVELOPMENT_HOSTS = ("127.0.0.1", "localhost")


def _environment() -> str:
    environment = os.environ.get("CONSULT_ENV", "development")
    if environment not in ENVIRONMENTS:
        raise ConfigError(
            f"CONSULT_ENV={environment!r} is not known. Use one of: {', '.join(ENVIRONMENTS)}."
        )
    return environment


def _base_url(environment: str, port: int) -> str:
    """Where consult is reached from outside: every link in a mail starts with it, never with the
    Host header of the request that caused the mail."""
    base_url = os.environ.get("BASE_URL", "").strip().rstrip("/")
    if not base_url:
        if environment == "production":
            raise ConfigError("BASE_URL must be set when CONSULT_ENV=production, e.g. https://inspraak.gemeente.nl.")
        return f"http://127.0.0.1:{port}"
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ConfigError(f"BASE_URL={base_url!r} is not a web address like https://inspraak.gemeente.nl.")
    if environment == "production" and parts.scheme != "https":
        raise ConfigError("BASE_URL must start with https:// when CONSULT_ENV=production (cookies are Secure).")
    return base_url


def trusted_hosts(config) -> list[str]:
    """The Host headers consult answers to: BASE_URL's host, ALLOWED_HOSTS, and on a development
    machine 127.0.0.1 and localhost. Any other host gets a bare 400 (Flask's TRUSTED_HOSTS)."""
    hosts = [urlsplit(config["BASE_URL"]).hostname, *config["ALLOWED_HOSTS"]]
    if config["CONSULT_ENV"] == "development":
        hosts += DEVELOPMENT_HOSTS
    return list(dict.fromkeys(host for host in hosts if host))


def _dates(value: str) -> tuple[date, ...]:
    try:
        return tuple(date.fromisoformat(part.strip()) for part in value.split(",") if part.strip())
    except ValueError as error:
        raise ConfigError(f"ATW_EXTRA_DAYS holds dates like 2027-05-07, separated by commas: {error}") from error


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
    environment = _environment()
    is_production = environment == "production"
    mail_server = os.environ.get("MAIL_SERVER", "")
    port = int(os.environ.get("PORT", "5000"))
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
        "PORT": port,
        "BASE_URL": _base_url(environment, port),
        # More names this installation answers to (comma-separated), e.g. the internal name a health check uses;
        # TRUSTED_HOSTS is made from these and BASE_URL when the app starts.
        "ALLOWED_HOSTS": [host.strip() for host in os.environ.get("ALLOWED_HOSTS", "").split(",") if host.strip()],
        "MAIL_SERVER": mail_server,
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _flag(os.environ.get("MAIL_USE_TLS")),
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_DEFAULT_SENDER", "consult@localhost"),
        "MAIL_MAX_ATTEMPTS": int(os.environ.get("MAIL_MAX_ATTEMPTS", "10")),
        # A worker's claim on the mail it is sending; renewed while it sends. After a crash, its mail
        # waits this long before another worker (or the restarted one) takes it.
        "MAIL_CLAIM_SECONDS": int(os.environ.get("MAIL_CLAIM_SECONDS", "120")),
        # A running job's lease, renewed by a heartbeat; when it runs out the worker is taken for dead
        # and the job runs again, at most JOB_MAX_ATTEMPTS times in all.
        "JOB_LEASE_SECONDS": int(os.environ.get("JOB_LEASE_SECONDS", "60")),
        "JOB_MAX_ATTEMPTS": int(os.environ.get("JOB_MAX_ATTEMPTS", "3")),
        # Days the government made equal to public holidays for the Algemene termijnenwet (art. 3 lid 3,
        # published in the Staatscourant every few years): ISO dates, comma-separated.
        "ATW_EXTRA_DAYS": _dates(os.environ.get("ATW_EXTRA_DAYS", "")),
        # /health/ready answers 503 when mail or a job has waited longer than this.
        "HEALTH_MAX_LAG_SECONDS": int(os.environ.get("HEALTH_MAX_LAG_SECONDS", "900")),
        # Without an SMTP server, and only when CONSULT_ENV=development is set (make run does), mail lands
        # in the demo mailbox page, which anyone can read: never by default or by mistake.
        "DEV_MAILBOX": not mail_server and os.environ.get("CONSULT_ENV") == "development",
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
        # werkzeug's method for new password hashes: scrypt, slow on purpose (tens of milliseconds a hash).
        # Not read from the environment; only the test suite's app asks for a cheap one (tests/conftest.py).
        "PASSWORD_HASH_METHOD": "scrypt",
        # Officials and admins log in with a TOTP app too; always in production. The demo leaves it
        # off unless TWO_FACTOR=true, so a first look needs no authenticator app.
        "REQUIRE_TWO_FACTOR": is_production or _flag(os.environ.get("TWO_FACTOR")),
        "STAFF_IDLE_MINUTES": int(os.environ.get("STAFF_IDLE_MINUTES", "30")),
        "STAFF_MAX_HOURS": int(os.environ.get("STAFF_MAX_HOURS", "12")),
        "REAUTH_MINUTES": int(os.environ.get("REAUTH_MINUTES", "15")),
        # The hour (Europe/Amsterdam) from which the worker sends the daily digests.
        "DIGEST_HOUR": int(os.environ.get("DIGEST_HOUR", "7")),
        # What an official typed when the session ended is kept this long for them to find back.
        "KEPT_FORM_HOURS": int(os.environ.get("KEPT_FORM_HOURS", "24")),
        # A request may carry several attachments; each file is checked against MAX_ATTACHMENT_SIZE
        # by the form, so that a too-large file gets a message beside the field, not a bare 413.
        "MAX_CONTENT_LENGTH": 60 * 1024 * 1024,
        "MAX_ATTACHMENT_SIZE": int(os.environ.get("MAX_ATTACHMENT_SIZE", str(10 * 1024 * 1024))),
        # Document import (Word, Markdown, pasted text): bounds checked before the expensive reading,
        # and a child process that is stopped at the time or memory limit (documents/isolated.py).
        "DOCUMENT_MAX_CHARACTERS": int(os.environ.get("DOCUMENT_MAX_CHARACTERS", "500000")),
        "DOCUMENT_MAX_SECTIONS": int(os.environ.get("DOCUMENT_MAX_SECTIONS", "1000")),
        "DOCUMENT_MAX_DEPTH": int(os.environ.get("DOCUMENT_MAX_DEPTH", "20")),
        "DOCUMENT_MAX_UNCOMPRESSED_BYTES": int(os.environ.get("DOCUMENT_MAX_UNCOMPRESSED_BYTES", str(20 * 1024 * 1024))),
        "DOCUMENT_MAX_PARAGRAPHS": int(os.environ.get("DOCUMENT_MAX_PARAGRAPHS", "20000")),
        "DOCUMENT_IMPORT_SECONDS": float(os.environ.get("DOCUMENT_IMPORT_SECONDS", "15")),
        "DOCUMENT_IMPORT_MEMORY_MB": int(os.environ.get("DOCUMENT_IMPORT_MEMORY_MB", "512")),
        "UPLOAD_FOLDER": os.environ.get("UPLOAD_FOLDER", str(instance_path / "uploads")),
        "FILES_FOLDER": os.environ.get("FILES_FOLDER", str(instance_path / "files")),
        "CONFIRMATION_MAX_AGE": 7 * 24 * 3600,
        # The link to confirm or correct the verslag of an oral zienswijze works this long (seconds).
        "ORAL_REPORT_MAX_AGE": 14 * 24 * 3600,
        # Personal data in reactions is removed this many days after the consultation's decision.
        "PERSONAL_DATA_RETENTION_DAYS": int(os.environ.get("PERSONAL_DATA_RETENTION_DAYS", "365")),
        # Reports from this many signed-in accounts hide a reaction; anonymous reports only alert officials.
        "REPORTS_TO_HIDE": int(os.environ.get("REPORTS_TO_HIDE", "3")),
        # Reverse proxies in front of consult that set X-Forwarded-For/-Proto. 0 trusts no such header:
        # behind one proxy set 1, or every visitor shares the proxy's address (one reporter, one rate limit).
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
        "WTF_CSRF_TIME_LIMIT": None,
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        # Off only for load tests, where every simulated resident comes from one address.
        "RATELIMIT_ENABLED": _flag(os.environ.get("RATELIMIT_ENABLED"), default=True),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Redis down: each process counts in its own memory until it is back, rather than every form that
        # has a limit answering 500 (the page cache degrades the same way).
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        # Public forms: a submission faster than this after the form was shown is a robot.
        "MINIMUM_FILL_SECONDS": float(os.environ.get("MINIMUM_FILL_SECONDS", "3")),
        "SECURITY_CONTACT": os.environ.get("SECURITY_CONTACT", "mailto:security@consult.example"),
        # Public pages anonymous visitors get, kept until something visible changes (consult/pagecache).
        # In this process's memory by default; in Redis, shared by every app server, when a URL is given.
        "PAGE_CACHE_ENABLED": _flag(os.environ.get("PAGE_CACHE_ENABLED"), default=True),
        "PAGE_CACHE_MAX_PAGES": int(os.environ.get("PAGE_CACHE_MAX_PAGES", "256")),
        "PAGE_CACHE_SECONDS": int(os.environ.get("PAGE_CACHE_SECONDS", "3600")),
        "CACHE_REDIS_URL": os.environ.get("CACHE_REDIS_URL", ""),
        # JSON lines for a log collector in production, readable lines at a terminal.
        "LOG_FORMAT": os.environ.get("LOG_FORMAT") or ("json" if is_production else "text"),
        "LOG_LEVEL": (os.environ.get("LOG_LEVEL") or "INFO").upper(),
    }
