"""Publishing a big reactienota must not stop everybody else (SQLite: one writer at a time).

The publication builds the nota while reading only, then writes it in one short transaction. Each test
runs the worker in a thread of its own on a real database (a SQLite file, or TEST_DATABASE_URL), and
stops it where the build reads the reactions, to act beside it on other connections. The stop is a
database event on the worker's thread, not a change to the code under test.
"""
from __future__ import annotations

import logging
import re
import threading
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from consult.accounts.models import Membership, MembershipRole, User
from consult.consultations.models import Audience, Consultation, ConsultationKind, State
from consult.core.db import utcnow
from consult.documents.models import Document, DocumentKind
from consult.documents.services import add_version_from_markdown
from consult.extensions import db
from consult.jobs.models import Job, JobStatus
from consult.jobs.services import enqueue, run_next
from consult.mail.models import OutboxMessage
from consult.moderation.services import redact_reaction
from consult.organisations.models import Organisation, OrganisationKind
from consult.reactions.models import Publication, Reaction, ReactionStatus
from consult.reports.models import ResponseReportVersion
from tests.concurrency import TIMEOUT, migrated_app, running, session  # noqa: F401 (session: no outer transaction)
from tests.conftest import PASSWORD, csrf_token
from tests.reactions.conftest import MARKDOWN, form_data

REACTIONS = 30
BUSY_TIMEOUT = 5  # seconds a writer waits for SQLite's write lock before it fails


@pytest.fixture
def two_consultations(tmp_path):
    """A closed consultation whose nota is to be published, an open one residents react on, an official."""
    with migrated_app(tmp_path, "publish", SQLITE_BUSY_TIMEOUT=BUSY_TIMEOUT, FILES_FOLDER=str(tmp_path / "files"),
                      UPLOAD_FOLDER=str(tmp_path / "uploads")) as app:
        with app.app_context():
            organisation = Organisation(kind=OrganisationKind.MUNICIPALITY, name="Gemeente Almere", slug="almere")
            now = utcnow()
            for slug, prefix, opens, closes in (("sma", "SMA", -7, 35), ("nota", "NOTA", -50, -1)):
                document = Document(organisation=organisation, title=f"Agenda {slug}", kind=DocumentKind.SOCIAL_AGENDA)
                db.session.add(Consultation(
                    organisation=organisation, kind=ConsultationKind.PUBLIC_INSPECTION, audience=Audience.PUBLIC,
                    state=State.PUBLISHED, slug=slug, title=f"Agenda {slug}", reference_prefix=prefix,
                    document_version=add_version_from_markdown(document, MARKDOWN),
                    opens_at=now + timedelta(days=opens), closes_at=now + timedelta(days=closes)))
            official = User(email="ambtenaar@example.org", name="Ambtenaar")
            official.set_password(PASSWORD)
            official.memberships.append(Membership(organisation=organisation, role=MembershipRole.OFFICIAL))
            db.session.add(official)
            db.session.flush()
            nota = db.session.scalar(sa.select(Consultation).where(Consultation.slug == "nota"))
            db.session.add_all(Reaction(
                consultation_id=nota.id, reference=f"NOTA-2026-{n:04d}", status=ReactionStatus.APPROVED,
                publication=Publication.NAMED, author_name=f"Inwoner {n}", author_email=f"inwoner{n}@example.org",
                body=f"Reactie {n} over de wijkteams.", submitted_at=now - timedelta(days=10, minutes=n))
                for n in range(1, REACTIONS + 1))
            enqueue("report_publish", nota.id, official, {"note": ""})
            db.session.commit()
        yield app


# Where the worker is stopped: the build reading the reactions in order of arrival, and the reading
# of the addresses the answers are mailed to (the same queries before and after the fix).
AT_BUILD = ("SELECT reactions.id", "ORDER BY reactions.submitted_at")
AT_MAILS = ("SELECT reactions.author_email", "ORDER BY reactions.id")


class BuildStop:
    """Stops the worker's thread before its first query like ``at`` until ``go`` is set."""

    def __init__(self):
        self.thread: threading.Thread | None = None
        self.at = AT_BUILD
        self.reached, self.go = threading.Event(), threading.Event()

    def __call__(self, _connection, _cursor, statement, *_args) -> None:
        start, end = self.at
        if (threading.current_thread() is self.thread and not self.reached.is_set()
                and statement.startswith(start) and end in statement):
            self.reached.set()
            assert self.go.wait(TIMEOUT), "the test never let the worker go on"

    def worker(self, app):
        def run():
            self.thread = threading.current_thread()
            with app.app_context():
                run_next()
        return run


@pytest.fixture
def build_stop(two_consultations):
    stop = BuildStop()
    with two_consultations.app_context():
        event.listen(db.engine, "before_cursor_execute", stop)
    yield stop
    stop.go.set()
    with two_consultations.app_context():
        event.remove(db.engine, "before_cursor_execute", stop)


def react(app) -> tuple[int, float]:
    """A resident sends a reaction on the open consultation; the status and the seconds the send took."""
    client = app.test_client()
    page = client.get("/consultaties/sma/reageren").text
    key = re.search(r'name="submission_key" type="hidden" value="([^"]+)"', page)
    data = {**form_data(author_email="iris@example.org"), "csrf_token": csrf_token(page),
            **({"submission_key": key.group(1)} if key else {})}
    started = time.perf_counter()
    response = client.post("/consultaties/sma/reageren", content_type="multipart/form-data", data=data)
    return response.status_code, time.perf_counter() - started


def publication(app) -> Job:
    with app.app_context():
        job = db.session.scalar(sa.select(Job).where(Job.kind == "report_publish"))
        db.session.expunge(job)
        return job


def test_a_resident_reacts_while_the_nota_is_being_built(two_consultations, build_stop):
    app = two_consultations
    with running(build_stop.worker(app)):
        assert build_stop.reached.wait(TIMEOUT), "the publication never built the nota"
        try:
            status, seconds = react(app)
        finally:
            build_stop.go.set()
    assert status == 302 and seconds < BUSY_TIMEOUT  # before: "database is locked" after the busy timeout

    job = publication(app)
    assert job.status is JobStatus.DONE and job.result == {"version": 1, "mails": REACTIONS}
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ResponseReportVersion)) == 1
        assert db.session.scalar(sa.select(sa.func.count()).where(Reaction.author_email == "iris@example.org")) == 1
        answers = sa.select(sa.func.count()).where(OutboxMessage.subject.like("%antwoord op uw reactie%"))
        assert db.session.scalar(answers) == REACTIONS


def test_the_page_shows_the_build_moving_and_the_lease_is_renewed_as_it_goes(two_consultations, build_stop):
    app = two_consultations
    client = app.test_client()
    page = client.get("/inloggen").text
    assert client.post("/inloggen", data={"email": "ambtenaar@example.org", "password": PASSWORD,
                                          "csrf_token": csrf_token(page)}).status_code == 302
    build_stop.at = AT_MAILS  # the nota is built; its mails are next
    with running(build_stop.worker(app)):
        assert build_stop.reached.wait(TIMEOUT)
        try:
            job = publication(app)
            page = client.get("/beheer/consultaties/nota/reactienota/publicatie").text
            health = client.get("/health/ready").json
        finally:
            build_stop.go.set()
    assert job.status is JobStatus.RUNNING and 5 < job.progress < 85  # before: 5 until done
    assert f"De reactienota wordt gepubliceerd… {job.progress}% klaar." in page
    # each report renews the lease (on SQLite nothing else does): later than the claim set it
    assert job.lease_expires_at > job.started_at + timedelta(seconds=app.config["JOB_LEASE_SECONDS"])
    assert health["jobs"]["running"] == 1 and health["jobs"]["running_lease_expired"] == 0
    assert publication(app).status is JobStatus.DONE


def test_a_reaction_redacted_during_the_build_is_published_redacted(two_consultations, build_stop, caplog):
    app = two_consultations
    caplog.set_level(logging.INFO, logger="consult.reports.jobs")
    with running(build_stop.worker(app)):
        assert build_stop.reached.wait(TIMEOUT)
        try:
            with app.app_context():
                reaction = db.session.scalar(sa.select(Reaction).where(Reaction.reference == "NOTA-2026-0007"))
                official = db.session.scalar(sa.select(User))
                redact_reaction(reaction, official, "Reactie 7, ingekort door de gemeente.")
                db.session.commit()
        finally:
            build_stop.go.set()

    assert publication(app).status is JobStatus.DONE
    with app.app_context():
        content = db.session.scalars(sa.select(ResponseReportVersion.content)).one()
    texts = {entry["references"][0]: entry["text"] for part in content["sections"] for entry in part["entries"]}
    assert texts["NOTA-2026-0007"] == "Reactie 7, ingekort door de gemeente."
    assert texts["NOTA-2026-0008"] == "Reactie 8 over de wijkteams."
    assert "changed during build 1 of 3" in caplog.text  # built again, not published as it was


def test_a_nota_that_changes_during_every_build_is_not_published(two_consultations):
    """An official who keeps editing while it is built: after BUILDS builds the job fails, and nothing is
    published, mailed or changed (the page says so, and the official can try again)."""
    app, builds = two_consultations, []

    def edit_during_build(_connection, _cursor, statement, *_args) -> None:
        start, end = AT_BUILD
        if threading.current_thread() is worker and statement.startswith(start) and end in statement:
            builds.append(statement)
            with db.engine.begin() as other:  # another connection, as another official's request
                other.execute(sa.update(Reaction).where(Reaction.reference == "NOTA-2026-0003")
                              .values(public_body=f"Reactie 3, bewerking {len(builds)}."))

    def run():
        with app.app_context():
            run_next()

    worker = threading.Thread(target=run)
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", edit_during_build)
    try:
        worker.start()
        worker.join(TIMEOUT)
    finally:
        with app.app_context():
            event.remove(db.engine, "before_cursor_execute", edit_during_build)

    job = publication(app)
    assert len(builds) == 3 and job.status is JobStatus.FAILED and "changed during each of 3 builds" in job.error
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ResponseReportVersion)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0
        assert db.session.scalar(sa.select(Consultation.state).where(Consultation.slug == "nota")) is State.PUBLISHED
