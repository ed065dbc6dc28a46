"""Read-side selects for werkatelier pages, lists and exports."""
from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import abort
from flask_login import current_user
from sqlalchemy.orm import selectinload

from consult.consultations.models import Consultation, State
from consult.core.permissions import require
from consult.extensions import db
from consult.workshops.models import (
    InputCard,
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopAudience,
    WorkshopSession,
    WorkshopTable,
    link_digest,
)
from consult.workshops.permissions import VIEW_WORKSHOP


def workshop_or_404(slug: str, permission=None) -> Workshop:
    """The werkatelier with this slug. Whoever may not see it gets the 404 of a slug that does not exist;
    whoever may see it but not ``permission`` gets 401 or 403."""
    workshop = db.session.scalar(sa.select(Workshop).join(Workshop.consultation).where(Consultation.slug == slug)
                                 .options(selectinload(Workshop.sessions), selectinload(Workshop.tables),
                                          selectinload(Workshop.invited)))
    if workshop is None or not VIEW_WORKSHOP(current_user, workshop):
        abort(404)
    if permission is not None:
        require(permission, workshop)
    return workshop


def session_of(workshop: Workshop, session_id: int) -> WorkshopSession:
    for session in workshop.sessions:
        if session.id == session_id:
            return session
    abort(404)


def workshop_of_consultation(consultation: Consultation) -> Workshop | None:
    return db.session.scalar(sa.select(Workshop).where(Workshop.consultation_id == consultation.id))


def workshops_of(organisation_ids: list[int] | None) -> list[Workshop]:
    """The werkateliers of these organisations (every one for None), latest deadline first."""
    query = sa.select(Workshop).join(Workshop.consultation)
    if organisation_ids is not None:
        query = query.where(Consultation.organisation_id.in_(organisation_ids))
    return list(db.session.scalars(query.order_by(Consultation.closes_at.desc()).options(selectinload(Workshop.sessions))))


def coming_workshops(now: datetime, organisation_ids: list[int] | None = None) -> list[Workshop]:
    """Published werkateliers open to everyone whose last session is still ahead, soonest first, for the
    home page and an organisation's page."""
    still_ahead = sa.select(WorkshopSession.workshop_id).where(WorkshopSession.ends_at > now)
    query = (sa.select(Workshop).join(Workshop.consultation)
             .where(Consultation.state != State.DRAFT, Workshop.audience != WorkshopAudience.INVITED,
                    Workshop.id.in_(still_ahead))
             .order_by(Consultation.closes_at).options(selectinload(Workshop.sessions)))
    if organisation_ids is not None:
        query = query.where(Consultation.organisation_id.in_(organisation_ids))
    return list(db.session.scalars(query))


def registrations(session: WorkshopSession, statuses=(RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)) -> list[Registration]:
    """The session's registrations, places first then the waiting list in its order, with their tables."""
    order = sa.case((Registration.status == RegistrationStatus.CONFIRMED, 0), else_=1)
    return list(db.session.scalars(
        sa.select(Registration).where(Registration.session_id == session.id, Registration.status.in_(statuses))
        .order_by(order, Registration.id).options(selectinload(Registration.tables))))


@dataclass
class TableGroup:
    table: WorkshopTable | None  # None: no table chosen
    registrations: list[Registration]


def by_table(workshop: Workshop, confirmed: list[Registration]) -> list[TableGroup]:
    """Confirmed registrations per table they chose (a person who chose two tables is under both)."""
    groups = [TableGroup(t, [r for r in confirmed if t in r.tables]) for t in workshop.tables]
    groups.append(TableGroup(None, [r for r in confirmed if not r.tables]))
    return groups


def registration_by_token(token: str) -> Registration | None:
    """The registration whose personal link carries ``token`` (as typed in the URL); None for a token that
    is malformed, forged, or ended by a new nonce."""
    number, _, digest = token.partition(".")
    if not (number.isascii() and number.isdigit() and len(number) <= 12 and digest.isascii() and len(digest) == 32):
        return None
    registration = db.session.get(Registration, int(number))
    if registration is None or not hmac.compare_digest(digest, link_digest(registration.id, registration.nonce)):
        return None
    return registration


def table_of(workshop: Workshop, table_id: int) -> WorkshopTable:
    for table in workshop.tables:
        if table.id == table_id:
            return table
    abort(404)


def of_session(session: WorkshopSession):
    """The condition "this card was written in ``session``": by a person registered for it. A table's cards
    of two sessions are two conversations, never shown as one (tester finding 20)."""
    return InputCard.registration_id.in_(sa.select(Registration.id).where(Registration.session_id == session.id))


def cards_at(table: WorkshopTable, session: WorkshopSession) -> list[InputCard]:
    """The table's cards written in ``session`` (the participant's own), newest first, with who wrote them
    only when the facilitator chose to show names: then the writers' names alone (not their sessions), so a
    busy table stays one page of cards."""
    query = sa.select(InputCard).where(InputCard.table_id == table.id, of_session(session)).order_by(InputCard.id.desc())
    if table.shows_names:
        query = query.options(selectinload(InputCard.registration).load_only(Registration.name)
                              .lazyload(Registration.session))
    return list(db.session.scalars(query))
