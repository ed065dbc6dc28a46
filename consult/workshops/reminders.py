"""The reminder the day before a session, sent by the worker to everyone with a place.

A session's reminder is claimed by one conditional UPDATE (``reminder_sent_at`` from empty to now); the
mails are queued and committed in that same transaction, so with any number of workers each person gets
it once. A session due within the next day that has not had its reminder gets it at once: a session added
at short notice is still reminded (``WorkshopSession.reminder_due``). A session moved to a later day after
its reminder went out is reminded again before its new start (``services.update_session``)."""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from consult.consultations.models import Consultation, State
from consult.extensions import db
from consult.jobs.periodic import periodic
from consult.workshops.models import Registration, RegistrationStatus, Workshop, WorkshopSession
from consult.workshops.services import mail_registration


def _claim(session_id: int, at: datetime) -> bool:
    result = db.session.execute(
        sa.update(WorkshopSession).where(WorkshopSession.id == session_id, WorkshopSession.reminder_sent_at.is_(None))
        .values(reminder_sent_at=at).execution_options(synchronize_session=False))
    return result.rowcount == 1


@periodic("workshop_reminders", every=timedelta(minutes=5))
def send_due_reminders(now: datetime) -> int:
    """Remind the people of every published session that starts within a day. Returns the mails queued."""
    due = db.session.scalars(
        sa.select(WorkshopSession.id).join(Workshop).join(Consultation)
        .where(Consultation.state != State.DRAFT, WorkshopSession.reminder_due(now))
        .order_by(WorkshopSession.id)).all()
    db.session.commit()  # ends the read; each claim is a short transaction of its own
    mailed = 0
    for session_id in due:
        if _claim(session_id, now):
            people = db.session.scalars(sa.select(Registration).where(
                Registration.session_id == session_id, Registration.status == RegistrationStatus.CONFIRMED)
                .order_by(Registration.id)).all()
            for registration in people:
                mail_registration(registration, "workshop_reminder", now)
            mailed += len(people)
        db.session.commit()
    return mailed
