"""One person voting for six ideas at the same moment with three votes: exactly three count, in slots
1, 2 and 3, and the database decides. Runs on PostgreSQL (TEST_DATABASE_URL), each request on its own connection."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from consult.actions.models import ActionScope
from consult.consultations.models import Audience, Consultation, ConsultationKind, State
from consult.core.db import utcnow
from consult.extensions import db
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
from tests.concurrency import POSTGRESQL_ONLY, at_once, migrated_app, session  # noqa: F401 (session: no outer transaction)
from tests.conftest import csrf_token, token_of

pytestmark = POSTGRESQL_ONLY
IDEAS = 6


@pytest.fixture
def voting_app(tmp_path):
    with migrated_app(tmp_path, "votes") as app:
        with app.app_context():
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
            app.token, app.ideas = token_of(registration), [i.id for i in ideas]
        yield app


def test_six_votes_at_once_with_three_to_give_count_three(voting_app):
    app, url = voting_app, f"/werkateliers/deelnemer/{voting_app.token}/verslag"

    def open_the_verslag(n):
        client = app.test_client()
        return client, csrf_token(client.get(url).text)

    def vote(n, ready):
        client, token = ready
        return client.post(f"{url}/stemmen/{app.ideas[n]}", data={"csrf_token": token}).status_code

    statuses = at_once(IDEAS, open_the_verslag, vote)
    assert sorted(statuses) == [302] * 3 + [303] * 3  # counted, or told no votes are left
    with app.app_context():
        slots = sorted(db.session.scalars(sa.select(OutcomeVote.slot)))
    assert slots == [1, 2, 3]
