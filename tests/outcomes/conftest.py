"""A published werkatelier of a municipality in a region, with three participants (one in English), a
person on the waiting list, cards at both tables, and the municipality's actieprogramma."""
from dataclasses import dataclass
from datetime import timedelta

import pytest

from consult.actions.models import ActionScope
from consult.core.db import utcnow
from consult.documents.models import Document, DocumentKind
from consult.documents.services import add_version_from_markdown
from consult.organisations.models import Organisation, OrganisationKind
from consult.outcomes.models import Verslag, WorkshopOutcome
from consult.workshops.models import CardKind, InputCard, Registration, Workshop
from consult.workshops.services import add_card, register
from tests.actions.conftest import put_to_public
from tests.workshops.conftest import during, make_workshop, person  # noqa: F401  (the fixture, shared)


@dataclass
class OutcomeWorld:
    municipality: Organisation
    workshop: Workshop
    participants: list[Registration]
    waiting: Registration
    cards: list[InputCard]
    programme: Document


@pytest.fixture
def world(app, session, make_organisation, make_workshop):  # noqa: F811
    region = make_organisation(kind=OrganisationKind.REGION, name="Regio Flevoland test")
    municipality = make_organisation(name="Gemeente Almere test", region=region)
    make_organisation(name="Gemeente Lelystad test", region=region)
    workshop = make_workshop(organisation=municipality, capacity=3)
    with app.test_request_context():
        participants = [register(workshop.sessions[0], person(n, locale="en" if n == 2 else "nl"), utcnow()) for n in (1, 2, 3)]
        waiting = register(workshop.sessions[0], person(4), utcnow())
        # The session was held: the verslag is about it, and those with a place in it vote and react. The cards
        # were written at it.
        held = workshop.sessions[0]
        held.starts_at = (utcnow() - timedelta(days=1)).replace(microsecond=0)
        held.ends_at = held.starts_at + timedelta(hours=3)
        wonen, zorg = workshop.tables
        cards = [add_card(participants[0], wonen, CardKind.IDEA, "Meer kleine woningen bij de wijkteams.", during(held)),
                 add_card(participants[1], wonen, CardKind.IDEA, "Small homes near support.", during(held)),
                 add_card(participants[2], zorg, CardKind.PROBLEM, "Lange wachtlijsten.", during(held))]
    programme = Document(organisation=municipality, title="Actieprogramma Almere test", kind=DocumentKind.ACTION_PROGRAMME)
    session.add(programme)
    add_version_from_markdown(programme, "# Acties\n\nTekst.")
    put_to_public(session, programme)
    session.commit()
    return OutcomeWorld(municipality, workshop, participants, waiting, cards, programme)


def add_idea(session, workshop, table, text="Een idee", cards=(), kind=CardKind.IDEA) -> WorkshopOutcome:
    outcome = WorkshopOutcome(workshop_id=workshop.id, table=table, kind=kind, text=text, scope=ActionScope.LOCAL,
                              cards=list(cards))
    session.add(outcome)
    session.commit()
    return outcome


def open_verslag(session, workshop, votes=3, days=14, published=True) -> Verslag:
    now = utcnow()
    verslag = Verslag(workshop_id=workshop.id, votes_per_person=votes, comments_until=now + timedelta(days=days),
                      published_at=now if published else None)
    session.add(verslag)
    session.commit()
    return verslag
