"""Database helpers shared by every feature's models."""
from __future__ import annotations

import enum
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine


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


def configure_sqlite(engine: Engine) -> None:
    """Real transactions, savepoints and foreign keys on SQLite.

    pysqlite's own transaction handling breaks SAVEPOINT; this is the recipe from SQLAlchemy's
    SQLite dialect documentation. WAL lets the mail worker write while the web server reads.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN")


# Full-text search lives outside the models (FTS5 on SQLite, a GIN index on PostgreSQL; migration
# 0004): neither dialect can express the other's, so model comparisons leave these out.
SEARCH_OBJECTS = frozenset({"ix_reactions_search"})


def include_in_model_comparison(obj, name, type_, reflected, compare_to) -> bool:
    return not (name in SEARCH_OBJECTS or (type_ == "table" and name.startswith("reactions_fts")))
