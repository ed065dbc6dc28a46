"""Database helpers shared by every feature's models."""
from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TypeVar

import sqlalchemy as sa
from flask import current_app, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

T = TypeVar("T")


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """A timestamp that is always timezone-aware UTC in Python, whatever the database keeps."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store UTC-aware datetimes only")
        value = value.astimezone(UTC)
        # SQLite has no timezone type; it keeps the UTC wall time.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def enum_type(enum_class: type[enum.Enum]) -> sa.Enum:
    """Store an enum's values as plain strings, so new members need no database type change."""
    return sa.Enum(
        enum_class,
        native_enum=False,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


# Methods that only read. A request with any other method writes, and so do the worker and the CLI.
READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_transaction_kind: ContextVar[str | None] = ContextVar("transaction_kind", default=None)


@contextmanager
def _transactions(kind: str) -> Iterator[None]:
    token = _transaction_kind.set(kind)
    try:
        yield
    finally:
        _transaction_kind.reset(token)


def writing():
    """Transactions begun inside this block will write: on SQLite they take the write lock at once."""
    return _transactions("IMMEDIATE")


def reading():
    """Transactions begun inside this block only read: on SQLite they take no lock, so a long read
    (a background job, an export) never holds up a writer."""
    return _transactions("DEFERRED")


def is_writing() -> bool:
    """Inside ``writing()`` (e.g. ``write_apart``): the transaction under way is one that writes, so
    committing it halfway would keep half of its work."""
    return _transaction_kind.get() == "IMMEDIATE"


def write_apart(write: Callable[[], T]) -> T:
    """Run ``write`` (which adds or changes rows) in a short writing transaction of its own, and commit.

    For code that reads in a transaction that, on SQLite, cannot become a writer once another
    connection has written: a GET view, a background job's handler (``reading()``). That transaction
    ends first, so nothing it loaded is written with it. Returns what ``write`` returns; errors roll
    the write back and propagate.
    """
    from consult.extensions import db  # consult.extensions builds its models on this module

    db.session.commit()
    with writing():
        try:
            result = write()
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
    return result


def writes_on_get(view):
    """Mark a GET view that changes data (a link in a mail), so its transaction begins as a writer."""
    view.writes_on_get = True
    return view


def transaction_kind() -> str:
    """How the next transaction begins on SQLite: IMMEDIATE when it will write, DEFERRED when it only reads.

    Inside ``writing()`` or ``reading()`` that block decides. Otherwise a request decides by its method
    (a GET view marked ``writes_on_get`` writes), and anything outside a request (the worker, the CLI)
    writes.
    """
    kind = _transaction_kind.get()
    if kind is not None:
        return kind
    if not has_request_context():
        return "IMMEDIATE"
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    if request.method in READING_METHODS and not getattr(view, "writes_on_get", False):
        return "DEFERRED"
    return "IMMEDIATE"


def configure_sqlite(engine: Engine, busy_timeout_seconds: float = 15) -> None:
    """Real transactions, savepoints, foreign keys and concurrent writers on SQLite.

    pysqlite's own transaction handling breaks SAVEPOINT, so it is switched off and each transaction
    is begun here (the recipe from SQLAlchemy's SQLite dialect documentation). WAL lets readers and one
    writer work at the same time.

    Why a transaction that will write begins IMMEDIATE: a DEFERRED transaction reads from a snapshot
    and asks for the write lock only at its first write. When another connection has written since
    that snapshot, SQLite cannot upgrade it and answers "database is locked" at once, without waiting
    for the busy timeout; under load a third of the residents' reactions were lost this way. BEGIN
    IMMEDIATE takes the write lock first (waiting up to the busy timeout for it), so writers queue
    instead of failing. Readers keep DEFERRED and never wait. See ``transaction_kind``.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_seconds * 1000)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql(f"BEGIN {transaction_kind()}")


# Full-text search lives outside the models (FTS5 on SQLite, a GIN index on PostgreSQL; migration
# 0004): neither dialect can express the other's, so model comparisons leave these out.
SEARCH_OBJECTS = frozenset({"ix_reactions_search"})


def include_in_model_comparison(obj, name, type_, reflected, compare_to) -> bool:
    return not (name in SEARCH_OBJECTS or (type_ == "table" and name.startswith("reactions_fts")))
