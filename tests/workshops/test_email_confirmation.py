"""Someone registering without an account confirms their address with the link in the mail; an unconfirmed
place is held until ``confirmation_deadline`` and then freed by the worker for the waiting list (tester F17:
made-up addresses took every place). Signed in with the address typed: no confirmation."""
import re
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from consult.core.db import utcnow
from consult.mail.models import OutboxMessage
from consult.workshops.confirmation import free_unconfirmed_places
from consult.workshops.models import Registration, RegistrationStatus, confirmation_deadline
from consult.workshops.services import register
from tests.conftest import token_of
from tests.workshops.conftest import person
from tests.workshops.test_tester_findings import _form

T = datetime(2027, 3, 1, 12, tzinfo=timezone.utc)
H = timedelta(hours=1)


@pytest.mark.parametrize(("starts_in", "held_for"), [
    (10 * 24 * H, 24 * H),  # days ahead: 24 hours
    (36 * H, 12 * H),  # until 24 hours before the session
    (10 * H, 2 * H),  # registered late: at least 2 hours
    (1 * H, 1 * H),  # never past the start
])
def test_how_long_an_unconfirmed_place_is_held(starts_in, held_for):
    assert confirmation_deadline(T, T + starts_in) == T + held_for


def mails_to(session, address):
    return session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == address).order_by(OutboxMessage.id)).all()


def test_an_anonymous_registrant_confirms_with_the_link_in_the_mail(client, session, make_workshop):
    workshop = make_workshop()
    url, data = _form(client, workshop)
    assert client.post(url, data=data).status_code == 302
    registration = session.scalar(sa.select(Registration))
    assert not registration.is_email_confirmed and registration.confirm_by is not None
    mail = mails_to(session, "olga@example.org")[-1]
    body = mail.body_text
    # the mail asks for it first, in its subject and its first lines (retest N3)
    assert mail.subject.startswith("Bevestig uw aanmelding voor")
    assert body.split("\n\n")[1].startswith("Bevestig uw e-mailadres met deze link")
    link = re.search(r"http://consult\.test(/werkateliers/bevestigen/\S+)", body).group(1)
    page = client.get(link)
    assert page.status_code == 200 and "Uw e-mailadres is bevestigd." in page.text
    session.expire_all()
    assert registration.is_email_confirmed and registration.confirm_by is None
    assert client.get(link).status_code == 200  # twice: still confirmed, nothing changes
    assert client.get("/werkateliers/bevestigen/verzonnen").status_code == 404


def test_signed_in_with_the_address_typed_needs_no_confirmation(client, session, make_workshop, make_user, login):
    workshop = make_workshop()
    user = make_user(email="olga@example.org", name="Olga Ivanova")
    login(user)
    url, data = _form(client, workshop)
    assert client.post(url, data=data).status_code == 302
    registration = session.scalar(sa.select(Registration))
    assert registration.user_id == user.id and registration.is_email_confirmed and registration.confirm_by is None
    mail = mails_to(session, "olga@example.org")[-1]
    assert "bevestigen" not in mail.body_text and mail.subject.startswith("U bent aangemeld voor")


def test_the_officials_list_and_export_show_who_did_not_confirm(client, session, make_workshop, login, make_user):
    workshop = make_workshop()
    with client.application.test_request_context():
        confirmed = register(workshop.sessions[0], person(1, email_confirmed=True), utcnow())
        register(workshop.sessions[0], person(2), utcnow())
    session.commit()
    login(make_user(official_of=workshop.consultation.organisation))
    base = f"/beheer/werkateliers/{workshop.slug}/sessies/{workshop.sessions[0].id}/aanmeldingen"
    page = client.get(base).text
    rows = page.split("<tr")
    assert all("E-mailadres nog niet bevestigd" in row for row in rows if "deelnemer2@" in row)
    assert not any("E-mailadres nog niet bevestigd" in row for row in rows if confirmed.email in row)
    assert any("deelnemer2@" in row for row in rows)
    rows = client.get(f"{base}.csv").data.decode("utf-8-sig").splitlines()
    assert "E-mailadres bevestigd" in rows[0]
    assert ";ja;" in rows[1] or ",ja," in rows[1]
    assert ";nee;" in rows[2] or ",nee," in rows[2]


def held(session, app, make_workshop):
    """One place: Deelnemer 1 has it unconfirmed, Deelnemer 2 waits (confirmed), Deelnemer 3 waits unconfirmed."""
    workshop = make_workshop(capacity=1)
    meeting = workshop.sessions[0]
    with app.test_request_context():
        first = register(meeting, person(1), utcnow())
        second = register(meeting, person(2, email_confirmed=True), utcnow())
        third = register(meeting, person(3), utcnow())
    session.commit()
    return meeting, first, second, third


@pytest.mark.parametrize(("later", "freed"), [(timedelta(hours=23), False), (timedelta(hours=25), True)])
def test_the_worker_frees_an_unconfirmed_place_for_the_waiting_list(app, app_context, session, make_workshop, later, freed):
    meeting, first, second, third = held(session, app, make_workshop)
    with app.test_request_context():
        assert free_unconfirmed_places(utcnow() + later) == (2 if freed else 0)
    session.expire_all()
    if not freed:
        assert [r.status for r in (first, second, third)] == [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING,
                                                              RegistrationStatus.WAITING]
        return
    assert (first.status, second.status, third.status) == (RegistrationStatus.CANCELLED, RegistrationStatus.CONFIRMED,
                                                           RegistrationStatus.CANCELLED)
    assert meeting.confirmed_count == 1
    assert "plek vrijgekomen" in mails_to(session, second.email)[-1].subject
    assert "niet op tijd bevestigd" in mails_to(session, first.email)[-1].body_text
    assert mails_to(session, first.email)[-1].attachment_name == "werkatelier.ics"  # takes it out of the calendar
    assert "niet op tijd bevestigd" in mails_to(session, third.email)[-1].body_text


def test_a_confirmed_or_started_registration_is_never_freed(app, app_context, session, make_workshop):
    meeting, first, second, third = held(session, app, make_workshop)
    first.confirm_email(utcnow())
    session.commit()
    with app.test_request_context():
        assert free_unconfirmed_places(utcnow() + timedelta(hours=25)) == 1  # only the third, waiting
    session.expire_all()
    assert first.status is RegistrationStatus.CONFIRMED
    # After the start nothing moves (test_after_the_start.py), not even an unconfirmed place.
    meeting.starts_at, meeting.ends_at = utcnow() - timedelta(hours=1), utcnow() + timedelta(hours=2)
    first.email_confirmed_at, first.confirm_by = None, utcnow() - timedelta(hours=2)
    session.commit()
    with app.test_request_context():
        assert free_unconfirmed_places(utcnow()) == 0
    session.expire_all()
    assert first.status is RegistrationStatus.CONFIRMED


def test_a_lapsed_link_says_the_place_went_to_someone_else(app, client, session, make_workshop):
    meeting, first, second, third = held(session, app, make_workshop)
    with app.test_request_context():
        free_unconfirmed_places(utcnow() + timedelta(hours=25))
    session.commit()
    page = client.get(f"/werkateliers/bevestigen/{token_of(first)}")
    assert page.status_code == 200 and "niet op tijd bevestigd" in page.text
    session.expire_all()
    assert first.status is RegistrationStatus.CANCELLED and not first.is_email_confirmed


def test_a_lapsed_person_on_the_waiting_list_is_passed_over(app, app_context, session, make_workshop):
    workshop = make_workshop(capacity=1)
    meeting = workshop.sessions[0]
    with app.test_request_context():
        holder = register(meeting, person(1), utcnow())
        lapsed = register(meeting, person(2), utcnow())
        next_in_line = register(meeting, person(3, email_confirmed=True), utcnow())
        assert free_unconfirmed_places(utcnow() + timedelta(hours=25)) == 2
    session.expire_all()
    assert (holder.status, lapsed.status, next_in_line.status) == (
        RegistrationStatus.CANCELLED, RegistrationStatus.CANCELLED, RegistrationStatus.CONFIRMED)
    assert [m.subject for m in mails_to(session, lapsed.email) if "plek vrijgekomen" in m.subject] == []
