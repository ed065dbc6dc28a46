"""What a kept page was made by: the release and the settings, as one fingerprint in every page's key.

A page depends on more than the data: the code and templates that made it, the translations, the static
files it links by their content hash, and settings it shows (``PERSONAL_DATA_RETENTION_DAYS`` on the
privacy page, the theme, ``BASE_URL``). Pages kept in Redis outlive a deploy, so the key holds a hash of
all of these, computed once when the app starts: a new release or a changed setting never serves the old
one's pages, and the servers of one release with the same settings share theirs.
"""
from __future__ import annotations

import hashlib
import json
from datetime import date, timedelta
from importlib import metadata
from pathlib import Path

from sqlalchemy.engine import make_url

from consult.config import PROJECT_ROOT

# The files a page is made from (the consult package's code and data, the templates, the compiled
# translations); the static files its links name by content hash are in the package too.
SOURCES = (
    (PROJECT_ROOT / "consult", "**/*"),
    (PROJECT_ROOT / "templates", "**/*"),
    (PROJECT_ROOT / "translations", "**/*.mo"),
)
# Settings that differ between the app servers of one installation (and no page shows), and secrets
# (no page shows them; a hash of them must not reach a public ETag).
LEFT_OUT = frozenset({"ALLOWED_HOSTS", "TRUSTED_HOSTS", "PORT", "SECRET_KEY", "MAIL_PASSWORD", "MAIL_USERNAME"})
# Settings holding a URL that may carry a password: kept without it (another database is another site).
URLS = frozenset({"SQLALCHEMY_DATABASE_URI", "CACHE_REDIS_URL", "RATELIMIT_STORAGE_URI"})


def _plain(value):
    """A value as JSON can hold it, the same in every process (never an object's address)."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted(str(_plain(item)) for item in value)
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in sorted(value.items(), key=lambda pair: str(pair[0]))}
    if isinstance(value, date | timedelta | Path):
        return str(value)
    return type(value).__qualname__


def _setting(name: str, value):
    if name in URLS and value:
        try:
            return make_url(value).render_as_string(hide_password=True)
        except Exception:  # noqa: BLE001 (not a database URL, e.g. memory://: it holds no password)
            return str(value)
    return _plain(value)


def fingerprint(config) -> str:
    """The hash of the release (the package's version and its files) and the settings (``config``)."""
    digest = hashlib.sha256()
    try:
        digest.update(metadata.version("consult").encode())
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        pass
    for folder, pattern in SOURCES:
        for path in sorted(folder.glob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(PROJECT_ROOT)).encode() + b"\0" + path.read_bytes())
    settings = {name: _setting(name, value) for name, value in config.items() if name not in LEFT_OUT}
    digest.update(json.dumps(settings, sort_keys=True).encode())
    return digest.hexdigest()[:16]
