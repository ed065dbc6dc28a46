"""Shared fixtures: one app per session on a migrated database, one transaction per test.

The database is SQLite in a temporary folder, or PostgreSQL when TEST_DATABASE_URL is set. Each test
runs inside an outer transaction; the views' own commits become savepoints, so real commits and
rollbacks happen and nothing survives the test.
"""
from __future__ import annotations

import os
import re
import shutil
import uuid
from contextlib import contextmanager
from datetime import timedelta
from functools import cache
from pathlib import Path

import flask_migrate
import pytest
import sqlalchemy as sa
from flask import has_app_context
from sqlalchemy import orm
from werkzeug.security import generate_password_hash

os.environ.setdefault("SECRET_KEY", "test-secret-key")
os.environ.pop("MAIL_SERVER", None)

from consult import create_app  # noqa: E402
from consult.accounts.models import Membership, MembershipRole, User  # noqa: E402
from consult.consultations.models import Audience, Consultation, ConsultationKind, State  # noqa: E402
from consult.core.db import reading, utcnow  # noqa: E402
from consult.documents.models import Document, DocumentKind  # noqa: E402
from consult.documents.services import add_version_from_markdown  # noqa: E402
from consult.extensions import db, limiter  # noqa: E402
from consult.organisations.models import Organisation, OrganisationKind  # noqa: E402
from consult.pagecache import signals as page_signals  # noqa: E402
from consult.pagecache import tracking as page_tracking  # noqa: E402

PASSWORD = "correct horse battery staple"
# The test app's PASSWORD_HASH_METHOD: one round of PBKDF2 instead of production's scrypt (tens of ms a hash,
# on purpose), which made every account a test makes and every log-in cost that much. The same code hashes
# and checks; tests/core/test_config.py holds production to scrypt.
CHEAP_PASSWORD_HASH = "pbkdf2:sha256:1"


@cache
def password_hash() -> str:
    """PASSWORD hashed as the test app hashes it, for accounts a test makes without a request."""
    return generate_password_hash(PASSWORD, method=CHEAP_PASSWORD_HASH)

# Chromium for the browser tests. Where /usr/bin/chromium is missing they are skipped with a message,
# except under CI=true, where a missing browser fails the run.
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(f"CI=true but Chromium is missing at {CHROMIUM}: install Debian's chromium.")
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}; install Debian's chromium to run browser tests")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def database_url(tmp_path_factory, name: str) -> str:
    """The per-test database: a SQLite file, or TEST_DATABASE_URL. Under pytest-xdist each worker on
    PostgreSQL gets a database of its own next to it (``test_gw0``, ``test_gw1``), kept between runs."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp(name) / 'consult.sqlite'}"
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    base = sa.engine.make_url(url)
    own = f"{base.database}_{worker}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        if not connection.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": own}):
            connection.exec_driver_sql(f'CREATE DATABASE "{own}"')
    admin.dispose()
    return base.set(database=own).render_as_string(hide_password=False)


@contextmanager
def fresh_database(folder, label: str):
    """A URL of a new, empty database: a SQLite file in ``folder``, or a new PostgreSQL database next
    to TEST_DATABASE_URL, dropped afterwards."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{folder / f'{label}.sqlite'}"
        return
    url = sa.engine.make_url(base)
    name = f"consult_{label}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def reset_postgres_schema(engine: sa.Engine) -> None:
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            connection.exec_driver_sql("CREATE SCHEMA public")


def make_app(url: str, **overrides):
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "DEV_MAILBOX": False,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": 1,  # nothing listens: tests that deliver start their own SMTP server
        "SERVER_NAME": "consult.test",
        "BASE_URL": "http://consult.test",  # links in mail; also the one host the app answers to
        "MINIMUM_FILL_SECONDS": 0,
        "PASSWORD_HASH_METHOD": CHEAP_PASSWORD_HASH,
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    app = make_app(database_url(tmp_path_factory, "db"), UPLOAD_FOLDER=str(tmp_path_factory.mktemp("uploads")),
                   FILES_FOLDER=str(tmp_path_factory.mktemp("files")))
    with app.app_context():
        reset_postgres_schema(db.engine)
        flask_migrate.upgrade()
    _apps.append(app)
    yield app
    _apps.remove(app)
    with app.app_context():
        db.engine.dispose()  # close pooled connections before the interpreter finds them open


class TestScopedSession(orm.scoped_session):
    """One session shared by the test and its requests.

    At the end of a request Flask-SQLAlchemy removes the session; here that only expires what the
    session holds, so the next request reads fresh rows, as a new session would, while the test's
    own objects stay usable.
    """

    def remove(self):
        self.registry().expire_all()


@pytest.fixture(autouse=True)
def session(app):
    """Every test in its own transaction, rolled back at the end.

    No app context stays pushed during the test: each test-client request gets its own, as in
    production, so per-request caches (the locale, the logged-in user) do not leak between requests.
    """
    limiter.reset()  # every test starts with empty rate-limit counters
    # and an empty page cache: the rollback below also takes back the public version the pages were kept at
    app.extensions["page_cache"].clear()
    app.extensions["page_files"].clear()
    page_signals.outage.clear()  # a Redis outage a test made is over
    page_tracking.missed.clear()
    shutil.rmtree(Path(app.config["FILES_FOLDER"]) / "open-data", ignore_errors=True)  # made at versions now undone
    with app.app_context():
        connection = db.engine.connect()
    with reading():  # on SQLite no lock before the test writes, so other connections may still read
        outer = connection.begin()
    original = db.session
    db.session = TestScopedSession(
        orm.sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
    )
    try:
        yield db.session
    finally:
        db.session.close()
        db.session = original
        outer.rollback()
        connection.close()


_apps: list = []  # the session's app, for helpers that need its SECRET_KEY outside a request


def token_of(registration) -> str:
    """A werkatelier registration's personal-link token as its mails give it. It is made with the app's
    SECRET_KEY, so outside a request it borrows the test session's app."""
    if has_app_context():
        return registration.token
    with _apps[-1].app_context():
        return registration.token


def run_jobs() -> None:
    """Run every queued background job, as the worker of `make run` does (a reactienota is published
    by one)."""
    from consult.jobs.services import run_next

    with _apps[-1].app_context():
        while run_next() is not None:
            pass


@pytest.fixture
def app_context(app):
    """For tests that call services directly: they render templates or read the config."""
    with app.test_request_context():
        yield


@pytest.fixture
def client(app):
    return app.test_client()


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def submission_key(html: str) -> str:
    """The one-time key of the page's form (``consult.core.submission``), "" when it has none."""
    match = re.search(r'name="submission_key" (?:type="hidden" )?value="([^"]*)"', html)
    return match.group(1) if match else ""


def submit_form(client, url: str, data: dict, follow_redirects: bool = True):
    """GET the form like a browser, then POST it with the page's own CSRF token."""
    page = client.get(url)
    return client.post(url, data={**data, "csrf_token": csrf_token(page.text)}, follow_redirects=follow_redirects)


@pytest.fixture
def login(client):
    def login_as(user: User, password: str = PASSWORD):
        response = submit_form(client, "/inloggen", {"email": user.email, "password": password})
        assert response.status_code == 200
        return response

    return login_as


@pytest.fixture
def make_organisation(session):
    counter = iter(range(1, 10_000))

    def make(kind=OrganisationKind.MUNICIPALITY, name=None, **fields):
        n = next(counter)
        org = Organisation(kind=kind, name=name or f"Gemeente Test {n}", slug=f"org-{n}", **fields)
        session.add(org)
        session.commit()
        return org

    return make


@pytest.fixture
def make_user(session):
    counter = iter(range(1, 10_000))

    def make(official_of=None, partner_of=None, is_admin=False, name=None, email=None):
        n = next(counter)
        user = User(email=email or f"user{n}@example.org", name=name or f"Gebruiker {n}", is_admin=is_admin,
                    password_hash=password_hash())
        for org in [official_of] if official_of else []:
            user.memberships.append(Membership(organisation=org, role=MembershipRole.OFFICIAL))
        for org in [partner_of] if partner_of else []:
            user.memberships.append(Membership(organisation=org, role=MembershipRole.PARTNER))
        session.add(user)
        session.commit()
        return user

    return make


@pytest.fixture
def make_consultation(session, make_organisation):
    counter = iter(range(1, 10_000))

    def make(organisation=None, state=State.PUBLISHED, audience=Audience.PUBLIC, opens_in_days=-7,
             closes_in_days=35, kind=ConsultationKind.PUBLIC_INSPECTION, markdown="# Inleiding\n\nTekst.\n\n# Tweede hoofdstuk\n\nMeer tekst.", **fields):
        n = next(counter)
        organisation = organisation or make_organisation()
        document = Document(organisation=organisation, title=f"Agenda {n}", kind=DocumentKind.SOCIAL_AGENDA)
        session.add(document)
        version = add_version_from_markdown(document, markdown)
        now = utcnow()
        consultation = Consultation(
            organisation=organisation, kind=kind, audience=audience, state=state, slug=f"consultatie-{n}",
            title=fields.pop("title", f"Consultatie {n}"), document_version=version,
            # Kenmerk letters are unique: the first consultation of a test gets TST, later ones TSTC, TSTD, …
            reference_prefix=fields.pop("reference_prefix", "TST" if n == 1 else "TST" + "".join(chr(65 + int(d)) for d in str(n))),
            opens_at=now + timedelta(days=opens_in_days), closes_at=now + timedelta(days=closes_in_days), **fields,
        )
        session.add(consultation)
        session.commit()
        return consultation

    return make
