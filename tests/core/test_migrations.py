"""The migrations build the schema the models describe, on SQLite and PostgreSQL."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from consult.core.db import include_in_model_comparison
from consult.extensions import db
from tests.conftest import fresh_database, make_app


def test_models_and_migrations_agree(app):
    """An autogenerate comparison of the migrated test database and the models finds nothing."""
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_object": include_in_model_comparison})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


@pytest.fixture
def empty_database_url(tmp_path):
    with fresh_database(tmp_path, "migration") as url:
        yield url


def test_flask_db_upgrade_builds_an_empty_database_and_downgrade_removes_it(empty_database_url):
    app = make_app(empty_database_url)
    runner = app.test_cli_runner()

    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        tables = set(sa.inspect(db.engine).get_table_names())
    assert {"organisations", "users", "memberships", "documents", "document_versions", "sections", "themes",
            "consultations", "reactions", "answers", "audit_events", "outbox_messages"} <= tables

    result = runner.invoke(args=["db", "downgrade", "base"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}  # search tables too
        db.engine.dispose()


def test_full_text_search_survives_every_migration(app):
    """A table rebuild in a later migration would silently drop the search triggers of 0004."""
    with app.app_context(), db.engine.connect() as connection:
        if db.engine.dialect.name == "sqlite":
            found = set(connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'").scalars())
            assert {"reactions_fts_insert", "reactions_fts_delete", "reactions_fts_update"} <= found
        else:
            found = set(connection.exec_driver_sql("SELECT indexname FROM pg_indexes WHERE tablename = 'reactions'").scalars())
            assert "ix_reactions_search" in found


def test_after_upgrading_sqlite_enforces_foreign_keys_again(empty_database_url):
    """Migrating turns SQLite's foreign keys off on its connection; the pool must not hand that
    connection on so (the bench's second seed and a server started after upgrading relied on ON DELETE)."""
    app = make_app(empty_database_url)
    if not empty_database_url.startswith("sqlite"):
        pytest.skip("a SQLite pragma")
    import flask_migrate

    with app.app_context():
        flask_migrate.upgrade()
        db.session.remove()
        assert db.session.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
