"""A feedbackronde of municipality A with two invited organisations (X and Y) and one outsider (Z)."""
from dataclasses import dataclass

import pytest

from consult.accounts.models import Membership, MembershipRole, User
from consult.consultations.models import Audience, Consultation, ConsultationKind
from consult.core.db import utcnow
from consult.organisations.models import Organisation, OrganisationKind
from consult.rounds.models import FeedbackRound, RoundInvitation
from tests.conftest import password_hash

MARKDOWN = "# Inleiding\n\nWaarom deze agenda.\n\n# Wonen\n\nGenoeg woningen voor iedereen.\n\n# Jeugd\n\nHulp dichtbij."


@dataclass
class RoundWorld:
    consultation: Consultation
    round: FeedbackRound
    x: Organisation
    y: Organisation
    z: Organisation
    invitation_x: RoundInvitation
    invitation_y: RoundInvitation
    users: dict[str, User]


def person(name: str, partner_of=None, official_of=None, is_admin=False) -> User:
    user = User(email=f"{name.split()[0].lower()}@example.org", name=name, is_admin=is_admin, password_hash=password_hash())
    if partner_of is not None:
        user.memberships.append(Membership(organisation=partner_of, role=MembershipRole.PARTNER))
    if official_of is not None:
        user.memberships.append(Membership(organisation=official_of, role=MembershipRole.OFFICIAL))
    return user


@pytest.fixture
def round_world(session, make_organisation, make_consultation):
    region = make_organisation(kind=OrganisationKind.REGION, name="Regio Test")
    a = make_organisation(name="Gemeente A", region=region)
    b = make_organisation(name="Gemeente B", region=region)
    x = make_organisation(kind=OrganisationKind.CARE_PROVIDER, name="Zorg X", region=region)
    y = make_organisation(kind=OrganisationKind.HOUSING_CORPORATION, name="Wonen Y", region=region)
    z = make_organisation(kind=OrganisationKind.CLIENT_COUNCIL, name="Raad Z")
    users = {
        "resident": person("Iris Inwoner"),
        "partner_x": person("Sanne van X", partner_of=x),
        "colleague_x": person("Kees van X", partner_of=x),
        "partner_y": person("Yara van Y", partner_of=y),
        "partner_z": person("Zeno van Z", partner_of=z),
        "official_a": person("Anna Ambtenaar", official_of=a),
        "official_b": person("Bert Ambtenaar", official_of=b),
        "admin": person("Bea Beheer", is_admin=True),
    }
    session.add_all(users.values())
    consultation = make_consultation(organisation=a, kind=ConsultationKind.PARTNER_ROUND, audience=Audience.INVITED,
                                     markdown=MARKDOWN, title="Feedbackronde agenda")
    feedback_round = FeedbackRound(consultation=consultation)
    now = utcnow()
    invitation_x = RoundInvitation(round=feedback_round, organisation=x, invited_at=now)
    invitation_y = RoundInvitation(round=feedback_round, organisation=y, invited_at=now)
    session.add(feedback_round)
    session.commit()
    return RoundWorld(consultation, feedback_round, x, y, z, invitation_x, invitation_y, users)
