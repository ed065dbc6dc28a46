"""Many writers at once on one database file: nobody gets "database is locked", nothing is stored twice.

Residents send and confirm reactions, officials open the queue (an audit row each time) and enter
letters, and the worker sends the mail over SMTP and makes a dossier, all at the same moment, each
thread with its own connections. This is the embedded default (SQLite); with TEST_DATABASE_URL the
same runs on PostgreSQL.
"""
from __future__ import annotations

import re
import threading
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from consult.accounts.models import Membership, MembershipRole, User
from consult.audit.models import AuditEvent
from consult.consultations.models import Audience, Consultation, ConsultationKind, State
from consult.core.db import reading, transaction_kind, utcnow, writing
from consult.documents.models import Document, DocumentKind
from consult.documents.services import add_version_from_markdown
from consult.extensions import db
from consult.jobs.models import Job, JobStatus
from consult.jobs.services import enqueue, run_next
from consult.mail.delivery import deliver_due
from consult.mail.models import OutboxMessage, OutboxStatus
from consult.organisations.models import Organisation, OrganisationKind
from consult.reactions.models import Reaction
from tests.concurrency import migrated_app, running, session, side_by_side  # noqa: F401 (session: no outer transaction)
from tests.conftest import PASSWORD, csrf_token
from tests.mail.test_delivery import Inbox, free_port
from tests.moderation.test_paper_and_decision import paper
from tests.reactions.conftest import MARKDOWN, form_data

RESIDENTS, REACTIONS_EACH, OFFICIALS, ROUNDS = 5, 3, 2, 3


@pytest.fixture
def busy_app(tmp_path):
    port = free_port()
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    with migrated_app(tmp_path, "concurrent", MAIL_PORT=port, UPLOAD_FOLDER=str(tmp_path / "uploads"),
                      FILES_FOLDER=str(tmp_path / "files")) as app:
        with app.app_context():
            organisation = Organisation(kind=OrganisationKind.MUNICIPALITY, name="Gemeente Vijfheerenlanden", slug="vhl")
            document = Document(organisation=organisation, title="Sociaal Maatschappelijke Agenda",
                                kind=DocumentKind.SOCIAL_AGENDA)
            db.session.add(document)
            now = utcnow()
            db.session.add(Consultation(
                organisation=organisation, kind=ConsultationKind.PUBLIC_INSPECTION, audience=Audience.PUBLIC,
                state=State.PUBLISHED, slug="sma", title="Sociaal Maatschappelijke Agenda", reference_prefix="SMA",
                document_version=add_version_from_markdown(document, MARKDOWN),
                opens_at=now - timedelta(days=7), closes_at=now + timedelta(days=35)))
            for n in range(OFFICIALS):
                official = User(email=f"ambtenaar{n}@example.org", name=f"Ambtenaar {n}")
                official.set_password(PASSWORD)
                official.memberships.append(Membership(organisation=organisation, role=MembershipRole.OFFICIAL))
                db.session.add(official)
            db.session.commit()
        app.inbox = inbox
        yield app
    controller.stop()


def _post(client, url, data, **kwargs):
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    key = re.search(r'name="submission_key" type="hidden" value="([^"]+)"', page.text)
    extra = {"submission_key": key.group(1)} if key else {}
    return client.post(url, data={**data, **extra, "csrf_token": csrf_token(page.text)},
                       content_type="multipart/form-data", **kwargs)


def test_concurrent_residents_officials_and_worker_lose_nothing(busy_app):
    app, errors, done = busy_app, [], threading.Event()
    queue_views = []

    def resident(n):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.0.0.{n + 1}"
        for m in range(REACTIONS_EACH):
            response = _post(client, "/consultaties/sma/reageren",
                             form_data(author_email=f"inwoner{n}-{m}@example.org", body=f"Reactie {n}-{m} over de zorg."))
            if response.status_code != 302:
                errors.append(("reaction", response.status_code))
        with app.app_context():
            mails = db.session.scalars(sa.select(OutboxMessage.body_text).where(
                OutboxMessage.recipient.like(f"inwoner{n}-%"))).all()
        for body in mails:
            link = re.search(r"https?://consult\.test(/reacties/bevestigen/\S+)", body).group(1)
            for _click in range(2):  # a double click on the link in the mail
                response = client.get(link)
                if response.status_code != 302:
                    errors.append(("confirm", response.status_code))

    def official(n):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.0.1.{n + 1}"
        response = _post(client, "/inloggen", {"email": f"ambtenaar{n}@example.org", "password": PASSWORD})
        if response.status_code != 302:
            errors.append(("login", response.status_code))
        for m in range(ROUNDS):
            response = client.get("/beheer/consultaties/sma/moderatie")
            queue_views.append(response.status_code)
            if response.status_code != 200:
                errors.append(("queue", response.status_code))
            response = _post(client, "/beheer/consultaties/sma/reactie-invoeren",
                             paper(author_email=f"brief{n}-{m}@example.org", body=f"Brief {n}-{m}."))
            if response.status_code != 302:
                errors.append(("letter", response.status_code))

    def worker():
        with app.app_context():
            while True:
                finished = done.is_set()
                try:
                    deliver_due(utcnow() + timedelta(minutes=1))
                    while run_next() is not None:
                        pass
                except Exception as error:  # noqa: BLE001 (any error is a finding)
                    db.session.rollback()
                    errors.append(("worker", repr(error)))
                if finished:
                    return
                time.sleep(0.05)

    with app.app_context():
        enqueue("dossier", db.session.scalar(sa.select(Consultation.id)), None)
        db.session.commit()
    with running(worker):  # sends and builds until everybody is done
        try:
            side_by_side(*(lambda n=n: resident(n) for n in range(RESIDENTS)),
                         *(lambda n=n: official(n) for n in range(OFFICIALS)))
        finally:
            done.set()

    assert errors == []
    with app.app_context():
        reactions = db.session.scalars(sa.select(Reaction)).all()
        assert len(reactions) == RESIDENTS * REACTIONS_EACH + OFFICIALS * ROUNDS
        assert len({r.reference for r in reactions}) == len(reactions)
        assert len({r.author_email for r in reactions}) == len(reactions)
        assert all(r.confirmed_at for r in reactions)
        assert db.session.get(Consultation, reactions[0].consultation_id).reaction_count == len(reactions)
        listed = db.session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "reactions_listed"))
        assert listed == len(queue_views) == OFFICIALS * ROUNDS
        messages = db.session.scalars(sa.select(OutboxMessage)).all()
        assert {(m.status, m.attempts) for m in messages} == {(OutboxStatus.SENT, 1)}
        assert db.session.scalars(sa.select(Job.status)).all() == [JobStatus.DONE]
    received = [envelope.content for envelope in app.inbox.messages]
    assert len(received) == len(messages)
    assert len({re.search(rb"Message-ID: (\S+)", content, re.I).group(1) for content in received}) == len(messages)


@pytest.mark.parametrize(("method", "path", "kind"), [
    ("GET", "/consultaties/sma/reageren", "DEFERRED"),  # a page: reads only, takes no lock
    ("HEAD", "/", "DEFERRED"),
    ("POST", "/consultaties/sma/reageren", "IMMEDIATE"),  # a form: waits its turn for the write lock
    ("GET", "/reacties/bevestigen/token", "IMMEDIATE"),  # the link in the confirmation mail writes
])
def test_a_transaction_begins_as_a_writer_exactly_when_the_request_writes(app, method, path, kind):
    with app.test_request_context(path, method=method):
        assert transaction_kind() == kind
        with reading():
            assert transaction_kind() == "DEFERRED"
            with writing():
                assert transaction_kind() == "IMMEDIATE"


def test_the_worker_and_the_cli_write(app):
    with app.app_context():
        assert transaction_kind() == "IMMEDIATE"
