"""Consistent backups: SQLite's online backup API, pg_dump for PostgreSQL."""
from __future__ import annotations

import os
import sqlite3
import subprocess
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa


@contextmanager
def _owner_only():
    """Files and folders made meanwhile (here and by pg_dump) readable by their owner only: a backup holds
    every name and address (AVG art. 32); it was written readable by every user of the machine."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def backup(database_url: str, folder: Path) -> Path:
    """Write a backup of the database into ``folder`` (made if missing) and return its path. The file, and
    a folder made here, can be read by the user who ran it only (mode 0600 and 0700)."""
    with _owner_only():
        return _backup(database_url, folder)


def _backup(database_url: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    url = sa.engine.make_url(database_url)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    if url.get_backend_name() == "sqlite":
        target = folder / f"consult-{stamp}.sqlite"
        # The online backup copies a consistent snapshot while the app keeps writing.
        with sqlite3.connect(url.database) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
        return target
    if url.get_backend_name() == "postgresql":
        target = folder / f"consult-{stamp}.dump"
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", _libpq_url(url)], check=True)
        return target
    raise ValueError(f"no backup for {url.get_backend_name()}")


def restore(backup_file: Path, database_url: str) -> None:
    """Restore a backup into an empty database (see README: Backups)."""
    url = sa.engine.make_url(database_url)
    if url.get_backend_name() == "sqlite":
        with sqlite3.connect(backup_file) as source, sqlite3.connect(url.database) as target:
            source.backup(target)
        return
    subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={_libpq_url(url)}", str(backup_file)], check=True)


def _libpq_url(url: sa.engine.URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)
