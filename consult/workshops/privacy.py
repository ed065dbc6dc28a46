"""Registrations in the privacy features: own data, erasure, the dossier, and the purge after the werkatelier.

A registration's personal data (name, address, organisation, role, needs) is needed until the werkatelier
has been held and followed up; it goes ``PERSONAL_DATA_RETENTION_DAYS`` after the last session ended. What
stays is that a place was taken and whether the person came (counts, no names)."""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from consult.consultations.models import Consultation
from consult.extensions import db
from consult.outcomes.services import participation_data
from consult.workshops.models import InputCard, Registration, Workshop, WorkshopSession, WorkshopTable
from consult.workshops.services import anonymise_registrations


def registrations_of(email: str, organisation_id: int | None = None) -> list[Registration]:
    """Every registration of this address (not yet anonymised), optionally only in one organisation's werkateliers."""
    query = (sa.select(Registration).join(Registration.session).join(WorkshopSession.workshop).join(Workshop.consultation)
             .where(sa.func.lower(Registration.email) == email.lower(), Registration.anonymised_at.is_(None))
             .order_by(Registration.id).options(selectinload(Registration.tables)))
    if organisation_id is not None:
        query = query.where(Consultation.organisation_id == organisation_id)
    return list(db.session.scalars(query))


def registration_data(registration: Registration) -> dict:
    session = registration.session
    return {
        "workshop": session.workshop.title,
        "organiser": session.workshop.consultation.organisation.name,
        "session_starts_at": session.starts_at.isoformat(),
        "status": registration.status.value,
        "name": registration.name,
        "email": registration.email,
        "organisation": registration.organisation_name,
        "role": registration.role,
        "tables": [t.title for t in registration.tables],
        "needs": registration.needs,
        "registered_at": registration.created_at.isoformat(),
        "consented_at": registration.consented_at.isoformat(),
        "cancelled_at": registration.cancelled_at.isoformat() if registration.cancelled_at else None,
        "attended": registration.attended,
        "email_confirmed_at": registration.email_confirmed_at.isoformat() if registration.email_confirmed_at else None,
        # The cards stay with the table after erasure or the purge; only the link to the name goes.
        "cards": [{"table": table, "kind": card.kind.value, "text": card.text, "written_at": card.created_at.isoformat()}
                  for card, table in db.session.execute(
                      sa.select(InputCard, WorkshopTable.title).join(WorkshopTable, InputCard.table_id == WorkshopTable.id)
                      .where(InputCard.registration_id == registration.id).order_by(InputCard.id))],
        **participation_data(registration.id),
    }


def erase_registrations(email: str, organisation_id: int, at: datetime) -> int:
    """Erasure granted by an organisation: its werkateliers forget this address. Returns how many."""
    return anonymise_registrations(registrations_of(email, organisation_id), at)


def dossier_registrations(consultation: Consultation) -> list[dict]:
    """The registrations of the werkatelier on this consultation, for its archive dossier."""
    return [registration_data(r) for r in db.session.scalars(
        sa.select(Registration).join(Registration.session).join(WorkshopSession.workshop)
        .where(Workshop.consultation_id == consultation.id).order_by(Registration.id)
        .options(selectinload(Registration.tables)))]


def purge_registrations(now: datetime, retention_days: int, dry_run: bool = False) -> int:
    """Anonymise the registrations of werkateliers whose last session ended more than ``retention_days`` ago."""
    cutoff = now - timedelta(days=retention_days)
    last_end = (sa.select(WorkshopSession.workshop_id).group_by(WorkshopSession.workshop_id)
                .having(sa.func.max(WorkshopSession.ends_at) <= cutoff))
    due = (sa.select(Registration).join(Registration.session)
           .where(WorkshopSession.workshop_id.in_(last_end), Registration.anonymised_at.is_(None)))
    if dry_run:
        return db.session.scalar(sa.select(sa.func.count()).select_from(due.subquery()))
    return anonymise_registrations(list(db.session.scalars(due)), now)
