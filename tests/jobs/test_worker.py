"""The worker process against real faults: a database error mid-run, a killed worker, a long job.

These tests commit for real, so they run on a database of their own (not the per-test transaction).
"""
import asyncio
import logging
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import flask_migrate
import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from consult.core.db import utcnow
from consult.extensions import db
from consult.jobs.models import Job, JobStatus
from consult.jobs.services import abandoned, enqueue, handler
from consult.jobs.worker import supervise, work, worker_command
from consult.mail.delivery import deliver_due
from consult.mail.models import OutboxMessage, OutboxStatus
from tests.conftest import fresh_database, make_app
from tests.mail.test_delivery import Inbox, free_port


@pytest.fixture(autouse=True)
def session():
    """These tests use their own database, committed for real."""
    yield None


@pytest.fixture(scope="module")
def database_url(tmp_path_factory):
    with fresh_database(tmp_path_factory.mktemp("worker"), "worker") as url:
        yield url


@pytest.fixture(scope="module")
def own_app(database_url, tmp_path_factory):
    port = free_port()
    # A short busy timeout, so that a held lock shows as "database is locked" within the test's patience.
    app = make_app(database_url, MAIL_PORT=port, FILES_FOLDER=str(tmp_path_factory.mktemp("files")),
                   SQLITE_BUSY_TIMEOUT=2)
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.inbox = inbox
    with app.app_context():
        flask_migrate.upgrade()
    yield app
    controller.stop()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def consultation_id(own_app):
    """A consultation for jobs to belong to: the least a job needs."""
    from consult.consultations.models import Consultation, ConsultationKind
    from consult.organisations.models import Organisation, OrganisationKind

    with own_app.app_context():
        organisation = Organisation(name="Gemeente Werker", slug=f"werker-{time.monotonic_ns()}",
                                    kind=OrganisationKind.MUNICIPALITY)
        consultation = Consultation(organisation=organisation, kind=ConsultationKind.PUBLIC_INSPECTION,
                                    slug=f"werker-{time.monotonic_ns()}", title="Agenda", reference_prefix="WRK",
                                    opens_at=utcnow(), closes_at=utcnow())
        db.session.add(consultation)
        db.session.commit()
        yield consultation.id
        db.session.remove()


def add_mail(app, count: int) -> list[int]:
    with app.app_context():
        messages = [OutboxMessage(recipient=f"inwoner{n}@example.org", subject="Ontvangst", body_text="Tekst")
                    for n in range(count)]
        db.session.add_all(messages)
        db.session.commit()
        ids = [message.id for message in messages]
        db.session.remove()
        return ids


def statuses(app, ids: list[int]) -> list[OutboxStatus]:
    with app.app_context():
        found = db.session.scalars(sa.select(OutboxMessage.status).where(OutboxMessage.id.in_(ids))).all()
        db.session.remove()
        return found


def wait_until(condition, timeout: float = 30.0) -> bool:
    """True as soon as ``condition`` holds; generous, because a loaded machine (CI runs two suites) is slow."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


class RunningWorker:
    def __init__(self, app):
        self.stop, self.error = threading.Event(), None
        self.thread = threading.Thread(target=self._run, args=(app,), daemon=True)

    def _run(self, app):
        try:
            with app.app_context():
                work(interval=0.05, stop=self.stop, backoff=0.05)
        except BaseException as error:  # the test reports a worker that died
            self.error = error

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stop.set()
        self.thread.join(timeout=10)


def test_the_worker_survives_a_database_error_and_sends_the_mail_afterwards(own_app, caplog):
    """It used to exit on "database is locked" or a dropped connection, and nothing sent mail any more."""
    ids = add_mail(own_app, 3)
    with own_app.app_context():
        with db.engine.begin() as connection:  # the table is gone: every round fails with a database error
            connection.exec_driver_sql("ALTER TABLE outbox_messages RENAME TO outbox_messages_away")
        try:
            with caplog.at_level(logging.ERROR, logger="consult.jobs.worker"), RunningWorker(own_app) as worker:
                assert wait_until(lambda: "worker round failed (2 in a row)" in caplog.text)
                assert worker.thread.is_alive(), worker.error
                with db.engine.begin() as connection:
                    connection.exec_driver_sql("ALTER TABLE outbox_messages_away RENAME TO outbox_messages")
                assert wait_until(lambda: statuses(own_app, ids) == [OutboxStatus.SENT] * 3), worker.error
        finally:
            if "outbox_messages_away" in sa.inspect(db.engine).get_table_names():
                with db.engine.begin() as connection:
                    connection.exec_driver_sql("ALTER TABLE outbox_messages_away RENAME TO outbox_messages")
            db.engine.dispose()
    received = [m for m in own_app.inbox.messages if m.rcpt_tos[0].startswith("inwoner")]
    assert len(received) == 3


def test_the_worker_waits_out_a_locked_sqlite_database(own_app, database_url, caplog):
    """"database is locked": another process held the write lock longer than SQLite's busy timeout."""
    if not database_url.startswith("sqlite"):
        pytest.skip("a SQLite fault")
    ids = add_mail(own_app, 2)
    other = sqlite3.connect(sa.make_url(database_url).database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # holds the write lock, as a long import or backup would
    try:
        with caplog.at_level(logging.ERROR, logger="consult.jobs.worker"), RunningWorker(own_app) as worker:
            assert wait_until(lambda: "database is locked" in caplog.text, timeout=15)
            other.execute("ROLLBACK")
            assert wait_until(lambda: statuses(own_app, ids) == [OutboxStatus.SENT] * 2), worker.error
    finally:
        other.close()


@handler("test_slow")
def slow_job(job, progress) -> dict:
    """Sleeps past three lease lengths without reporting progress, then asks whether the job looks abandoned."""
    time.sleep(1.0)
    with db.engine.connect() as connection:  # what another worker would see now
        looks_abandoned = connection.scalar(sa.select(sa.func.count()).select_from(Job).where(abandoned(utcnow())))
    return {"looked_abandoned": looks_abandoned}


def test_a_long_job_keeps_its_lease_by_heartbeat_so_no_second_worker_takes_it(own_app, consultation_id, monkeypatch):
    if own_app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("SQLite runs one worker without a heartbeat; progress renews the lease (test_runner.py)")
    monkeypatch.setitem(own_app.config, "JOB_LEASE_SECONDS", 0.3)
    with own_app.app_context():
        job_id = enqueue("test_slow", consultation_id, None).id
        db.session.commit()
        db.session.remove()
    with RunningWorker(own_app) as worker:
        def finished():
            with own_app.app_context():
                job = db.session.get(Job, job_id)
                done = job.status is JobStatus.DONE and job
                db.session.remove()
                return done
        assert wait_until(finished), worker.error
    assert finished().result == {"looked_abandoned": 0} and finished().attempts == 1


def test_the_supervisor_starts_a_killed_worker_again(caplog):
    """`make run` runs `flask worker --supervise`: a worker that dies is started again, not left dead."""
    stop = threading.Event()
    command = [sys.executable, "-c", "import time; time.sleep(60)"]  # a worker that would run on
    with caplog.at_level(logging.INFO, logger="consult.jobs.worker"):
        supervisor = threading.Thread(target=supervise, args=(command, dict(os.environ), stop))
        supervisor.start()
        try:
            def started() -> list[int]:
                return [int(pid) for pid in re.findall(r"worker started \(pid (\d+)\)", caplog.text)]

            assert wait_until(lambda: started())
            first = started()[0]
            os.kill(first, signal.SIGKILL)
            assert wait_until(lambda: len(started()) == 2, timeout=5)
            assert f"worker (pid {first}) stopped with exit code -9; starting it again in 1 s" in caplog.text
        finally:
            stop.set()
            supervisor.join(timeout=10)
    assert not supervisor.is_alive()
    assert not Path(f"/proc/{started()[1]}").exists()  # stopping the supervisor stops its worker


def test_worker_supervise_runs_flask_worker_of_the_same_app():
    command, env = worker_command(0.5, "wsgi.py")
    assert command[1:] == ["-m", "flask", "worker", "--interval", "0.5"] and env["FLASK_APP"] == "wsgi.py"


def test_mail_sent_while_the_database_connection_drops_is_recorded_not_sent_twice(own_app, database_url, tmp_path, caplog):
    """PostgreSQL ends the worker's connection while the SMTP server takes a mail: the commit that would
    record it as sent may fail; the worker then records it on its next round instead of sending it again.
    (``own_app`` migrates the module's database, so the test also runs first or alone.)"""
    if database_url.startswith("sqlite"):
        pytest.skip("a dropped connection is a PostgreSQL fault (pg_terminate_backend)")
    url = sa.make_url(database_url).update_query_dict({"application_name": "consult-test-worker"})
    admin = sa.create_engine(database_url)

    class DroppingInbox(Inbox):
        async def handle_DATA(self, server, session, envelope):
            if not self.messages:  # the first mail: end the worker's connection before answering 250
                with admin.begin() as connection:
                    connection.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                               "WHERE application_name = 'consult-test-worker'"))
            return await super().handle_DATA(server, session, envelope)

    port = free_port()
    inbox = DroppingInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app = make_app(url.render_as_string(hide_password=False), MAIL_PORT=port, FILES_FOLDER=str(tmp_path))
    try:
        ids = add_mail(app, 3)
        def sent() -> bool:
            # Read on the admin's connection: the app's own carry the name the inbox ends, this check's too.
            with admin.connect() as connection:
                found = connection.scalars(sa.select(OutboxMessage.status).where(OutboxMessage.id.in_(ids))).all()
            return found == [OutboxStatus.SENT] * 3

        with caplog.at_level(logging.ERROR, logger="consult.jobs.worker"), RunningWorker(app) as worker:
            assert wait_until(sent), worker.error
        # Since the worker commits a hand-over mark before the end of each message, its connection goes back
        # to the pool before the server answers, and the next commit may find a fresh one (pre-ping): the
        # round then does not fail at all. Either way nothing is sent twice:
        assert sorted(m.rcpt_tos[0] for m in inbox.messages) == [f"inwoner{n}@example.org" for n in range(3)]
    finally:
        controller.stop()
        admin.dispose()
        with app.app_context():
            db.engine.dispose()


def test_a_worker_killed_while_the_server_takes_a_mail_never_sends_it_twice(own_app, database_url):
    """SIGKILL while the worker waits for the server's answer to a mail: the server has it. The next worker,
    once the dead one's claim ran out, sends the rest of the batch once and leaves that mail unconfirmed
    for an official, instead of sending it again (bench/loadfault.py saw such copies)."""
    taking, release = threading.Event(), threading.Event()

    class SlowInbox(Inbox):
        async def handle_DATA(self, server, session, envelope):
            self.messages.append(envelope)
            if len(self.messages) == 1:
                taking.set()
                await asyncio.get_running_loop().run_in_executor(None, release.wait, 60)
            return "250 OK"

    port = free_port()
    inbox = SlowInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    ids = add_mail(own_app, 3)
    env = {**os.environ, "FLASK_APP": "wsgi.py", "DATABASE_URL": database_url, "CONSULT_ENV": "development",
           "SECRET_KEY": "test-secret-key", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(port),
           "MAIL_CLAIM_SECONDS": "1"}
    worker = subprocess.Popen([sys.executable, "-m", "flask", "worker", "--interval", "0.1"], env=env,
                              cwd=Path(__file__).parents[2], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert taking.wait(60), "the worker never sent"
        worker.kill()
        worker.wait(timeout=10)
    finally:
        release.set()
        if worker.poll() is None:
            worker.kill()
    app = make_app(database_url, MAIL_PORT=port, MAIL_CLAIM_SECONDS=1)
    try:
        time.sleep(1.1)  # the dead worker's claim runs out
        with app.app_context():
            deliver_due()
            db.session.remove()
        assert statuses(app, ids[:1]) == [OutboxStatus.UNCONFIRMED]
        assert statuses(app, ids[1:]) == [OutboxStatus.SENT] * 2
        received = sorted(m.rcpt_tos[0] for m in inbox.messages)
        assert received == [f"inwoner{n}@example.org" for n in range(3)]  # each exactly once
    finally:
        controller.stop()
        with app.app_context():
            db.engine.dispose()
