"""Registering, the waiting list, cancelling and moving up, with the mails each step sends."""
from datetime import timedelta
from email import message_from_bytes

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from consult.consultations.models import State
from consult.core.db import utcnow
from consult.mail.delivery import as_email
from consult.mail.models import OutboxMessage
from consult.workshops.models import RegistrationStatus
from consult.workshops.services import (
    AlreadyRegistered,
    RegistrationClosed,
    SessionInput,
    cancel_registration,
    promote_waiting,
    register,
    update_session,
)
from tests.workshops.conftest import person


def mails_to(session, address):
    return session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == address).order_by(OutboxMessage.id)).all()


def test_places_then_the_waiting_list(app_context, session, make_workshop):
    workshop = make_workshop(capacity=2)
    meeting = workshop.sessions[0]
    now = utcnow()
    first, second, third = (register(meeting, person(n), now) for n in (1, 2, 3))
    assert [r.status for r in (first, second, third)] == [RegistrationStatus.CONFIRMED, RegistrationStatus.CONFIRMED,
                                                          RegistrationStatus.WAITING]
    session.refresh(meeting)
    assert meeting.confirmed_count == 2 and meeting.is_full
    assert "wachtlijst" in mails_to(session, "deelnemer3@example.org")[0].subject


def test_the_confirmation_carries_the_session_as_ics(app_context, session, make_workshop):
    workshop = make_workshop()
    register(workshop.sessions[0], person(1, table_ids=[workshop.tables[1].id]), utcnow())
    message = mails_to(session, "deelnemer1@example.org")[0]
    email = message_from_bytes(as_email(message, "consult@example.org").as_bytes())
    parts = {part.get_filename(): part for part in email.walk() if part.get_filename()}
    calendar = Calendar.from_ical(parts["werkatelier.ics"].get_payload(decode=True))
    event = calendar.walk("VEVENT")[0]
    assert event.decoded("DTSTART") == workshop.sessions[0].starts_at
    assert "Zorg en Veiligheid" in message.body_text  # the table chosen
    assert "/werkateliers/afmelden/" in message.body_text


def test_mail_goes_out_in_the_registrants_language(app_context, session, make_workshop):
    workshop = make_workshop()
    register(workshop.sessions[0], person(1, locale="nl"), utcnow())
    register(workshop.sessions[0], person(2, locale="en"), utcnow())
    assert mails_to(session, "deelnemer1@example.org")[0].subject.startswith("Bevestig uw aanmelding")
    assert mails_to(session, "deelnemer2@example.org")[0].subject.startswith("Confirm your registration")


def test_one_address_registers_once_per_session(app_context, session, make_workshop):
    workshop = make_workshop()
    register(workshop.sessions[0], person(1), utcnow())
    with pytest.raises(AlreadyRegistered):
        register(workshop.sessions[0], person(1, email="DEELNEMER1@example.org"), utcnow())


@pytest.mark.parametrize(("state", "deadline_in_days"), [(State.DRAFT, 10), (State.PUBLISHED, -1)])
def test_no_registration_for_a_concept_or_after_the_deadline(app_context, session, make_workshop, state, deadline_in_days):
    workshop = make_workshop(state=state, deadline_in_days=deadline_in_days)
    with pytest.raises(RegistrationClosed):
        register(workshop.sessions[0], person(1), utcnow())


def test_cancelling_gives_the_place_to_the_first_on_the_waiting_list(app_context, session, make_workshop):
    workshop = make_workshop(capacity=1)
    meeting = workshop.sessions[0]
    now = utcnow()
    holder, waiting_first, waiting_second = (register(meeting, person(n), now) for n in (1, 2, 3))
    moved = cancel_registration(holder, now + timedelta(minutes=5))
    assert moved == [waiting_first]
    session.refresh(meeting)
    assert meeting.confirmed_count == 1
    assert holder.status is RegistrationStatus.CANCELLED
    assert waiting_first.status is RegistrationStatus.CONFIRMED and waiting_first.promoted_at is not None
    assert waiting_second.status is RegistrationStatus.WAITING
    promoted_mail = mails_to(session, "deelnemer2@example.org")[-1]
    assert "plek vrijgekomen" in promoted_mail.subject and promoted_mail.attachment_name == "werkatelier.ics"
    assert cancel_registration(holder, now) == []  # twice: nothing more happens


def test_leaving_the_waiting_list_frees_no_place(app_context, session, make_workshop):
    workshop = make_workshop(capacity=1)
    meeting = workshop.sessions[0]
    now = utcnow()
    register(meeting, person(1), now)
    waiting = register(meeting, person(2), now)
    assert cancel_registration(waiting, now) == []
    session.refresh(meeting)
    assert meeting.confirmed_count == 1


def test_more_places_move_the_waiting_list_up(app_context, session, make_workshop):
    workshop = make_workshop(capacity=1)
    meeting = workshop.sessions[0]
    now = utcnow()
    for n in (1, 2, 3, 4):
        register(meeting, person(n), now)
    moved = update_session(meeting, SessionInput(starts_at=meeting.starts_at, ends_at=meeting.ends_at, capacity=3,
                                                 place=meeting.place, address=meeting.address, route=meeting.route), now).promoted
    assert [r.email for r in moved] == ["deelnemer2@example.org", "deelnemer3@example.org"]
    assert promote_waiting(meeting, now) == []
