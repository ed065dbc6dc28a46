"""Findings of the outside test of issue 14 on werkateliers: a moved session told nobody, calendar files
that a calendar program ignores, attendance saved before the start, cards weeks away from the session, and
"Uit 0 kaartjes"."""
from datetime import timedelta

import sqlalchemy as sa
from icalendar import Calendar

from consult.core.db import utcnow
from consult.core.i18n import AMSTERDAM
from consult.mail.models import OutboxMessage
from consult.workshops.models import InputCard, RegistrationStatus
from consult.workshops.services import SessionInput, cancel_registration, register, set_attendance, update_session
from tests.conftest import csrf_token, token_of
from tests.workshops.conftest import person


def _mails(session, address):
    return session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == address).order_by(OutboxMessage.id)).all()


def _event(mail):
    calendar = Calendar.from_ical(mail.attachment_data)
    [event] = calendar.walk("VEVENT")
    return str(calendar["method"]), str(event["uid"]), int(event["sequence"]), event


def _same(meeting, **changes) -> SessionInput:
    fields = {name: getattr(meeting, name) for name in
              ("starts_at", "ends_at", "capacity", "place", "address", "route", "online_url")}
    return SessionInput(**{**fields, **changes})


# 1. A moved session is mailed to everyone registered, with a calendar file that moves the event.

def test_moving_a_session_mails_everyone_registered_what_changed_in_their_language(client, session, login, make_workshop, make_user):
    workshop = make_workshop(capacity=1)
    meeting = workshop.sessions[0]
    with client.application.test_request_context():
        placed = register(meeting, person(1, locale="en"), utcnow() - timedelta(minutes=5))
        waiting = register(meeting, person(2), utcnow() - timedelta(minutes=5))
    session.commit()
    [confirmation] = _mails(session, placed.email)
    login(make_user(official_of=workshop.consultation.organisation))
    url = f"/beheer/werkateliers/{workshop.slug}/sessies/{meeting.id}"
    page = client.get(url)
    # Before saving, the official reads who will be mailed.
    assert "Dan krijgt 1 persoon met een plaats een e-mail" in page.text
    assert "1 persoon op de wachtlijst krijgt een e-mail" in page.text
    old_start = meeting.starts_at
    new_day = (old_start + timedelta(days=1)).astimezone(AMSTERDAM).date()
    data = {"csrf_token": csrf_token(page.text), "day": new_day.isoformat(), "starts": "19:00", "ends": "21:00",
            "place": "Bibliotheek", "address": "Stationsplein 2, Almere", "route": "", "online_url": "", "capacity": "1"}
    assert client.post(url, data=data).status_code == 302
    session.expire_all()
    assert meeting.starts_at.astimezone(AMSTERDAM).hour == 19

    [_, moved] = _mails(session, placed.email)
    assert moved.subject.startswith("Changed: the time or place of")
    assert "→" in moved.body_text and "Stadhuis, Stadhuisplein 1, Almere → Bibliotheek, Stationsplein 2, Almere" in moved.body_text
    assert "7:00 PM" in moved.body_text  # English times as core.i18n writes them
    method, uid, sequence, event = _event(moved)
    first_method, first_uid, first_sequence, _first = _event(confirmation)
    assert method == first_method == "PUBLISH" and uid == first_uid and sequence > first_sequence
    assert event.decoded("DTSTART").astimezone(AMSTERDAM).hour == 19 and "Bibliotheek" in str(event["location"])

    # The waiting list hears it too, in Dutch, without a calendar file: they have no place.
    [_, told] = _mails(session, waiting.email)
    assert told.subject.startswith("Gewijzigd: de tijd of plaats van") and "U staat nog op de wachtlijst" in told.body_text
    assert not told.attachment_name

    # Only the number of places: nobody is mailed.
    before = session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))
    page = client.get(url)
    assert client.post(url, data={**data, "csrf_token": csrf_token(page.text), "capacity": "1"}).status_code == 302
    assert session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == before


def test_a_session_that_has_started_is_not_mailed_about_and_the_online_link_is_only_for_people_with_a_place(app, session, make_workshop):
    workshop = make_workshop(capacity=1)
    meeting = workshop.sessions[0]
    with app.test_request_context():
        placed = register(meeting, person(1), utcnow())
        waiting = register(meeting, person(2), utcnow())
        session.commit()
        update_session(meeting, _same(meeting, online_url="https://meet.example.org/nieuw"), utcnow())
        session.commit()
        assert "https://meet.example.org/nieuw" in _mails(session, placed.email)[-1].body_text
        assert len(_mails(session, waiting.email)) == 1  # the link is not theirs: no mail
        count = session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))
        during = meeting.starts_at + timedelta(minutes=10)
        assert update_session(meeting, _same(meeting, place="Zaal 2"), during).informed == 0
        session.commit()
    assert session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == count


# 2. Every calendar file for a session outranks the ones before it.

def test_a_place_after_a_cancellation_comes_back_in_the_calendar(app, session, make_workshop):
    workshop = make_workshop(capacity=2)
    meeting = workshop.sessions[0]
    now = utcnow()
    with app.test_request_context():
        first = register(meeting, person(1), now - timedelta(minutes=10))
        session.commit()
        cancel_registration(first, now - timedelta(minutes=5))
        session.commit()
        register(meeting, person(1), now)
        session.commit()
    invitation, cancellation, again = _mails(session, "deelnemer1@example.org")
    files = [_event(mail) for mail in (invitation, cancellation, again)]
    assert [method for method, *_rest in files] == ["PUBLISH", "CANCEL", "PUBLISH"]
    assert len({uid for _m, uid, *_rest in files}) == 1
    # Each file outranks the one before it, so the calendar shows the session again.
    assert files[0][2] < files[1][2] < files[2][2]
    # The download on the page, made later, outranks them too.
    download = Calendar.from_ical(app.test_client().get(f"/werkateliers/{workshop.slug}/sessies/{meeting.id}/agenda.ics").data)
    [event] = download.walk("VEVENT")
    assert str(event["uid"]) == files[0][1] and int(event["sequence"]) >= files[2][2]


# 3. Who came is saved once the session has started, not before.

def test_attendance_cannot_be_saved_before_the_session_starts(client, session, login, make_workshop, make_user):
    workshop = make_workshop(capacity=2)
    meeting = workshop.sessions[0]
    with client.application.test_request_context():
        placed = register(meeting, person(1), utcnow())
    session.commit()
    login(make_user(official_of=workshop.consultation.organisation))
    base = f"/beheer/werkateliers/{workshop.slug}/sessies/{meeting.id}"
    page = client.get(f"{base}/aanmeldingen")
    assert 'name="attended"' not in page.text and "U kunt aanvinken wie er was als de bijeenkomst is begonnen" in page.text
    refused = client.post(f"{base}/aanwezig", data={"csrf_token": csrf_token(page.text)}, follow_redirects=True)
    assert "U kunt aanvinken wie er was als de bijeenkomst is begonnen" in refused.text
    session.expire_all()
    assert meeting.attendance_marked_at is None and placed.took_part(meeting.starts_at + timedelta(minutes=1))
    # Once it has started, the form is there.
    meeting.starts_at, meeting.ends_at = utcnow() - timedelta(minutes=30), utcnow() + timedelta(hours=2)
    session.commit()
    page = client.get(f"{base}/aanmeldingen")
    assert 'name="attended"' in page.text
    assert client.post(f"{base}/aanwezig", data={"csrf_token": csrf_token(page.text), "attended": [str(placed.id)]}).status_code == 302
    session.expire_all()
    assert placed.attended and meeting.attendance_marked_at is not None


# 4. Cards are added around the session: from an hour before its start until the end of its day.

def test_cards_are_added_only_from_an_hour_before_the_start_until_the_end_of_the_day(client, session, make_workshop):
    workshop = make_workshop(capacity=3)
    meeting = workshop.sessions[0]
    with client.application.test_request_context():
        writer = register(meeting, person(1), utcnow())
        absent = register(meeting, person(2), utcnow())
    session.commit()
    link = f"/werkateliers/deelnemer/{token_of(writer)}/tafels/{workshop.tables[0].id}"

    # The form's token from a page that has a form: a closed cards page has none, but a page opened earlier did.
    token = csrf_token(client.get(f"/werkateliers/{workshop.slug}/aanmelden").text)

    def post(registration, text):
        url = f"/werkateliers/deelnemer/{token_of(registration)}/tafels/{workshop.tables[0].id}"
        return client.post(url, data={"csrf_token": token, "kind": "idea", "text": text})

    # Weeks before: the page says from when, shows no form, and a POST is refused with the text kept.
    page = client.get(link)
    assert page.status_code == 200 and "U kunt kaartjes toevoegen vanaf" in page.text and 'name="text"' not in page.text
    early = post(writer, "Te vroeg geschreven.")
    assert early.status_code == 409 and "U kunt kaartjes toevoegen vanaf" in early.text and "Te vroeg geschreven." in early.text

    # Half an hour before the start: open.
    meeting.starts_at = utcnow().replace(microsecond=0) + timedelta(minutes=30)
    meeting.ends_at = meeting.starts_at + timedelta(hours=2)
    session.commit()
    assert 'name="text"' in client.get(link).text
    assert post(writer, "Op tijd.").status_code == 302

    # Marked absent once the officials marked who came: refused.
    set_attendance(meeting, {writer.id}, None, meeting.starts_at)
    session.commit()
    refused = post(absent, "Ik was er niet.")
    assert refused.status_code == 409 and "U staat niet op de lijst van mensen die er waren" in refused.text

    # The day after the session: closed, the cards stay readable.
    meeting.starts_at = utcnow().replace(microsecond=0) - timedelta(days=2)
    meeting.ends_at = meeting.starts_at + timedelta(hours=2)
    session.commit()
    late = post(writer, "Te laat.")
    assert late.status_code == 409 and "U kunt geen kaartjes meer toevoegen" in late.text and "Op tijd." in late.text
    assert session.scalars(sa.select(InputCard.text)).all() == ["Op tijd."]
    assert writer.status is RegistrationStatus.CONFIRMED


def test_cards_stay_open_until_midnight_in_amsterdam_after_the_session(app_context, make_workshop):
    from tests.workshops.conftest import amsterdam

    meeting = make_workshop(starts=amsterdam(2027, 3, 10, 19, 0)).sessions[0]
    assert meeting.cards_open_from == amsterdam(2027, 3, 10, 18, 0)
    assert meeting.cards_open_until == amsterdam(2027, 3, 11, 0, 0)
