from datetime import datetime, timedelta

import pytest

from consult.consultations.models import Audience, Consultation, ConsultationKind, State
from consult.core.db import utcnow
from consult.core.i18n import AMSTERDAM
from consult.workshops.models import Workshop, WorkshopAudience, WorkshopSession, WorkshopTable
from consult.workshops.services import RegistrationInput


@pytest.fixture
def make_workshop(session, make_organisation):
    counter = iter(range(1, 10_000))

    def make(organisation=None, capacity=2, sessions=1, audience=WorkshopAudience.PUBLIC, state=State.PUBLISHED,
             deadline_in_days=10, starts=None, invited=()):
        n = next(counter)
        organisation = organisation or make_organisation()
        now = utcnow()
        consultation = Consultation(
            organisation=organisation, kind=ConsultationKind.WORKSHOP, state=state,
            audience=Audience.INVITED if audience is WorkshopAudience.INVITED else Audience.PUBLIC,
            slug=f"werkatelier-{n}", title=f"Werkatelier {n}", summary="Samen werken we acties uit.",
            reference_prefix=f"WT{chr(64 + n)}", opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=deadline_in_days))
        workshop = Workshop(consultation=consultation, audience=audience, accessibility="Er is een lift.",
                            invited=list(invited))
        first = starts or (now + timedelta(days=deadline_in_days + 5)).replace(microsecond=0)
        for i in range(sessions):
            start = first + timedelta(days=7 * i)
            workshop.sessions.append(WorkshopSession(
                starts_at=start, ends_at=start + timedelta(hours=3), capacity=capacity, place="Stadhuis",
                address="Stadhuisplein 1, Almere", route="Bus 5 tot het stadhuis."))
        workshop.tables = [WorkshopTable(title="Wonen", facilitator="Anna", position=1),
                           WorkshopTable(title="Zorg en Veiligheid", facilitator="Bram", position=2)]
        session.add(workshop)
        session.commit()
        return workshop

    return make


def person(n: int, **fields) -> RegistrationInput:
    return RegistrationInput(**{"name": f"Deelnemer {n}", "email": f"deelnemer{n}@example.org", **fields})


def amsterdam(*args) -> datetime:
    return datetime(*args, tzinfo=AMSTERDAM)


def during(session: WorkshopSession) -> datetime:
    """A moment in the session's card window (``permissions.card_window_open``): its start."""
    return session.starts_at
