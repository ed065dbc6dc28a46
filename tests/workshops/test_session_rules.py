"""The two rules of a session that lived in views only (review of issue 13): attendance is saved only once the
session has started (``WorkshopSession.attendance_open``, ``permissions.may_mark_attendance``), and cards are
added from an hour before the start until the end of the session's day, not by someone marked absent
(``permissions.card_window_open``). Asked as plain functions, as a role × state table, and by the service,
the view and the page (which buttons show) alike."""
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask_login import AnonymousUserMixin

from consult.core.db import utcnow
from consult.organisations.models import OrganisationKind
from consult.workshops.models import CardKind, InputCard, RegistrationStatus
from consult.workshops.permissions import card_window_open, may_mark_attendance
from consult.workshops.services import AttendanceNotOpen, CardsClosed, add_card, register, set_attendance
from tests.conftest import csrf_token, token_of
from tests.workshops.conftest import person

ROLES = ("resident", "partner", "absent", "facilitator", "owner_official", "member_official", "anonymous")
STATES = ("before_window", "in_window", "after_start", "after_the_day", "cancelled")
# state: (who may add a card, who may save who came)
TABLE = {
    "before_window": (set(), set()),
    "in_window": ({"resident", "partner"}, set()),
    "after_start": ({"resident", "partner"}, {"owner_official"}),
    "after_the_day": (set(), {"owner_official"}),
    # The registrations of the resident, the partner and the absent registrant are cancelled; the session runs.
    "cancelled": (set(), {"owner_official"}),
}


def _moment(meeting, state):
    return {"before_window": meeting.starts_at - timedelta(hours=2), "in_window": meeting.starts_at - timedelta(minutes=30),
            "after_start": meeting.starts_at + timedelta(hours=1), "after_the_day": meeting.cards_open_until,
            "cancelled": meeting.starts_at + timedelta(hours=1)}[state]


@pytest.mark.parametrize("state", STATES)
def test_role_by_state(app_context, session, make_workshop, make_organisation, make_user, state):
    region = make_organisation(kind=OrganisationKind.REGION, name="Regio")
    member = make_organisation(name="Gemeente lid", region=region)
    partner_organisation = make_organisation(kind=OrganisationKind.CARE_PROVIDER)
    workshop = make_workshop(organisation=region, capacity=5)
    meeting = workshop.sessions[0]
    # The resident and the absent registrant are not signed in: their personal links need no account.
    users = {"resident": AnonymousUserMixin(), "partner": make_user(partner_of=partner_organisation),
             "absent": AnonymousUserMixin(),
             "facilitator": make_user(name=workshop.tables[0].facilitator), "owner_official": make_user(official_of=region),
             "member_official": make_user(official_of=member), "anonymous": AnonymousUserMixin()}
    registrations = {role: register(meeting, person(n, user_id=getattr(users[role], "id", None), email_confirmed=True), utcnow())
                     for n, role in enumerate(("resident", "partner", "absent"))}
    # Who came was marked (as it can be, after the start); before that moment the rule reads the same flags.
    meeting.attendance_marked_at = meeting.starts_at
    registrations["resident"].attended = registrations["partner"].attended = True
    if state == "cancelled":
        for registration in registrations.values():
            registration.status = RegistrationStatus.CANCELLED
    at = _moment(meeting, state)
    cards = {role for role in ROLES if card_window_open(registrations.get(role), at)}
    attendance = {role for role in ROLES if may_mark_attendance(users[role], meeting, at)}
    assert (cards, attendance) == TABLE[state]


def test_the_rules_as_plain_functions(app_context, make_workshop):
    workshop = make_workshop(capacity=1)
    meeting = workshop.sessions[0]
    placed = register(meeting, person(1, email_confirmed=True), utcnow())
    waiting = register(meeting, person(2, email_confirmed=True), utcnow())
    start = meeting.starts_at
    assert not meeting.attendance_open(start - timedelta(seconds=1)) and meeting.attendance_open(start)
    assert not card_window_open(placed, start - timedelta(hours=1, seconds=1))
    assert card_window_open(placed, start - timedelta(hours=1))
    assert card_window_open(placed, meeting.cards_open_until - timedelta(seconds=1))
    assert not card_window_open(placed, meeting.cards_open_until)
    assert not card_window_open(waiting, start) and not card_window_open(None, start)
    meeting.attendance_marked_at = start
    assert not card_window_open(placed, start)  # marked absent
    placed.attended = True
    assert card_window_open(placed, start)


def test_the_services_ask_the_rules_too(app_context, make_workshop, make_user):
    workshop = make_workshop()
    meeting = workshop.sessions[0]
    placed = register(meeting, person(1, email_confirmed=True), utcnow())
    with pytest.raises(CardsClosed) as early:
        add_card(placed, workshop.tables[0], CardKind.IDEA, "Te vroeg", meeting.starts_at - timedelta(hours=2))
    assert early.value.reason == "early"
    with pytest.raises(AttendanceNotOpen):
        set_attendance(meeting, {placed.id}, make_user(official_of=workshop.consultation.organisation),
                       meeting.starts_at - timedelta(minutes=1))
    assert meeting.attendance_marked_at is None
    set_attendance(meeting, set(), None, meeting.starts_at)
    with pytest.raises(CardsClosed) as absent:
        add_card(placed, workshop.tables[0], CardKind.IDEA, "Niet gekomen", meeting.starts_at)
    assert absent.value.reason == "absent"


def test_the_page_shows_the_attendance_form_only_when_it_can_be_saved(client, session, login, make_workshop, make_user):
    workshop = make_workshop(starts=utcnow().replace(microsecond=0) + timedelta(minutes=30))
    meeting = workshop.sessions[0]
    with client.application.test_request_context():
        register(meeting, person(1, email_confirmed=True), utcnow())
    session.commit()
    page = f"/beheer/werkateliers/{workshop.slug}/sessies/{meeting.id}/aanmeldingen"
    login(make_user(official_of=workshop.consultation.organisation))
    before = client.get(page).text
    assert 'name="attended"' not in before and "als de bijeenkomst is begonnen" in before
    meeting.starts_at -= timedelta(hours=1)
    meeting.ends_at -= timedelta(hours=1)
    session.commit()
    assert 'name="attended"' in client.get(page).text


def test_a_card_sent_before_the_window_is_refused_and_kept_in_the_form(client, session, make_workshop):
    workshop = make_workshop(starts=utcnow().replace(microsecond=0) + timedelta(hours=3))
    with client.application.test_request_context():
        registration = register(workshop.sessions[0], person(1, email_confirmed=True), utcnow())
    session.commit()
    link = f"/werkateliers/deelnemer/{token_of(registration)}/tafels/{workshop.tables[0].id}"
    page = client.get(link)
    assert "<textarea" not in page.text
    token = csrf_token(client.get(f"/werkateliers/{workshop.slug}/aanmelden").text)  # the page has no form
    refused = client.post(link, data={"csrf_token": token, "kind": "idea", "text": "Te vroeg bedacht"})
    assert refused.status_code == 409 and "Te vroeg bedacht" in refused.text
    assert session.scalar(sa.select(sa.func.count()).select_from(InputCard)) == 0
