"""Who may see, manage and react on a consultation: role × state, as plain functions."""
from datetime import timedelta

import pytest
from flask_login import AnonymousUserMixin

from consult.accounts.models import Membership, MembershipRole, User
from consult.consultations.models import Audience, Consultation, State
from consult.consultations.permissions import (
    MANAGE_CONSULTATION,
    REACT,
    VIEW_CONSULTATION,
)
from consult.core.db import utcnow
from consult.organisations.models import Organisation, OrganisationKind

OWNER = Organisation(id=1, name="Gemeente A", slug="a", kind=OrganisationKind.MUNICIPALITY)
OTHER = Organisation(id=2, name="Gemeente B", slug="b", kind=OrganisationKind.MUNICIPALITY)
PARTNER_ORG = Organisation(id=3, name="Zorg", slug="zorg", kind=OrganisationKind.CARE_PROVIDER)


def person(role: str):
    if role == "anonymous":
        return AnonymousUserMixin()
    user = User(email=f"{role}@example.org", name=role, is_admin=role == "admin", is_active_account=True)
    org, membership = {
        "official_of_owner": (OWNER, MembershipRole.OFFICIAL),
        "official_of_other": (OTHER, MembershipRole.OFFICIAL),
        "partner": (PARTNER_ORG, MembershipRole.PARTNER),
        "partner_of_owner": (OWNER, MembershipRole.PARTNER),
    }.get(role, (None, None))
    if org:
        user.memberships = [Membership(organisation=org, organisation_id=org.id, role=membership)]
    return user


def consultation(when: str, audience=Audience.PUBLIC) -> Consultation:
    now = utcnow()
    days = {"draft": (-1, 10), "planned": (5, 40), "open": (-1, 10), "closed": (-40, -1)}[when]
    return Consultation(
        organisation=OWNER, organisation_id=OWNER.id, audience=audience,
        state=State.DRAFT if when == "draft" else State.PUBLISHED,
        opens_at=now + timedelta(days=days[0]), closes_at=now + timedelta(days=days[1]),
    )


ROLES = ["anonymous", "resident", "partner", "partner_of_owner", "official_of_other", "official_of_owner", "admin"]
WHEN = ["draft", "planned", "open", "closed"]

# expected (view, manage, react) per role and phase of a public consultation
EXPECTED = {
    ("official_of_owner", w): (True, True, w == "open") for w in WHEN
} | {
    (r, w): (w != "draft", False, w == "open") for r in ROLES if r != "official_of_owner" for w in WHEN
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("when", WHEN)
def test_public_consultation_role_by_phase(role, when):
    user, c = person(role), consultation(when)
    assert (VIEW_CONSULTATION(user, c), MANAGE_CONSULTATION(user, c), REACT(user, c)) == EXPECTED[(role, when)]


@pytest.mark.parametrize("role", ROLES)
def test_invited_consultation_is_not_public(role):
    user, c = person(role), consultation("open", audience=Audience.INVITED)
    assert VIEW_CONSULTATION(user, c) is (role == "official_of_owner")
    assert REACT(user, c) is False


def test_admin_manages_accounts_not_content():
    assert MANAGE_CONSULTATION(person("admin"), consultation("draft")) is False
