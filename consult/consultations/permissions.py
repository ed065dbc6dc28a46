"""Who may see, manage and react on a consultation."""
from __future__ import annotations

from consult.consultations.models import Audience, Consultation, State
from consult.core.db import utcnow
from consult.core.permissions import rule
from consult.organisations.permissions import is_official_of


@rule
def is_official_of_owner(user, consultation: Consultation) -> bool:
    return is_official_of(user, consultation.organisation)


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


MANAGE_CONSULTATION = is_official_of_owner
VIEW_CONSULTATION = is_official_of_owner | is_public
REACT = is_public & is_open_now
