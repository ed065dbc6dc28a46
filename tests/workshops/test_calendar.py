"""The .ics file: a calendar program must place a session at the right moment, in summer and in winter."""
from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from consult.workshops.calendar import session_calendar
from consult.workshops.models import WorkshopSession
from tests.workshops.conftest import amsterdam


def _parse(data: bytes):
    calendar = Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    zones = calendar.walk("VTIMEZONE")
    return calendar, events, zones


def test_a_summer_and_a_winter_session_keep_their_utc_instant(app_context, make_workshop, session):
    workshop = make_workshop(sessions=0)
    summer = WorkshopSession(workshop=workshop, starts_at=amsterdam(2027, 6, 15, 13, 30), ends_at=amsterdam(2027, 6, 15, 16, 30),
                             capacity=10, place="Stadhuis")
    winter = WorkshopSession(workshop=workshop, starts_at=amsterdam(2027, 1, 14, 13, 30), ends_at=amsterdam(2027, 1, 14, 16, 30),
                             capacity=10, place="Stadhuis")
    session.add_all([summer, winter])
    session.flush()
    stamp = datetime(2026, 11, 30, 12, tzinfo=UTC)
    for item, utc_start in ((summer, datetime(2027, 6, 15, 11, 30, tzinfo=UTC)), (winter, datetime(2027, 1, 14, 12, 30, tzinfo=UTC))):
        data = session_calendar(item, stamp)
        calendar, events, zones = _parse(data)
        assert len(events) == 1
        event = events[0]
        # Written as local time with a TZID, and a VTIMEZONE that defines that TZID.
        assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
        assert [str(z["TZID"]) for z in zones] == ["Europe/Amsterdam"]
        assert b"BEGIN:DAYLIGHT" in data and b"BEGIN:STANDARD" in data
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert start.astimezone(UTC) == utc_start
        assert end - start == timedelta(hours=3)
        assert str(event["SUMMARY"]) == workshop.title


def test_the_timezone_block_alone_gives_the_right_offsets(app_context, make_workshop, session):
    """A program that ignores its own zone database and reads only the VTIMEZONE must get +01:00 in winter and
    +02:00 in summer: the offsets written in the block are those of CET and CEST."""
    workshop = make_workshop(sessions=0)
    item = WorkshopSession(workshop=workshop, starts_at=amsterdam(2027, 3, 27, 10), ends_at=amsterdam(2027, 3, 27, 12), capacity=5,
                           online_url="https://meet.example.org/a")
    session.add(item)
    session.flush()
    data = session_calendar(item, datetime(2026, 11, 30, tzinfo=UTC), with_online_link=True).decode()
    standard = data.split("BEGIN:STANDARD", 1)[1].split("END:STANDARD", 1)[0]
    daylight = data.split("BEGIN:DAYLIGHT", 1)[1].split("END:DAYLIGHT", 1)[0]
    assert "TZOFFSETTO:+0100" in standard and "TZOFFSETTO:+0200" in daylight
    assert "LOCATION:https://meet.example.org/a" in data
    # The download on the public page: "online", not the link, which is for people with a place (finding 9).
    public = session_calendar(item, datetime(2026, 11, 30, tzinfo=UTC)).decode()
    assert "meet.example.org" not in public and "LOCATION:online" in public


def test_cancelling_mails_a_calendar_file_that_cancels_the_same_event(app, session, make_workshop, monkeypatch):
    """Finding 13 of the second outside test: the event imported from the confirmation stayed in the calendar."""
    import sqlalchemy as sa

    from consult.core.db import utcnow
    from consult.mail.models import OutboxMessage
    from consult.workshops.services import cancel_registration, register
    from tests.workshops.conftest import person

    monkeypatch.setitem(app.config, "BASE_URL", "https://inspraak.almere.example")
    workshop = make_workshop(capacity=1)
    with app.test_request_context():
        placed = register(workshop.sessions[0], person(1, locale="en"), utcnow())
        waiting = register(workshop.sessions[0], person(2), utcnow())
        session.commit()
        invitation = session.scalar(sa.select(OutboxMessage).where(OutboxMessage.recipient == placed.email))
        before = session.scalar(sa.select(sa.func.max(OutboxMessage.id)))
        cancel_registration(waiting, utcnow())
        cancel_registration(placed, utcnow())
        session.commit()
    mails = {m.recipient: m for m in session.scalars(sa.select(OutboxMessage).where(OutboxMessage.id > before))}
    cancelled = mails[placed.email]
    assert cancelled.subject.startswith("You are no longer registered for") and "removes the session from your calendar" in cancelled.body_text
    _calendar, [first], _zones = _parse(invitation.attachment_data)
    calendar, [event], _zones = _parse(cancelled.attachment_data)
    assert str(calendar["method"]) == "CANCEL" and str(event["status"]) == "CANCELLED"
    assert str(event["uid"]) == str(first["uid"]) == f"werkatelier-{workshop.id}-sessie-{workshop.sessions[0].id}@inspraak.almere.example"
    assert int(event["sequence"]) > int(first["sequence"])
    # Someone on the waiting list had no calendar file: a confirmation in Dutch, nothing to cancel.
    assert mails[waiting.email].subject.startswith("U bent niet meer aangemeld") and not mails[waiting.email].attachment_name
