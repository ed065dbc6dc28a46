"""Upgrading an installation keeps its data. On SQLite, Alembic alters a table by copying it and dropping
the old one; with foreign keys enforced that drop deleted every row referring to it (ON DELETE CASCADE):
upgrading through a migration that altered consultations or reactions emptied answers, reactions,
attachments and points. migrations/env.py now switches the check off while migrating."""
import pytest
import sqlalchemy as sa

from consult.extensions import db
from tests.conftest import fresh_database, make_app
from tests.decisions.test_migration import insert

CHILDREN = ("reactions", "attachments", "points", "answers", "reaction_reports")


@pytest.fixture
def database_url(tmp_path):
    with fresh_database(tmp_path, "keepdata") as url:
        yield url


def counts(app) -> dict[str, int]:
    with app.app_context(), db.engine.connect() as connection:
        found = {name: connection.scalar(sa.text(f"SELECT count(*) FROM {name}")) for name in CHILDREN}
    with app.app_context():
        db.engine.dispose()
    return found


def test_upgrading_a_filled_database_to_the_newest_migration_loses_no_rows(database_url):
    app = make_app(database_url)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "0016"]).exit_code == 0
    with app.app_context():
        tables = sa.MetaData()
        tables.reflect(db.engine)
        t = tables.tables
        with db.engine.begin() as connection:
            organisation = insert(connection, t["organisations"])
            consultation = insert(connection, t["consultations"], organisation_id=organisation)
            answer = insert(connection, t["answers"], consultation_id=consultation, outcome="noted")
            reaction = insert(connection, t["reactions"], consultation_id=consultation, answer_id=answer,
                              channel="web", status="approved", publication="anonymous")
            insert(connection, t["attachments"], reaction_id=reaction)
            insert(connection, t["points"], reaction_id=reaction)
            insert(connection, t["reaction_reports"], reaction_id=reaction)
        db.engine.dispose()
    before = counts(app)
    assert before == dict.fromkeys(CHILDREN, 1)

    result = runner.invoke(args=["db", "upgrade"])

    assert result.exit_code == 0, result.output
    assert counts(app) == before
