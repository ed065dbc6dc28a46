"""One person voting for six ideas at the same moment with three votes: exactly three count, in slots
1, 2 and 3, and the database decides. Runs on PostgreSQL (TEST_DATABASE_URL), each request on its own connection."""
from __future__ import annotations

import os
import threading
from datetime import timedelta

import flask_migrate
import pytest
import sqlalchemy as sa

from consult.actions.models import ActionScope
from consult.consultations.models import Audience, Consultation, ConsultationKind, State
from consult.core.db import utcnow
from consult.extensions import db, limiter
from consult.organisations.models import Organisation, OrganisationKind
from consult.outcomes.models import OutcomeVote, Verslag, WorkshopOutcome
from consult.workshops.models import (
    CardKind,
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopSession,
    WorkshopTable,
)
from tests.conftest import csrf_token, fresh_database, make_app

pytestmark = pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                                reason="concurrent writers need PostgreSQL (set TEST_DATABASE_URL)")
IDEAS = 6


@pytest.fixture(autouse=True)
def session():
    """These requests commit for real, each on its own connection: no per-test transaction."""
    yield None


@pytest.fixture
def voting_app(tmp_path):
    with fresh_database(tmp_path, "votes") as url:
        app = make_app(url)
        limiter.reset()
        with app.app_context():
            flask_migrate.upgrade()
            now = utcnow()
            organisation = Organisation(kind=OrganisationKind.REGION, name="Regio Flevoland", slug="flevoland")
            consultation = Consultation(organisation=organisation, kind=ConsultationKind.WORKSHOP, state=State.PUBLISHED,
                                        audience=Audience.PUBLIC, slug="werkatelier", title="Werkatelier",
                                        reference_prefix="WBW", opens_at=now - timedelta(days=20), closes_at=now - timedelta(days=10))
            start = now - timedelta(days=5)
            table = WorkshopTable(title="Wonen")
            workshop = Workshop(consultation=consultation, tables=[table], sessions=[
                WorkshopSession(starts_at=start, ends_at=start + timedelta(hours=2), capacity=5, confirmed_count=1, place="Stadhuis")])
            db.session.add(workshop)
            db.session.flush()
            registration = Registration(session=workshop.sessions[0], status=RegistrationStatus.CONFIRMED, name="Iris",
                                        email="iris@example.org", consented_at=now)
            ideas = [WorkshopOutcome(workshop_id=workshop.id, table=table, kind=CardKind.IDEA, text=f"Idee {n}",
                                     scope=ActionScope.REGIONAL) for n in range(IDEAS)]
            db.session.add_all([registration, *ideas, Verslag(workshop_id=workshop.id, votes_per_person=3, published_at=now,
                                                               comments_until=now + timedelta(days=7))])
            db.session.commit()
            app.token, app.ideas = registration.token, [i.id for i in ideas]
        yield app
        with app.app_context():
            db.engine.dispose()


def test_six_votes_at_once_with_three_to_give_count_three(voting_app):
    app, statuses, barrier = voting_app, [], threading.Barrier(IDEAS)
    url = f"/werkateliers/deelnemer/{voting_app.token}/verslag"

    def vote(n):
        client = app.test_client()
        token = csrf_token(client.get(url).text)
        barrier.wait()
        statuses.append(client.post(f"{url}/stemmen/{app.ideas[n]}", data={"csrf_token": token}).status_code)

    threads = [threading.Thread(target=vote, args=(n,)) for n in range(IDEAS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [302] * 3 + [303] * 3  # counted, or told no votes are left
    with app.app_context():
        slots = sorted(db.session.scalars(sa.select(OutcomeVote.slot)))
    assert slots == [1, 2, 3]
