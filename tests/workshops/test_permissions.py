"""Who may see, register for and manage a werkatelier: a role × state table, asked as plain functions."""
import pytest
from flask_login import AnonymousUserMixin

from consult.consultations.models import State
from consult.organisations.models import OrganisationKind
from consult.workshops.models import WorkshopAudience
from consult.workshops.permissions import MANAGE_WORKSHOP, REGISTER, VIEW_WORKSHOP

ROLES = ("anonymous", "resident", "invited_partner", "other_partner", "owner_official", "other_official")
# (audience, state, deadline passed): the roles that may view, register, manage
CASES = [
    ((WorkshopAudience.PUBLIC, State.PUBLISHED, False),
     ({"anonymous", "resident", "invited_partner", "other_partner", "owner_official", "other_official"},
      {"anonymous", "resident", "invited_partner", "other_partner", "owner_official", "other_official"}, {"owner_official"})),
    ((WorkshopAudience.PUBLIC, State.PUBLISHED, True),
     ({"anonymous", "resident", "invited_partner", "other_partner", "owner_official", "other_official"}, set(), {"owner_official"})),
    ((WorkshopAudience.PUBLIC, State.DRAFT, False), ({"owner_official"}, set(), {"owner_official"})),
    ((WorkshopAudience.INVITED, State.PUBLISHED, False),
     ({"invited_partner", "owner_official"}, {"invited_partner"}, {"owner_official"})),
    ((WorkshopAudience.BOTH, State.PUBLISHED, False),
     ({"anonymous", "resident", "invited_partner", "other_partner", "owner_official", "other_official"},
      {"anonymous", "resident", "invited_partner", "other_partner", "owner_official", "other_official"}, {"owner_official"})),
]


@pytest.mark.parametrize(("case", "expected"), CASES)
def test_role_by_state(app_context, make_workshop, make_organisation, make_user, case, expected):
    audience, state, deadline_passed = case
    owner = make_organisation(name="Regio")
    invited, other = (make_organisation(kind=OrganisationKind.CARE_PROVIDER), make_organisation(kind=OrganisationKind.WELFARE))
    workshop = make_workshop(organisation=owner, audience=audience, state=state, deadline_in_days=-1 if deadline_passed else 5,
                             invited=[invited])
    users = {"anonymous": AnonymousUserMixin(), "resident": make_user(), "invited_partner": make_user(partner_of=invited),
             "other_partner": make_user(partner_of=other), "owner_official": make_user(official_of=owner),
             "other_official": make_user(official_of=make_organisation())}
    got = tuple({role for role in ROLES if rule(users[role], workshop)} for rule in (VIEW_WORKSHOP, REGISTER, MANAGE_WORKSHOP))
    assert got == expected
