"""Once a session has started, nobody's place changes: the cancel link (GET and POST) says so and changes
nothing, the waiting list does not move up (by a cancellation or by more places) and no reminder goes out.
The attendance stays as the official ticked it (tester F16: the link removed someone marked present, 11 days
after the session). Each table: status × moment."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from consult.core.db import utcnow
from consult.mail.models import OutboxMessage
from consult.workshops.models import Registration, RegistrationStatus, SessionHasStarted
from consult.workshops.reminders import send_due_reminders
from consult.workshops.services import SessionInput, cancel_registration, promote_waiting, register, update_session
from tests.conftest import csrf_token, token_of
from tests.workshops.conftest import person

# When the session starts, relative to now; the session lasts three hours.
MOMENTS = {"before": timedelta(hours=1), "during": timedelta(hours=-1), "after": timedelta(days=-11)}


def held(session, make_workshop, moment: str):
    """A session of one place: Deelnemer 1 has it (marked present), Deelnemer 2 waits; it starts at ``moment``."""
    workshop = make_workshop(capacity=1)
    meeting = workshop.sessions[0]
    now = utcnow()
    present, waiting = register(meeting, person(1), now), register(meeting, person(2), now)
    present.attended = True
    meeting.starts_at = (now + MOMENTS[moment]).replace(microsecond=0)
    meeting.ends_at = meeting.starts_at + timedelta(hours=3)
    session.execute(sa.delete(OutboxMessage))
    session.commit()
    return meeting, present, waiting


def mails(session) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))


@pytest.mark.parametrize("who", ["present", "waiting"])
@pytest.mark.parametrize(("moment", "can_cancel"), [("before", True), ("during", False), ("after", False)])
def test_cancelling_by_status_and_moment(app_context, session, make_workshop, who, moment, can_cancel):
    meeting, present, waiting = held(session, make_workshop, moment)
    registration = present if who == "present" else waiting
    assert registration.can_cancel(utcnow()) is can_cancel
    if can_cancel:
        cancel_registration(registration, utcnow())
        assert registration.status is RegistrationStatus.CANCELLED
        return
    before = registration.status
    with pytest.raises(SessionHasStarted):
        cancel_registration(registration, utcnow())
    session.expire_all()
    assert registration.status is before and present.attended and meeting.confirmed_count == 1 and mails(session) == 0


@pytest.mark.parametrize("who", ["present", "waiting"])
@pytest.mark.parametrize(("moment", "can_cancel"), [("before", True), ("during", False), ("after", False)])
def test_the_cancel_link_by_status_and_moment(client, session, make_workshop, app, who, moment, can_cancel):
    with app.test_request_context():
        meeting, present, waiting = held(session, make_workshop, moment)
    registration = present if who == "present" else waiting
    link = f"/werkateliers/afmelden/{token_of(registration)}"
    page = client.get(link)
    assert page.status_code == 200
    assert ("Ik meld me af" in page.text) is can_cancel
    assert ("U kunt zich hiervoor niet meer afmelden." in page.text) is not can_cancel
    if moment == "after":
        assert "heeft plaatsgevonden op" in page.text
    token = csrf_token(client.get(f"/werkateliers/{meeting.workshop.slug}/aanmelden").text)
    answer = client.post(link, data={"csrf_token": token})
    assert answer.status_code == (302 if can_cancel else 409)
    session.expire_all()
    kept = session.get(Registration, registration.id)
    assert (kept.status is RegistrationStatus.CANCELLED) is can_cancel
    if not can_cancel:
        assert session.get(Registration, present.id).attended and mails(session) == 0


@pytest.mark.parametrize(("moment", "moves_up"), [("before", True), ("during", False), ("after", False)])
def test_the_waiting_list_moves_up_only_before_the_start(app_context, session, make_workshop, moment, moves_up):
    meeting, present, waiting = held(session, make_workshop, moment)
    more = SessionInput(starts_at=meeting.starts_at, ends_at=meeting.ends_at, capacity=2, place=meeting.place)
    assert (update_session(meeting, more, utcnow()) == [waiting]) is moves_up
    assert promote_waiting(meeting, utcnow()) == []
    session.expire_all()
    assert (waiting.status is RegistrationStatus.CONFIRMED) is moves_up
    assert meeting.confirmed_count == (2 if moves_up else 1)


@pytest.mark.parametrize(("moment", "reminded"), [("before", 1), ("during", 0), ("after", 0)])
def test_the_reminder_goes_only_before_the_start(app_context, session, make_workshop, moment, reminded):
    held(session, make_workshop, moment)
    assert send_due_reminders(utcnow()) == reminded
