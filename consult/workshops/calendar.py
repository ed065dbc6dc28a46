"""A session as an iCalendar (.ics) event, for the confirmation mail and the download on the page.

Times are written in Europe/Amsterdam with a VTIMEZONE block (RFC 5545 3.6.5) built by the icalendar
library from the zoneinfo database, so a calendar program places a session in summer (CEST, UTC+2) and
one in winter (CET, UTC+1) at the right moment, also when the file holds both or is opened after a
change of daylight saving time.
"""
from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parseaddr
from urllib.parse import urlsplit

from flask import current_app
from icalendar import Calendar, Event, vCalAddress

from consult.core.i18n import AMSTERDAM
from consult.core.links import external_url
from consult.workshops.models import Registration, WorkshopSession

PRODUCT_ID = "-//consult//werkatelier//NL"


# A calendar program keeps an event only when a newer file for its UID has a higher SEQUENCE (RFC 5546
# 2.1.4): a fixed 0 for the invitation and 1 for the cancellation left a cancelled event in the calendar of
# someone who later got a place again, and a moved session at its old time. The sequence is therefore derived
# from the moment the file is made, two steps per second since a fixed epoch: it rises with every mail
# without storing anything, and a cancellation made in the same second as the invitation still outranks it.
# It stays below 2**31 (an iCalendar INTEGER) until 2059.
SEQUENCE_EPOCH = datetime(2025, 1, 1, tzinfo=UTC)


def sequence_at(stamp: datetime, cancelled: bool = False) -> int:
    """The SEQUENCE of a file made at ``stamp`` (UTC): higher for every later moment, and one higher for a
    cancellation than for an invitation of the same second."""
    seconds = max(0, int((stamp - SEQUENCE_EPOCH).total_seconds()))
    return 2 * seconds + (1 if cancelled else 0)


def session_uid(session: WorkshopSession) -> str:
    """The event's UID: the same in the invitation and its cancellation, and unique per installation, since
    the host of BASE_URL names it (two municipalities' sites both have a session 1 of werkatelier 1)."""
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "consult"
    return f"werkatelier-{session.workshop_id}-sessie-{session.id}@{host}"


def _address(email: str, name: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = name
    return address


def organizer(session: WorkshopSession) -> vCalAddress:
    """Who the event is from: RFC 5546 requires ORGANIZER in PUBLISH, REQUEST and CANCEL. Organisations keep
    no general mail address here, so it is the address the app sends from, named after the organisation."""
    email = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1] or current_app.config["MAIL_DEFAULT_SENDER"]
    return _address(email, session.workshop.consultation.organisation.name)


def session_calendar(session: WorkshopSession, stamp: datetime, cancelled: bool = False, with_online_link: bool = False,
                     attendee: Registration | None = None) -> bytes:
    """The session as a VCALENDAR with one VEVENT. ``stamp`` (UTC) is DTSTAMP: when the file was made; it
    also gives the SEQUENCE (``sequence_at``), so every later file (a moved session, a new place after a
    cancellation, the download on the page) replaces the one a calendar program holds.
    ``cancelled``: the same event with METHOD:CANCEL, STATUS:CANCELLED and a higher SEQUENCE, for the mail
    that confirms a person's cancellation, so their calendar program removes the session.
    ``with_online_link``: the link for joining online, only for a person with a place (their mails); the
    download on the public page says "online" without it.
    ``attendee``: the registrant a mailed cancellation is for, named as ATTENDEE (RFC 5546 3.2.5); ignored for
    PUBLISH, which must not name attendees (3.2.1). Never for the public download."""
    workshop = session.workshop
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", session_uid(session))
    event.add("sequence", sequence_at(stamp, cancelled))
    if cancelled:
        event.add("status", "CANCELLED")
    event.add("dtstamp", stamp)
    event.add("organizer", organizer(session))
    if cancelled and attendee is not None:
        event.add("attendee", _address(attendee.email, attendee.name))
    event.add("dtstart", session.starts_at.astimezone(AMSTERDAM))
    event.add("dtend", session.ends_at.astimezone(AMSTERDAM))
    event.add("summary", workshop.title)
    online = session.online_url if with_online_link else ("online" if session.online_url else "")
    where = ", ".join(part for part in (session.place, session.address) if part) or online
    if where:
        event.add("location", where)
    link = external_url("workshops.show_workshop", slug=workshop.slug)
    description = [workshop.consultation.summary, session.route, session.online_url if with_online_link else "", link]
    event.add("description", "\n\n".join(part for part in description if part))
    event.add("url", link)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_attachment(registration: Registration, stamp: datetime, cancelled: bool = False) -> tuple[str, str, bytes]:
    """The .ics for a mail to ``registration`` as (file name, content type, bytes): the cancellation names
    them as attendee; a PUBLISH carries the online link, for people with a place. The content type repeats
    the METHOD (RFC 6047 2.4): some calendar programs read it there and not in the file."""
    method = "CANCEL" if cancelled else "PUBLISH"
    data = session_calendar(registration.session, stamp, cancelled=cancelled, with_online_link=not cancelled,
                            attendee=registration)
    return "werkatelier.ics", f"text/calendar; method={method}", data
