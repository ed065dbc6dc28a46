"""Migration 0024 moves the answers' outcomes to the words of a nota van beantwoording, and back."""
from datetime import datetime, timezone
from itertools import count

import pytest
import sqlalchemy as sa

from consult.core.i18n import local_today
from consult.extensions import db
from tests.conftest import fresh_database, make_app

OLD_TO_NEW = [("draft_changed", "adopted"), ("not_changed", "not_adopted"), ("noted", "noted"),
              ("out_of_scope", "out_of_scope")]
_numbers = count(1)


@pytest.fixture
def database_url(tmp_path):
    with fresh_database(tmp_path, "outcomes") as url:
        yield url


def insert(connection, table: sa.Table, **values) -> int:
    """A row with a plain value in every required column that ``values`` does not give."""
    n = next(_numbers)
    plain = {sa.Integer: n, sa.String: f"x{n}", sa.Text: "x", sa.Boolean: False, sa.JSON: {},
             sa.DateTime: datetime.now(timezone.utc), sa.Date: local_today()}
    for column in table.columns:
        if column.name in values or column.nullable or column.primary_key or column.server_default is not None:
            continue
        values[column.name] = next(v for kind, v in plain.items() if isinstance(column.type, kind))
    return connection.execute(sa.insert(table).values(**values).returning(table.c.id)).scalar_one()


def outcomes(app) -> list[str]:
    with app.app_context(), db.engine.connect() as connection:
        return list(connection.execute(sa.text("SELECT outcome FROM answers ORDER BY id")).scalars())


def test_old_outcomes_become_the_awb_words_and_go_back_on_downgrade(database_url):
    app = make_app(database_url)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "0016"]).exit_code == 0
    with app.app_context():
        tables = sa.MetaData()
        tables.reflect(db.engine)
        with db.engine.begin() as connection:
            organisation = insert(connection, tables.tables["organisations"])
            consultation = insert(connection, tables.tables["consultations"], organisation_id=organisation)
            for old, _new in OLD_TO_NEW:
                insert(connection, tables.tables["answers"], consultation_id=consultation, outcome=old)
        db.engine.dispose()

    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    assert outcomes(app) == [new for _old, new in OLD_TO_NEW]

    with app.app_context(), db.engine.begin() as connection:
        connection.execute(sa.text("UPDATE answers SET outcome = 'partly_adopted' WHERE outcome = 'noted'"))
    assert runner.invoke(args=["db", "downgrade", "0016"]).exit_code == 0
    assert outcomes(app) == ["draft_changed", "not_changed", "draft_changed", "out_of_scope"]
    with app.app_context():
        db.engine.dispose()
