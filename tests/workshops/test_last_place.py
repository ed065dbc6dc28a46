"""Two people taking the last place at the same moment: exactly one gets it, and the database decides.

Runs on PostgreSQL (TEST_DATABASE_URL), where requests truly run side by side: each thread has its own
connection. The first test drives real requests through the app; the second holds one transaction open
on the session's row so the other must wait, and shows it then sees the place gone.
"""
from __future__ import annotations

import re
import threading
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa

from consult.consultations.models import Audience, Consultation, ConsultationKind, State
from consult.core.db import utcnow
from consult.extensions import db
from consult.organisations.models import Organisation, OrganisationKind
from consult.workshops.models import Registration, Workshop, WorkshopSession
from consult.workshops.services import take_place
from tests.concurrency import POSTGRESQL_ONLY, at_once, migrated_app, session, side_by_side  # noqa: F401 (session: no outer transaction)
from tests.conftest import csrf_token

pytestmark = POSTGRESQL_ONLY
PEOPLE = 8


@pytest.fixture
def busy_app(tmp_path):
    with migrated_app(tmp_path, "lastplace") as app:
        with app.app_context():
            now = utcnow()
            organisation = Organisation(kind=OrganisationKind.REGION, name="Regio Flevoland", slug="flevoland")
            consultation = Consultation(organisation=organisation, kind=ConsultationKind.WORKSHOP, state=State.PUBLISHED,
                                        audience=Audience.PUBLIC, slug="werkatelier", title="Werkatelier",
                                        reference_prefix="WBW", opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=5))
            start = now + timedelta(days=10)
            workshop = Workshop(consultation=consultation, sessions=[
                WorkshopSession(starts_at=start, ends_at=start + timedelta(hours=2), capacity=1, place="Stadhuis")])
            db.session.add(workshop)
            db.session.commit()
            app.session_id = workshop.sessions[0].id
        yield app


def test_many_requests_for_the_last_place_give_it_to_exactly_one(busy_app):
    app = busy_app

    def open_the_form(n):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.0.2.{n + 1}"
        page = client.get("/werkateliers/werkatelier/aanmelden")
        started = re.search(r'name="started" type="hidden" value="([^"]+)"', page.text).group(1)
        return client, {"csrf_token": csrf_token(page.text), "started": started, "session": app.session_id,
                        "name": f"Deelnemer {n}", "email": f"deelnemer{n}@example.org", "consent": "y"}

    def register(n, ready):
        client, data = ready
        return client.post("/werkateliers/werkatelier/aanmelden", data=data).status_code

    assert at_once(PEOPLE, open_the_form, register) == [302] * PEOPLE
    with app.app_context():
        rows = db.session.scalars(sa.select(Registration.status)).all()
        count = db.session.scalar(sa.select(WorkshopSession.confirmed_count))
    assert sorted(s.value for s in rows) == ["confirmed"] + ["waiting"] * (PEOPLE - 1)
    assert count == 1


def test_the_second_transaction_waits_for_the_first_and_then_finds_no_place(busy_app):
    app, results = busy_app, {}
    first_has_place = threading.Event()

    def first():
        with app.app_context():
            results["first"] = take_place(app.session_id)
            first_has_place.set()
            time.sleep(0.5)  # the second transaction now waits on this row
            db.session.commit()

    def second():
        with app.app_context():
            first_has_place.wait()
            started = time.monotonic()
            results["second"] = take_place(app.session_id)
            results["waited"] = time.monotonic() - started
            db.session.commit()

    side_by_side(first, second)
    assert results["first"] is True and results["second"] is False
    assert results["waited"] >= 0.3  # it was the row lock that made it wait, not luck
    with app.app_context():
        assert db.session.scalar(sa.select(WorkshopSession.confirmed_count)) == 1
