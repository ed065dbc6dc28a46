"""Who may record outcomes, and what a participant may do with the verslag.

Officials of the werkatelier's owner record outcomes and set up the verslag (``MANAGE_OUTCOMES``).
Participants act through their registration link, not an account, so their rules are plain predicates on
the registration: a person with a place (confirmed) reads the published verslag; while it is open, those
who took part in a session it is about (``Registration.took_part``: the session has begun, and they were
marked present when officials marked who came) comment, and vote for ideas. A place in a session still to
come reads the verslag but does not vote: the verslag is about what was said in the sessions held.
"""
from __future__ import annotations

from datetime import datetime

from consult.core.permissions import rule
from consult.outcomes.models import Verslag, WorkshopOutcome
from consult.workshops.models import Registration, RegistrationStatus
from consult.workshops.permissions import READ_REGISTRATIONS, is_official_in_owning_region, is_official_of_owner

MANAGE_OUTCOMES = is_official_of_owner
# The outcomes page read only: whoever reads the werkatelier's management pages (member municipalities of
# the owning region too). Recording and changing outcomes and the verslag's settings stay MANAGE_OUTCOMES.
READ_OUTCOMES = READ_REGISTRATIONS


@rule
def region_lets_members_moderate(_user, workshop) -> bool:
    """The region's grant (``Organisation.members_may_moderate``), as for its consultations."""
    return workshop.consultation.organisation.members_may_moderate


# Judging the participants' reactions on the verslag is moderation: the owner's, and where the region grants it
# (as for its consultations, consult.consultations.permissions.MANAGE_CONSULTATION), its members' officials.
MODERATE_VERSLAG = MANAGE_OUTCOMES | (is_official_in_owning_region & region_lets_members_moderate)


def is_participant(registration: Registration | None) -> bool:
    """Had a place in a session (not on the waiting list, not cancelled) and was not anonymised."""
    return (registration is not None and registration.status is RegistrationStatus.CONFIRMED
            and registration.anonymised_at is None)


def may_see_verslag(registration: Registration | None, verslag: Verslag | None) -> bool:
    return is_participant(registration) and verslag is not None and verslag.is_published


def may_react(registration: Registration | None, verslag: Verslag | None, at: datetime) -> bool:
    """Comment (and vote) only after taking part, and while the verslag is open: published and before its
    closing moment."""
    return may_see_verslag(registration, verslag) and registration.took_part(at) and verslag.is_open(at)


def may_vote_for(registration: Registration | None, verslag: Verslag | None, outcome: WorkshopOutcome, at: datetime) -> bool:
    """Votes are for ideas of the registration's own werkatelier, while the verslag is open."""
    return (may_react(registration, verslag, at) and outcome.is_idea
            and outcome.workshop_id == registration.session.workshop_id)
