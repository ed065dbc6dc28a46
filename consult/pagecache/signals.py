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
"""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import URL

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
        import redis  # only needed when configured

        self.client, self.name = redis.Redis.from_url(url), url

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
