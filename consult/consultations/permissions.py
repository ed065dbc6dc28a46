"""Who may see, manage and react on a consultation."""
from __future__ import annotations

from consult.consultations.models import Audience, Consultation, State
from consult.core.db import utcnow
from consult.core.permissions import rule
from consult.organisations.models import OrganisationKind
from consult.organisations.permissions import is_official_of


@rule
def is_official_of_owner(user, consultation: Consultation) -> bool:
    return is_official_of(user, consultation.organisation)


@rule
def is_official_in_owning_region(user, consultation: Consultation) -> bool:
    """An official of a member municipality of the region that owns the consultation: they read the
    region's work that concerns their municipality."""
    owner = consultation.organisation
    return owner.kind is OrganisationKind.REGION and any(is_official_of(user, member) for member in owner.members)


@rule
def region_lets_members_manage(_user, consultation: Consultation) -> bool:
    """The region lets its member municipalities' officials moderate and answer (a setting of the region)."""
    return consultation.organisation.members_may_moderate


@rule
def is_public(_user, consultation: Consultation) -> bool:
    return consultation.state is not State.DRAFT and consultation.audience is Audience.PUBLIC


@rule
def is_open_now(_user, consultation: Consultation) -> bool:
    return consultation.accepts_reactions(utcnow())


@rule
def takes_reports(_user, consultation: Consultation) -> bool:
    """Visitors report published reactions until the decision is taken; after it nobody moderates."""
    return consultation.state is not State.DECIDED


MANAGE_CONSULTATION = is_official_of_owner | (is_official_in_owning_region & region_lets_members_manage)
# What only the owner decides, never a member municipality through the region's grant: publishing, the term,
# the house rules and stukken, the reactienota's publication, the decision and the round's invitations.
DECIDE_FOR_CONSULTATION = is_official_of_owner
VIEW_CONSULTATION = is_official_of_owner | is_official_in_owning_region | is_public
REACT = is_public & is_open_now
