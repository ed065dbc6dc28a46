"""Who a calendar file is from and for (RFC 5546): every file names its ORGANIZER (the app's sender, with the
organisation's name as CN); a file mailed to a registrant names them as ATTENDEE where the METHOD allows it
(CANCEL; PUBLISH forbids attendees), the public download never does; and the mail's calendar part says its
METHOD in its Content-Type (``text/calendar; method=CANCEL``), as calendar programs read it."""
from datetime import UTC, datetime
from email import message_from_bytes, policy

import sqlalchemy as sa
from icalendar import Calendar

from consult.core.db import utcnow
from consult.mail.delivery import as_email
from consult.mail.models import OutboxMessage
from consult.workshops.services import cancel_registration, register
from tests.workshops.conftest import person


def _calendar_part(message: OutboxMessage):
    """The text/calendar part of the mail as it goes out, read back from its bytes."""
    mail = message_from_bytes(as_email(message, "Inspraak <inspraak@almere.example>").as_bytes(), policy=policy.default)
    [part] = [p for p in mail.walk() if p.get_content_type() == "text/calendar"]
    return part, Calendar.from_ical(part.get_payload(decode=True))


def _mails(session, after: int) -> dict[str, OutboxMessage]:
    return {m.recipient: m for m in session.scalars(sa.select(OutboxMessage).where(OutboxMessage.id > after))}


def test_the_cancellation_names_organizer_and_attendee_and_its_method_in_the_content_type(app, session, make_workshop, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_DEFAULT_SENDER", "Inspraak <inspraak@almere.example>")
    workshop = make_workshop(capacity=1)
    with app.test_request_context():
        placed = register(workshop.sessions[0], person(1), utcnow())
        session.commit()
        before = session.scalar(sa.select(sa.func.max(OutboxMessage.id)))
        cancel_registration(placed, utcnow())
        session.commit()
    message = _mails(session, before)[placed.email]
    assert message.attachment_type == "text/calendar; method=CANCEL"
    with app.app_context():
        part, calendar = _calendar_part(message)
    assert part.get_param("method") == "CANCEL" == str(calendar["method"])
    [event] = calendar.walk("VEVENT")
    assert str(event["organizer"]) == "mailto:inspraak@almere.example"
    assert event["organizer"].params["CN"] == workshop.consultation.organisation.name
    assert str(event["attendee"]) == f"mailto:{placed.email}"
    assert event["attendee"].params["CN"] == placed.name


def test_the_confirmation_names_its_organizer_and_publish_in_the_content_type(app, session, make_workshop):
    workshop = make_workshop(capacity=1)
    with app.test_request_context():
        before = session.scalar(sa.select(sa.func.max(OutboxMessage.id))) or 0
        placed = register(workshop.sessions[0], person(1), utcnow())
        session.commit()
    [message] = [m for m in _mails(session, before).values() if m.recipient == placed.email and m.attachment_name]
    assert message.attachment_type == "text/calendar; method=PUBLISH"
    with app.app_context():
        part, calendar = _calendar_part(message)
    assert part.get_param("method") == "PUBLISH" == str(calendar["method"])
    [event] = calendar.walk("VEVENT")
    assert str(event["organizer"]) == f"mailto:{app.config['MAIL_DEFAULT_SENDER']}"
    assert "attendee" not in event  # RFC 5546 3.2.1: a PUBLISH has no attendees


def test_the_public_download_names_the_organizer_and_nobody_else(app, session, make_workshop):
    workshop = make_workshop(capacity=2)
    with app.test_request_context():
        register(workshop.sessions[0], person(1), utcnow())
        session.commit()
    response = app.test_client().get(f"/werkateliers/{workshop.slug}/sessies/{workshop.sessions[0].id}/agenda.ics")
    [event] = Calendar.from_ical(response.data).walk("VEVENT")
    assert event["organizer"].params["CN"] == workshop.consultation.organisation.name
    assert "attendee" not in event
    assert person(1).email.encode() not in response.data


def test_a_cancel_file_made_directly_has_an_organizer(app_context, make_workshop, session):
    from consult.workshops.calendar import session_calendar

    workshop = make_workshop()
    data = session_calendar(workshop.sessions[0], datetime(2026, 11, 30, tzinfo=UTC), cancelled=True)
    [event] = Calendar.from_ical(data).walk("VEVENT")
    assert str(event["organizer"]).startswith("mailto:") and "attendee" not in event
