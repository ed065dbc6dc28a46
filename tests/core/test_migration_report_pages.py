"""Migration 0056_report_pages splits the reactienota versions published before it into the rows its
pages read (issue 15): after the upgrade an old version shows its opening part, every part and page,
and finds a reaction by kenmerk, as the version frozen by the new code does."""
import re

import pytest
import sqlalchemy as sa

from bench.generate import SLUG, seed
from consult.core.db import utcnow
from consult.extensions import db
from consult.reports import parts
from consult.reports.services import _freeze_version
from tests.concurrency import session  # noqa: F401 (commits for real, on the database of this test)
from tests.conftest import fresh_database, make_app

BASE = f"/consultaties/{SLUG}/reactienota"


@pytest.fixture
def database_url(tmp_path):
    with fresh_database(tmp_path, "reportpages") as url:
        yield url


def every_page(app) -> dict[str, str]:
    """URL → the nota as shown there: the opening part, each page of each part, where a kenmerk leads."""
    app.extensions["page_cache"].clear()
    client, shown = app.test_client(), {}
    opening = client.get(BASE).text
    shown[BASE] = opening[opening.index("<h1"):opening.index("</main>")]
    for link in sorted(set(re.findall(rf'href="({BASE}/deel-\d+)"', opening))):
        for page in range(1, 4):
            html = client.get(link, query_string={"pagina": page}).text
            shown[f"{link}?pagina={page}"] = html[html.index("<h1"):html.index("</main>")]
    for kenmerk in ("BEN-2026-000007", "ben-2026-000031"):
        shown[kenmerk] = client.get(f"{BASE}/kenmerk", query_string={"kenmerk": kenmerk}).headers.get("Location")
    return shown


def test_a_version_published_before_the_upgrade_shows_its_parts_after_it(database_url, monkeypatch):
    monkeypatch.setattr(parts, "ENTRIES_PER_PAGE", 3)
    monkeypatch.setattr(parts, "ONE_PAGE_AT_MOST", 3)
    app = make_app(database_url)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context(), app.test_request_context():
        _freeze_version(seed(40), None, utcnow(), "")
        db.session.commit()
    published = every_page(app)
    assert len(published) > 6 and published["BEN-2026-000007"] and "class=\"consult-reaction\"" in str(published)

    # back to before the split: the version is its content alone, as on an installation that upgrades now
    assert runner.invoke(args=["db", "downgrade", "0054"]).exit_code == 0
    with app.app_context(), db.engine.connect() as connection:
        assert "response_report_entries" not in sa.inspect(connection).get_table_names()
        assert connection.scalar(sa.text("SELECT count(*) FROM response_report_versions")) == 1
    result = runner.invoke(args=["db", "upgrade"])

    assert result.exit_code == 0, result.output
    assert every_page(app) == published
    with app.app_context():
        db.engine.dispose()
