"""When an official moves a session (earlier or later), what is stored from its start follows it: the time an
unconfirmed registration has to confirm (review of issue 13: moved earlier, a place stayed held past the new
start) and the reminder. What is derived from the start at use (reminder due, card window, attendance,
cancelling) moves by itself; the last test checks that as one table."""
from datetime import timedelta

import pytest

from consult.core.db import utcnow
from consult.workshops.models import RegistrationStatus, confirmation_deadline
from consult.workshops.permissions import card_window_open
from consult.workshops.services import SessionInput, register, release_unconfirmed, update_session
from tests.workshops.conftest import person


def _moved(session, starts_at):
    return SessionInput(starts_at=starts_at, ends_at=starts_at + (session.ends_at - session.starts_at),
                        capacity=session.capacity, place=session.place, address=session.address, route=session.route,
                        online_url=session.online_url)


@pytest.fixture
def now():
    return utcnow().replace(microsecond=0)


def test_moving_a_session_earlier_brings_the_time_to_confirm_before_the_new_start(app_context, session, make_workshop, now):
    workshop = make_workshop(starts=now + timedelta(days=20))
    meeting = workshop.sessions[0]
    registration = register(meeting, person(1), now)
    assert registration.confirm_by == now + timedelta(hours=24)
    new_start = now + timedelta(hours=10)
    update_session(meeting, _moved(meeting, new_start), now)
    session.commit()
    assert registration.confirm_by == confirmation_deadline(now, new_start) == now + timedelta(hours=2)
    assert registration.confirm_by <= new_start


def test_moving_a_session_later_gives_the_full_time_to_confirm(app_context, session, make_workshop, now):
    workshop = make_workshop(starts=now + timedelta(hours=30))
    meeting = workshop.sessions[0]
    registration = register(meeting, person(1), now)
    assert registration.confirm_by == now + timedelta(hours=6)  # 24 hours before the start
    update_session(meeting, _moved(meeting, now + timedelta(days=10)), now + timedelta(hours=1))
    assert registration.confirm_by == now + timedelta(hours=24)


def test_a_confirmed_registration_keeps_no_time_to_confirm_when_the_session_moves(app_context, session, make_workshop, now):
    workshop = make_workshop(starts=now + timedelta(days=20), capacity=5)
    meeting = workshop.sessions[0]
    confirmed = register(meeting, person(1, email_confirmed=True), now)
    update_session(meeting, _moved(meeting, now + timedelta(hours=10)), now)
    assert confirmed.confirm_by is None and confirmed.is_email_confirmed


def test_after_moving_earlier_the_worker_frees_the_unconfirmed_place_in_time_for_the_waiting_list(
        app_context, session, make_workshop, now):
    workshop = make_workshop(starts=now + timedelta(days=20), capacity=1)
    meeting = workshop.sessions[0]
    unconfirmed = register(meeting, person(1), now)
    waiting = register(meeting, person(2, email_confirmed=True), now)
    assert waiting.status is RegistrationStatus.WAITING
    update_session(meeting, _moved(meeting, now + timedelta(hours=10)), now)
    session.commit()
    # Before the fix the place stayed held for 24 hours, past the new start: nobody moved up in time.
    assert release_unconfirmed(now + timedelta(hours=3)) == [unconfirmed]
    session.commit()
    assert unconfirmed.status is RegistrationStatus.CANCELLED and waiting.status is RegistrationStatus.CONFIRMED


def test_a_session_moved_to_a_later_day_after_its_reminder_is_reminded_again(app_context, session, make_workshop, now):
    workshop = make_workshop(starts=now + timedelta(hours=20))
    meeting = workshop.sessions[0]
    assert meeting.reminder_due(now)
    meeting.reminder_sent_at = now
    assert not meeting.reminder_due(now)
    update_session(meeting, _moved(meeting, now + timedelta(hours=22)), now)
    assert meeting.reminder_sent_at == now, "moved within the day: the change mail tells them, no second reminder"
    update_session(meeting, _moved(meeting, now + timedelta(days=7)), now)
    assert meeting.reminder_sent_at is None
    assert not meeting.reminder_due(now) and meeting.reminder_due(now + timedelta(days=6, hours=1))


def test_what_is_derived_from_the_start_follows_a_move(app_context, session, make_workshop, now):
    """Card window, attendance, cancelling, reminder due: asked after a move, they answer for the new start."""
    workshop = make_workshop(starts=now + timedelta(days=20))
    meeting = workshop.sessions[0]
    registration = register(meeting, person(1, email_confirmed=True), now)
    update_session(meeting, _moved(meeting, now + timedelta(minutes=30)), now)
    assert card_window_open(registration, now) and registration.can_cancel(now)
    assert not meeting.attendance_open(now) and meeting.reminder_due(now)
    assert meeting.attendance_open(now + timedelta(minutes=30)) and not registration.can_cancel(now + timedelta(minutes=30))
