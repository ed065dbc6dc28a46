"""Migration 0038 turns an outcome's free-text proposed owner into a choice, keeping what was written: an
organisation's name becomes that organisation, a theme's duo becomes that theme, any other text goes into
the outcome's text. Reactions on the verslag written before it wait for an official. And back on downgrade."""
import pytest
import sqlalchemy as sa

from consult.extensions import db
from tests.conftest import fresh_database, make_app
from tests.decisions.test_migration import insert


@pytest.fixture
def database_url(tmp_path):
    with fresh_database(tmp_path, "owners") as url:
        yield url


def rows(app, query: str) -> list[tuple]:
    with app.app_context(), db.engine.connect() as connection:
        found = [tuple(row) for row in connection.execute(sa.text(query))]
    with app.app_context():
        db.engine.dispose()
    return found


def test_free_text_owners_become_organisations_or_duos_and_nothing_is_lost(database_url):
    app = make_app(database_url)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "0036"]).exit_code == 0
    with app.app_context():
        tables = sa.MetaData()
        tables.reflect(db.engine)
        t = tables.tables
        with db.engine.begin() as connection:
            region = insert(connection, t["organisations"], name="Regio Flevoland", kind="region")
            almere = insert(connection, t["organisations"], name="Gemeente Almere", kind="municipality", region_id=region)
            flevowonen = insert(connection, t["organisations"], name="Woningcorporatie Flevowonen", kind="housing_corporation")
            wmo = insert(connection, t["themes"], organisation_id=region, title="Zorglandschap Wmo",
                         owners="Wethouders Wmo van Almere en Dronten")
            consultation = insert(connection, t["consultations"], organisation_id=almere, kind="workshop")
            workshop = insert(connection, t["workshops"], consultation_id=consultation, audience="public")
            table = insert(connection, t["workshop_tables"], workshop_id=workshop, title="Wonen")
            outcomes = [insert(connection, t["workshop_outcomes"], workshop_id=workshop, table_id=table, kind="idea",
                               scope="local", text=f"Uitkomst {n}", proposed_owner=owner)
                        for n, owner in enumerate(("  woningcorporatie flevowonen ", "Bestuurlijk duo Zorglandschap Wmo",
                                                   "Wethouders Wmo van Almere en Dronten", "De gemeenten met de politie", ""))]
            insert(connection, t["workshop_outcome_comments"], workshop_id=workshop, outcome_id=outcomes[0], text="Goed")
        db.engine.dispose()

    result = runner.invoke(args=["db", "upgrade", "0038"])

    assert result.exit_code == 0, result.output
    assert rows(app, "SELECT proposed_owner_organisation_id, proposed_duo_theme_id, text FROM workshop_outcomes ORDER BY id") == [
        (flevowonen, None, "Uitkomst 0"), (None, wmo, "Uitkomst 1"), (None, wmo, "Uitkomst 2"),
        (None, None, "Uitkomst 3\n\nVoorgestelde eigenaar: De gemeenten met de politie"), (None, None, "Uitkomst 4")]
    assert rows(app, "SELECT status, moderated_at FROM workshop_outcome_comments") == [("pending", None)]

    assert runner.invoke(args=["db", "downgrade", "0036"]).exit_code == 0
    assert [owner for (owner,) in rows(app, "SELECT proposed_owner FROM workshop_outcomes ORDER BY id")] == [
        "Woningcorporatie Flevowonen", "Bestuurlijk duo Zorglandschap Wmo", "Bestuurlijk duo Zorglandschap Wmo", "", ""]
