"""A live consult server with the demo data, for the browser tests (Chromium: tests/conftest.py)."""
import threading
from types import SimpleNamespace

import flask_migrate
import pytest
from werkzeug.serving import make_server

from consult.core.db import utcnow
from consult.demo import data
from consult.extensions import db, limiter
from consult.jobs.services import run_next
from consult.mail.delivery import deliver_due
from tests.conftest import fresh_database, make_app
from tests.mail.test_delivery import free_port


@pytest.fixture(scope="session")
def live_database_url(tmp_path_factory):
    """The live server commits for real, so it gets a database of its own."""
    with fresh_database(tmp_path_factory.mktemp("live"), "live") as url:
        yield url


@pytest.fixture(scope="session")
def live_server(live_database_url, tmp_path_factory):
    port = free_port()
    app = make_app(live_database_url, SERVER_NAME=f"127.0.0.1:{port}", BASE_URL=f"http://127.0.0.1:{port}", DEV_MAILBOX=True,
                   UPLOAD_FOLDER=str(tmp_path_factory.mktemp("live-uploads")),
                   FILES_FOLDER=str(tmp_path_factory.mktemp("live-files")))
    with app.app_context():
        flask_migrate.upgrade()
        data.load(utcnow())
        db.session.commit()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield SimpleNamespace(url=f"http://127.0.0.1:{port}", app=app)
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(autouse=True)
def session():
    """Browser tests talk to the live server's own database, not the per-test transaction."""
    limiter.reset()
    yield None


@pytest.fixture
def run_mail_worker(live_server):
    """One round of the worker, as `make run` keeps doing in the background: mail, then jobs."""

    def run():
        with live_server.app.app_context():
            report = deliver_due()
            while run_next() is not None:
                pass
            return report

    return run


def assert_accessible(page):
    """Zero axe-core violations (WCAG 2.1 A and AA rules and best practices) on the page as shown."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
