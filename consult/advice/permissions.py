"""Who may draft, submit, read and answer advice.

An adviesraad gives advice on a consultation when it was invited to the consultation's feedbackronde
(solicited), or unasked on any published public consultation of its own region or of a municipality in
that region (unsolicited). Only its members act for it; memberships are read per request, so a removed
member loses access at once. Views answer 404 where a rule fails, so nothing about a round leaks.
"""
from __future__ import annotations

from consult.advice.models import Advice, AdviceState
from consult.advice.queries import open_points
from consult.consultations.models import Audience, Consultation, State
from consult.core.db import utcnow
from consult.core.permissions import rule
from consult.organisations.models import OrganisationKind
from consult.organisations.permissions import is_official_of
from consult.rounds.permissions import member_organisation_ids


@rule
def is_member_of_adviser(user, advice: Advice) -> bool:
    return advice.organisation.id in member_organisation_ids(user)


@rule
def adviser_is_advisory_council(_user, advice: Advice) -> bool:
    return advice.organisation.kind is OrganisationKind.ADVISORY_COUNCIL


@rule
def was_asked(_user, advice: Advice) -> bool:
    """The adviesraad is invited to the consultation's round, or asked for advice on it (a ter-inzage),
    and the consultation is published."""
    return ((advice.invitation is not None or advice.request is not None)
            and advice.consultation.state is not State.DRAFT)


def is_in_region_of(consultation: Consultation, organisation) -> bool:
    """The consultation belongs to the organisation's region or to a municipality in it."""
    region_id = organisation.region_id
    owner = consultation.organisation
    return region_id is not None and region_id in (owner.id, owner.region_id)


@rule
def may_advise_unasked(_user, advice: Advice) -> bool:
    consultation = advice.consultation
    return (consultation.state is not State.DRAFT and consultation.audience is Audience.PUBLIC
            and is_in_region_of(consultation, advice.organisation))


@rule
def accepts_changes_now(_user, advice: Advice) -> bool:
    return advice.accepts_changes(utcnow())


@rule
def accepts_later_changes_now(_user, advice: Advice) -> bool:
    return advice.accepts_later_changes(utcnow())


@rule
def is_official_of_consultation_owner(user, advice: Advice) -> bool:
    return is_official_of(user, advice.consultation.organisation)


@rule
def is_given(_user, advice: Advice) -> bool:
    return advice.state is not AdviceState.CONCEPT


@rule
def answers_are_open(_user, advice: Advice) -> bool:
    """Answers change until the reactienota is published (the consultation becomes 'verwerkt')."""
    return advice.consultation.state is State.PUBLISHED


def advice_all_answered(consultation: Consultation) -> bool:
    """Whether every point of every submitted advice on the consultation has an answer: the reactienota
    is published only then (the municipality must answer an adviesraad's advice, Wmo 2015 art. 2.1.3)."""
    return not open_points(consultation)


# A member of the adviesraad reads its advice (draft and given) on this consultation...
VIEW_AS_ADVISER = is_member_of_adviser & adviser_is_advisory_council & (was_asked | may_advise_unasked)
# ...and drafts and submits it while it is a concept, before the deadline.
DRAFT_ADVICE = VIEW_AS_ADVISER & accepts_changes_now
# ...and changes it after submission until its deadline (every version is kept, the officials are told).
CHANGE_GIVEN_ADVICE = VIEW_AS_ADVISER & accepts_later_changes_now
# The consultation's officials answer given advice until the reactienota is published.
READ_GIVEN_ADVICE = is_official_of_consultation_owner & is_given
ANSWER_ADVICE = READ_GIVEN_ADVICE & answers_are_open


def may_be_asked_for_advice(consultation: Consultation, organisation) -> bool:
    """An adviesraad is asked for advice on a published or concept ter-inzage (a feedbackronde asks through
    its invitation instead), before the reactienota is published."""
    from consult.consultations.models import ConsultationKind

    return (organisation.kind is OrganisationKind.ADVISORY_COUNCIL
            and consultation.kind is ConsultationKind.PUBLIC_INSPECTION
            and consultation.state in (State.DRAFT, State.PUBLISHED))
