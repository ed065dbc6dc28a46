"""The reminder the day before: to everyone with a place, once, also when two workers run the task."""
from datetime import UTC, timedelta

import pytest
import sqlalchemy as sa

from consult.consultations.models import State
from consult.core.db import utcnow
from consult.core.i18n import AMSTERDAM
from consult.mail.models import OutboxMessage
from consult.workshops.reminders import send_due_reminders
from consult.workshops.services import register
from tests.workshops.conftest import amsterdam, person


def reminders(session):
    return session.scalars(sa.select(OutboxMessage.recipient).where(OutboxMessage.subject.like("Morgen:%"))
                           .order_by(OutboxMessage.recipient)).all()


def test_the_day_before_everyone_with_a_place_is_reminded_once(app_context, session, make_workshop):
    now = utcnow()
    # 13:30 in Amsterdam, three days on: 20 hours before is the afternoon before, whatever the hour of the run.
    later = (now + timedelta(days=3)).astimezone(AMSTERDAM)
    starts = amsterdam(later.year, later.month, later.day, 13, 30).astimezone(UTC)
    workshop = make_workshop(capacity=1, deadline_in_days=1, starts=starts)
    meeting = workshop.sessions[0]
    register(meeting, person(1), now)
    register(meeting, person(2), now)  # waiting list: no reminder
    session.commit()
    assert send_due_reminders(now) == 0  # three days ahead: not yet
    day_before = meeting.starts_at - timedelta(hours=20)
    assert send_due_reminders(day_before) == 1
    assert send_due_reminders(day_before + timedelta(minutes=5)) == 0  # a second worker, or the next round
    assert reminders(session) == ["deelnemer1@example.org"]
    reminder = session.scalar(sa.select(OutboxMessage).where(OutboxMessage.subject.like("Morgen:%")))
    assert reminder.attachment_name == "werkatelier.ics"
    session.refresh(meeting)
    assert meeting.reminder_sent_at is not None


def test_a_concept_sends_no_reminder(app_context, session, make_workshop):
    now = utcnow()
    workshop = make_workshop(state=State.DRAFT, starts=now + timedelta(hours=10))
    assert send_due_reminders(now) == 0
    assert workshop.sessions[0].reminder_sent_at is None


def test_two_workers_that_both_saw_the_session_due_claim_it_once(app_context, session, make_workshop):
    from consult.workshops.reminders import _claim

    now = utcnow()
    workshop = make_workshop(starts=now + timedelta(hours=10))
    # Both workers read the session as due before either claimed it; only one UPDATE finds it unclaimed.
    assert _claim(workshop.sessions[0].id, now) is True
    assert _claim(workshop.sessions[0].id, now) is False


@pytest.mark.parametrize(("sent", "starts", "subject", "line"), [
    # 18:04, a session at 20:00 the same evening: today (finding 23 of the outside test).
    ((2030, 11, 30, 18, 4), (2030, 11, 30, 20, 0), "Vandaag: ", "Vandaag is het werkatelier"),
    ((2030, 11, 30, 23, 30), (2030, 12, 1, 10, 0), "Morgen: ", "Morgen is het werkatelier"),
    # A quarter past midnight in summer is still the evening before in UTC: the Dutch day counts.
    ((2030, 6, 1, 0, 15), (2030, 6, 1, 9, 0), "Vandaag: ", "Vandaag is het werkatelier"),
])
def test_the_reminder_says_today_or_tomorrow_from_the_dutch_dates(app_context, session, make_workshop, sent, starts, subject, line):
    at = amsterdam(*sent).astimezone(UTC)
    workshop = make_workshop(starts=amsterdam(*starts).astimezone(UTC))
    register(workshop.sessions[0], person(1), utcnow())
    register(workshop.sessions[0], person(2, locale="en"), utcnow())
    session.commit()
    before = session.scalar(sa.select(sa.func.max(OutboxMessage.id)))
    assert send_due_reminders(at) == 2
    mails = {m.recipient: m for m in session.scalars(sa.select(OutboxMessage).where(OutboxMessage.id > before))}
    dutch, english = mails["deelnemer1@example.org"], mails["deelnemer2@example.org"]
    assert dutch.subject.startswith(subject) and line in dutch.body_text
    english_word = "Today" if subject == "Vandaag: " else "Tomorrow"
    assert english.subject.startswith(f"{english_word}: ") and f"{english_word} is the werkatelier" in english.body_text
