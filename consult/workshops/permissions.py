"""Who may see, manage and register for a werkatelier."""
from __future__ import annotations

from consult.accounts.models import MembershipRole
from consult.core.db import utcnow
from consult.core.permissions import rule
from consult.organisations.permissions import is_official_of
from consult.workshops.models import Workshop


@rule
def is_official_of_owner(user, workshop: Workshop) -> bool:
    return is_official_of(user, workshop.consultation.organisation)


@rule
def is_published(_user, workshop: Workshop) -> bool:
    return workshop.is_published


@rule
def is_open_to_everyone(_user, workshop: Workshop) -> bool:
    return workshop.is_public


@rule
def is_invited(user, workshop: Workshop) -> bool:
    """A member (partner) of one of the invited organisations."""
    if user is None or not user.is_authenticated:
        return False
    invited = {o.id for o in workshop.invited}
    return any(m.organisation_id in invited and m.role is MembershipRole.PARTNER for m in user.memberships)


@rule
def takes_registrations_now(_user, workshop: Workshop) -> bool:
    return workshop.takes_registrations(utcnow())


MANAGE_WORKSHOP = is_official_of_owner
VIEW_WORKSHOP = is_official_of_owner | (is_published & (is_open_to_everyone | is_invited))
REGISTER = is_published & (is_open_to_everyone | is_invited) & takes_registrations_now
