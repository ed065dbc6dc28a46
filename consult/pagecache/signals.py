"""A cheap sign, shared by every process that serves pages, that the public version may have moved.

The database stays the truth (``public_versions``). After each commit that moved the version,
``tracking`` bumps the sign; the middleware (``front``) reads the sign on every request and asks the
database again only when the sign moved (or a second has passed, or the clock reached its next change).
So a page kept in the cache is served without a database round trip, and a change is seen on the next
request on every process.

- SQLite (always one machine): a file next to the database, one byte appended per change; its size and
  modification time are the sign (``os.stat``, no lock, no round trip).
- Redis (``CACHE_REDIS_URL``, several app servers): a counter, ``INCR`` per change, one ``GET`` per request.
- PostgreSQL without Redis: no sign; the middleware asks the database on every request.

Redis is an optimisation, never a condition: when it fails (``outage``), the middleware lets Flask answer
and keeps nothing for ``RETRY_SECONDS``, a warning is logged at most once per ``LOG_SECONDS``, and a
commit whose bump failed still stands; the bump is made once Redis answers again (``tracking.missed``).
"""
from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import redis
from sqlalchemy.engine import URL

log = logging.getLogger(__name__)

# What a cache or sign failing looks like: Redis down, slow or refusing; a file that cannot be written.
CACHE_ERRORS = (redis.exceptions.RedisError, OSError)
# A Redis command waits at most this long: a Redis that hangs must not hold a page for long.
REDIS_TIMEOUT_SECONDS = 0.5
# After a failure the cache is left alone this long (Flask answers every page, nothing is kept).
RETRY_SECONDS = 5.0
# One warning per this many seconds while failures go on.
LOG_SECONDS = 60.0


class Outage:
    """This process's memory of the last failure of the cache or its sign."""

    def __init__(self):
        self.until = 0.0
        self.logged_at: float | None = None

    def clear(self) -> None:
        """Forget the last failure (tests: one test's outage is not the next one's)."""
        self.until, self.logged_at = 0.0, None

    def recent(self) -> bool:
        """Whether the cache is to be left alone (a failure less than ``RETRY_SECONDS`` ago)."""
        return time.monotonic() < self.until

    def report(self, what: str, error: BaseException) -> None:
        """Note a failure; log it unless one was logged less than ``LOG_SECONDS`` ago."""
        now = time.monotonic()
        self.until = now + RETRY_SECONDS
        if self.logged_at is None or now - self.logged_at >= LOG_SECONDS:
            self.logged_at = now
            log.warning("page cache: %s failed (%s: %s); pages come from Flask, nothing is kept for %s s",
                        what, type(error).__name__, error, RETRY_SECONDS)


outage = Outage()


def redis_client(url: str):
    """A client that gives up quickly, so a Redis that hangs costs a page half a second, not a worker."""
    return redis.Redis.from_url(url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
                                socket_timeout=REDIS_TIMEOUT_SECONDS)

# The file is emptied when it reaches this size; its modification time still moves.
MAX_FILE_BYTES = 1_000_000


class FileSignal:
    def __init__(self, path: Path):
        self.path, self.name = path, str(path)
        self.path.touch(exist_ok=True)

    def read(self) -> tuple[int, int] | None:
        try:
            found = os.stat(self.path)
        except OSError:
            return None  # None never equals what was read before: the database is asked
        return found.st_size, found.st_mtime_ns

    def bump(self) -> None:
        with open(self.path, "ab") as file:  # an append is atomic between processes
            if file.tell() >= MAX_FILE_BYTES:
                file.truncate(0)
            file.write(b".")


class RedisSignal:
    NAME = "consult:public-changes"

    def __init__(self, url: str):
        self.client, self.name = redis_client(url), url

    def read(self) -> bytes | None:
        return self.client.get(self.NAME) or b"0"

    def bump(self) -> None:
        self.client.incr(self.NAME)


def for_config(config, url: URL) -> FileSignal | RedisSignal | None:
    """The sign this installation's app servers and workers share, or None (ask the database each time).
    ``url`` is the engine's (Flask-SQLAlchemy has made a relative SQLite path absolute)."""
    if config["CACHE_REDIS_URL"]:
        return RedisSignal(config["CACHE_REDIS_URL"])
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return FileSignal(Path(url.database + ".changes"))
    return None
