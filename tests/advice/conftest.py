"""An adviesraad (Council C, two members) invited to municipality A's feedbackronde, next to a care
provider X that is invited too; a public ter-inzage consultation of A for unsolicited advice; and
officials of A and of B, a resident and an admin."""
from dataclasses import dataclass

import pytest

from consult.accounts.models import User
from consult.advice.models import Advice, AdvicePoint, AdviceState, Verdict
from consult.consultations.models import Audience, Consultation, ConsultationKind
from consult.core.db import utcnow
from consult.organisations.models import Organisation, OrganisationKind
from consult.rounds.models import FeedbackRound, RoundInvitation
from tests.rounds.conftest import MARKDOWN, person


@dataclass
class AdviceWorld:
    round: Consultation
    public: Consultation
    council: Organisation
    x: Organisation
    invitation_c: RoundInvitation
    users: dict[str, User]


@pytest.fixture
def advice_world(session, make_organisation, make_consultation):
    region = make_organisation(kind=OrganisationKind.REGION, name="Regio Test")
    a = make_organisation(name="Gemeente A", region=region)
    b = make_organisation(name="Gemeente B")
    council = make_organisation(kind=OrganisationKind.ADVISORY_COUNCIL, name="Participatieraad C", region=region)
    x = make_organisation(kind=OrganisationKind.CARE_PROVIDER, name="Zorg X", region=region)
    users = {
        "member_c": person("Youssef van C", partner_of=council),
        "colleague_c": person("Marieke van C", partner_of=council),
        "partner_x": person("Sanne van X", partner_of=x),
        "official_a": person("Anna Ambtenaar", official_of=a),
        "official_b": person("Bert Ambtenaar", official_of=b),
        "resident": person("Iris Inwoner"),
        "admin": person("Bea Beheer", is_admin=True),
    }
    users["colleague_c"].locale = "en"
    session.add_all(users.values())
    feedback = make_consultation(organisation=a, kind=ConsultationKind.PARTNER_ROUND, audience=Audience.INVITED,
                                 markdown=MARKDOWN, title="Feedbackronde agenda", reference_prefix="RND")
    public = make_consultation(organisation=a, markdown=MARKDOWN, title="Agenda ter inzage", reference_prefix="INZ")
    feedback_round = FeedbackRound(consultation=feedback)
    now = utcnow()
    invitation_c = RoundInvitation(round=feedback_round, organisation=council, invited_at=now)
    RoundInvitation(round=feedback_round, organisation=x, invited_at=now)
    session.add(feedback_round)
    session.commit()
    return AdviceWorld(feedback, public, council, x, invitation_c, users)


def given_advice(session, world: AdviceWorld, points: int = 3, answered: int = 0) -> Advice:
    """Submitted advice of the council in the round, with ``points`` points of which ``answered`` answered."""
    now = utcnow()
    advice = Advice(consultation=world.round, organisation=world.council, invitation=world.invitation_c,
                    state=AdviceState.SUBMITTED, body="Wij adviseren positief.", reference="RND-2026-0001",
                    submitted_at=now, submitted_by_id=world.users["member_c"].id)
    for n in range(1, points + 1):
        advice.points.append(AdvicePoint(number=n, body=f"Adviespunt nummer {n}.", created_at=now,
                                         verdict=Verdict.ADOPTED if n <= answered else None,
                                         reasons="Zo doen we het." if n <= answered else ""))
    session.add(advice)
    session.commit()
    return advice
