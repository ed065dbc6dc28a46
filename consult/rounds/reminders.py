"""Reminders to invited organisations that have not responded: at the round's reminder moments by the
worker, and by hand by an official. Each reminder is recorded (``RoundReminder``) and mailed to every
active member of the organisation, in that person's language; an organisation with nobody to mail
gets no reminder, recorded or otherwise. Services flush; the caller commits,
except the worker's task, which commits each organisation's reminder on its own."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import selectinload

from consult.audit.services import record_event
from consult.consultations.models import Consultation, ConsultationKind, State
from consult.core.links import external_url
from consult.extensions import db
from consult.jobs.periodic import periodic
from consult.mail.services import queue_mail
from consult.organisations.models import Organisation
from consult.rounds.models import MAX_REMINDER_DAYS, FeedbackRound, ReminderKind, RoundInvitation, RoundReminder
from consult.rounds.services import members_of


class CannotRemind(Exception):
    """The round is a concept, the organisation submitted already, or its deadline has passed: a
    reminder would mislead."""


def _may_be_reminded(invitation: RoundInvitation, at: datetime) -> bool:
    return (invitation.round.consultation.state is not State.DRAFT and not invitation.has_responded
            and not invitation.is_past_deadline(at))


class NobodyToMail(Exception):
    """The organisation has no active person to mail: a reminder would be recorded but reach nobody."""


@dataclass
class Reminded:
    """The reminders sent, and the organisations that were due one but have nobody to mail (no
    reminder is recorded for them)."""

    reminders: list[RoundReminder]
    unreachable: list[Organisation]


def send_reminder(invitation: RoundInvitation, official, at: datetime) -> RoundReminder:
    """A reminder by hand to one organisation. Raises CannotRemind in a concept round, after a response
    or after the organisation's deadline, and NobodyToMail when no active person belongs to it."""
    if not _may_be_reminded(invitation, at):
        raise CannotRemind
    people = members_of([invitation.organisation_id])
    if not people.get(invitation.organisation_id):
        raise NobodyToMail(invitation.organisation.name)
    reminder = RoundReminder(invitation=invitation, kind=ReminderKind.MANUAL, sent_at=at, sent_by_id=official.id)
    db.session.add(reminder)
    reminder.recipients = _mail_members(invitation, people)
    record_event(official, "round_reminder_sent", invitation, invitation.round.consultation.organisation_id,
                 organisation=invitation.organisation.name, people=reminder.recipients)
    return reminder


def remind_everyone_pending(feedback_round: FeedbackRound, official, at: datetime) -> Reminded:
    """A reminder by hand to every invited organisation that has not responded and can still do so,
    and has someone to mail."""
    pending = [i for i in feedback_round.invitations if _may_be_reminded(i, at)]
    people = members_of([i.organisation_id for i in pending])
    reminders = []
    for invitation in pending:
        if not people.get(invitation.organisation_id):
            continue
        reminder = RoundReminder(invitation=invitation, kind=ReminderKind.MANUAL, sent_at=at, sent_by_id=official.id,
                                 recipients=_mail_members(invitation, people))
        db.session.add(reminder)
        reminders.append(reminder)
    record_event(official, "round_reminders_sent", feedback_round.consultation, feedback_round.consultation.organisation_id,
                 organisations=[r.invitation.organisation.name for r in reminders])
    return Reminded(reminders, [i.organisation for i in pending if not people.get(i.organisation_id)])


def _mail_members(invitation: RoundInvitation, people: dict) -> int:
    consultation = invitation.round.consultation
    link = external_url("rounds.show_round", slug=consultation.slug, organisation=invitation.organisation.slug)
    recipients = people.get(invitation.organisation_id, [])
    for user in recipients:
        locale = user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
        with force_locale(locale):
            subject = _("Reminder: %(organisation)s has not yet submitted its comments on %(title)s",
                        organisation=invitation.organisation.name, title=consultation.title)
        queue_mail(user.email, subject, "round_reminder", locale=locale, user=user, invitation=invitation,
                   consultation=consultation, link=link)
    return len(recipients)


def _candidates(now: datetime) -> list[RoundInvitation]:
    """Invitations that may be due a reminder: not submitted, in a published round that has opened,
    with their own deadline ahead but within the furthest reminder moment."""
    deadline = sa.func.coalesce(RoundInvitation.deadline_override, Consultation.closes_at)
    return list(db.session.scalars(
        sa.select(RoundInvitation).join(FeedbackRound).join(Consultation)
        .where(Consultation.kind == ConsultationKind.PARTNER_ROUND, Consultation.state == State.PUBLISHED,
               Consultation.opens_at <= now, ~RoundInvitation.has_responded,
               deadline > now, deadline <= now + timedelta(days=MAX_REMINDER_DAYS))
        .options(selectinload(RoundInvitation.round)).order_by(RoundInvitation.id)))


def _claim(invitation: RoundInvitation, days: int, at: datetime) -> int | None:
    """Insert the automatic reminder unless another worker did: the id, or None when it exists."""
    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    statement = (insert(RoundReminder)
                 .values(invitation_id=invitation.id, kind=ReminderKind.AUTOMATIC, days_before=days,
                         deadline=invitation.deadline, sent_at=at, recipients=0)
                 .on_conflict_do_nothing(index_elements=["invitation_id", "days_before", "deadline"])
                 .returning(RoundReminder.id))
    return db.session.execute(statement).scalar()


@periodic("round_reminders", every=timedelta(minutes=1))
def send_due_reminders(now: datetime) -> int:
    """The worker's reminders at each round's reminder moments (``RoundInvitation.due_reminder``).

    Idempotent with any number of workers: a reminder is claimed by inserting its row, and its mails are
    queued and committed in that same transaction, one organisation at a time; a worker that finds the
    row there already sends nothing. Returns the number of organisations reminded."""
    candidates = _candidates(now)
    sent = {(r.invitation_id, r.days_before, r.deadline) for r in db.session.scalars(
        sa.select(RoundReminder).where(RoundReminder.kind == ReminderKind.AUTOMATIC,
                                       RoundReminder.invitation_id.in_([i.id for i in candidates])))} if candidates else set()
    due = [(i, days) for i in candidates
           if (days := i.due_reminder(i.round.reminder_days, now)) is not None and (i.id, days, i.deadline) not in sent]
    people = members_of([i.organisation_id for i, _days in due])
    # Nobody to mail: no reminder is claimed, so one goes out if a person joins before the deadline.
    due = [(i, days) for i, days in due if people.get(i.organisation_id)]
    db.session.commit()  # ends the read; each claim below is a short transaction of its own
    reminded = 0
    for invitation, days in due:
        reminder_id = _claim(invitation, days, now)
        if reminder_id is not None:
            recipients = _mail_members(invitation, people)
            db.session.execute(sa.update(RoundReminder).where(RoundReminder.id == reminder_id).values(recipients=recipients))
            record_event(None, "round_reminder_sent", invitation, invitation.round.consultation.organisation_id,
                         organisation=invitation.organisation.name, people=recipients, days_before=days)
            reminded += 1
        db.session.commit()
    return reminded
