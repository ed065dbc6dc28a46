"""Who may see, manage and register for a werkatelier.

A werkatelier lives on a consultation, so the officials' rules are the consultation's, asked of it:
officials of the owner and of a region's member municipalities read it (VIEW_CONSULTATION's officials),
including its registrations; what changes the werkatelier (its details, sessions, tables, publishing, mail to
registrants, attendance, names with cards) stays the owner's (DECIDE_FOR_CONSULTATION)."""
from __future__ import annotations

from datetime import datetime

from consult.accounts.models import MembershipRole
from consult.consultations.permissions import DECIDE_FOR_CONSULTATION
from consult.consultations.permissions import is_official_in_owning_region as _in_owning_region
from consult.core.db import utcnow
from consult.core.permissions import is_admin, rule
from consult.organisations.permissions import is_official_of
from consult.workshops.models import Registration, Workshop, WorkshopSession


@rule
def is_official_of_owner(user, workshop: Workshop) -> bool:
    return is_official_of(user, workshop.consultation.organisation)


@rule
def is_official_in_owning_region(user, workshop: Workshop) -> bool:
    """An official of a member municipality of the region that owns the werkatelier."""
    return _in_owning_region(user, workshop.consultation)


@rule
def may_decide(user, workshop: Workshop) -> bool:
    return DECIDE_FOR_CONSULTATION(user, workshop.consultation)


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


@rule
def governs_an_organisation(user, _obj=None) -> bool:
    """An official of at least one municipality or region: a new werkatelier is theirs."""
    return bool(user is not None and user.is_authenticated and user.governed_organisations)


MANAGE_WORKSHOP = may_decide
# Creating is for officials; the admin manages accounts and organisations, not content (DESIGN.md).
CREATE_WORKSHOP = governs_an_organisation
# The management page, the session pages, the registrations, their exports and the sign-in list, read only.
READ_REGISTRATIONS = is_official_of_owner | is_official_in_owning_region
# The management page and the session pages (no personal data) also for the admin, who keeps an overview of
# every werkatelier; registrations and outcomes (people's names, their input) are not the admin's.
READ_WORKSHOP_ADMIN = READ_REGISTRATIONS | is_admin
VIEW_WORKSHOP = READ_WORKSHOP_ADMIN | (is_published & (is_open_to_everyone | is_invited))
REGISTER = is_published & (is_open_to_everyone | is_invited) & takes_registrations_now


def may_mark_attendance(user, session: WorkshopSession, at: datetime) -> bool:
    """Saving who came: the owner's officials (MANAGE_WORKSHOP), once the session has started
    (``WorkshopSession.attendance_open``). Asked by the attendance view, its template (the form or only the
    list) and ``services.set_attendance``."""
    return MANAGE_WORKSHOP(user, session.workshop) and session.attendance_open(at)


def card_window_open(registration: Registration | None, at: datetime) -> bool:
    """Adding a card at ``at`` (UTC): only through a registration with a place, from an hour before its
    session's start until the end of the session's day, and not when marked absent
    (``Registration.cards_closed`` says which of these closes it). Asked by the cards view, its template (the
    form) and ``services.add_card``."""
    return registration is not None and registration.has_place and registration.cards_closed(at) is None
