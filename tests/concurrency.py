"""Many people at the same moment, for the tests of concurrent writers.

Each test gets a database of its own (``migrated_app``) and commits for real, every thread on its own
connection; a module replaces the per-test transaction by importing ``session`` from here. ``at_once``
lets every person get ready (open the form, log in) and then act at the same instant; ``running`` and
``side_by_side`` run different roles beside each other. A failure in any thread fails the test, with
its own traceback, after every thread has ended.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import flask_migrate
import pytest

from consult.extensions import db, limiter
from tests.conftest import fresh_database, make_app

# Side by side for real needs a server: SQLite lets one writer in at a time.
POSTGRESQL_ONLY = pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                                     reason="concurrent writers need PostgreSQL (set TEST_DATABASE_URL)")
TIMEOUT = 60  # seconds a person waits for the others before the test fails


@pytest.fixture(autouse=True)
def session():
    """Replaces conftest's per-test transaction: these writers commit for real, each on its own connection."""
    yield None


@contextmanager
def migrated_app(folder, label: str, **overrides) -> Iterator:
    """An app on a new database (see ``fresh_database``), migrated to the head, with empty rate limits;
    its connections closed afterwards. Fill it inside ``with app.app_context():``."""
    with fresh_database(folder, label) as url:
        app = make_app(url, **overrides)
        limiter.reset()
        with app.app_context():
            flask_migrate.upgrade()
        try:
            yield app
        finally:
            with app.app_context():
                db.engine.dispose()


@contextmanager
def running(*targets: Callable[[], object]) -> Iterator[None]:
    """Each target in its own thread while the body runs; on leaving, every thread is joined and the
    first exception one of them raised is raised here."""
    errors: list[BaseException] = []

    def guarded(target):
        def run():
            try:
                target()
            except BaseException as error:  # noqa: BLE001 (raised again in the test's own thread)
                errors.append(error)
        return threading.Thread(target=run)

    threads = [guarded(target) for target in targets]
    for thread in threads:
        thread.start()
    try:
        yield
    finally:
        for thread in threads:
            thread.join(TIMEOUT)
    if errors:  # the cause, rather than the others' BrokenBarrierError that it led to
        raise next((e for e in errors if not isinstance(e, threading.BrokenBarrierError)), errors[0])
    assert not any(thread.is_alive() for thread in threads), f"a thread still runs after {TIMEOUT} s"


def side_by_side(*targets: Callable[[], object]) -> None:
    """Run the targets in threads of their own and wait for all of them (see ``running``)."""
    with running(*targets):
        pass


def at_once(count: int, prepare: Callable[[int], object], act: Callable[[int, object], object]) -> list:
    """``count`` people: person n calls ``prepare(n)`` (get the form, its CSRF token), everyone waits
    until all are ready, then each calls ``act(n, what prepare returned)`` at the same instant.
    Returns what ``act`` returned, in the order of n."""
    ready = threading.Barrier(count, timeout=TIMEOUT)
    results: list = [None] * count

    def person(n):
        def run():
            try:
                prepared = prepare(n)
            except BaseException:
                ready.abort()  # the others stop waiting for someone who will never come
                raise
            ready.wait()
            results[n] = act(n, prepared)
        return run

    side_by_side(*(person(n) for n in range(count)))
    return results
