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
    """Zero axe-core violations (WCAG 2.1 A and AA rules and best practices) on the page as shown, and
    the same page reflows at 320 CSS pixels (``assert_reflows``): every page an axe test visits, in every
    role and state it visits it, is also checked at phone width."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Error

    page.wait_for_load_state("load")
    try:
        results = Axe().run(page)
    except Error as error:
        # A click on a link returns before the next page loaded: axe may start on the page being left.
        if "context was destroyed" not in str(error):
            raise
        page.wait_for_load_state("load")
        results = Axe().run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
    assert_reflows(page)


# The elements wider than the window, so a failure says what to fix.
TOO_WIDE = """() => {
  const width = document.documentElement.clientWidth;
  const wide = e => e.getBoundingClientRect().right > width + 1
    || (e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0 && getComputedStyle(e).overflowX === 'visible');
  return [...document.body.querySelectorAll('*')]
    .filter(e => wide(e) && getComputedStyle(e).position !== 'fixed')
    .filter(e => ![...e.children].some(wide))
    .slice(0, 8)
    .map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${[...e.classList].join('.')}: `
              + `${Math.round(e.getBoundingClientRect().right)}/${e.scrollWidth} px «${(e.textContent || '').trim().slice(0, 60)}»`);
}"""


def assert_reflows(page, width=320):
    """WCAG 1.4.10 (reflow, also 400 % zoom of 1280 px): at ``width`` CSS pixels the page scrolls only
    down, never sideways. The window goes back to its size afterwards."""
    size = page.viewport_size
    page.set_viewport_size({"width": width, "height": 800})
    try:
        sideways = page.evaluate("document.scrollingElement.scrollWidth > document.scrollingElement.clientWidth")
        culprits = page.evaluate(TOO_WIDE) if sideways else []
        scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
    finally:
        page.set_viewport_size(size)
    assert not sideways, f"{page.url} scrolls sideways at {width} px ({scroll_width} px wide):\n" + "\n".join(culprits)
