"""A werkatelier whose first session was held and whose next one takes registrations (as the demo's): the
official can still save its settings and correct the session held. The rule "registration closes before
the first session" counts the sessions still to come."""
from datetime import UTC, datetime, time, timedelta

from consult.core.db import utcnow
from consult.core.i18n import AMSTERDAM
from tests.conftest import submit_form


def a_werkatelier_halfway(make_workshop, session):
    # The session held ran from 13:30 to 16:30 in Amsterdam a week ago: at any hour of the test run it ends
    # the day it starts (a start at the run's own hour would cross midnight in the evening).
    day = (utcnow() - timedelta(days=7)).astimezone(AMSTERDAM).date()
    starts = datetime.combine(day, time(13, 30), tzinfo=AMSTERDAM).astimezone(UTC)
    workshop = make_workshop(deadline_in_days=10, sessions=2, starts=starts)
    held, upcoming = workshop.sessions
    upcoming.starts_at = utcnow().replace(microsecond=0) + timedelta(days=20)
    upcoming.ends_at = upcoming.starts_at + timedelta(hours=3)
    session.commit()
    return workshop, held, upcoming


def settings(workshop, deadline) -> dict:
    return {"title": workshop.title, "summary": "Samen werken we acties uit.", "introduction": "", "audience": "public",
            "deadline_on": deadline.isoformat(), "accessibility": ""}


def test_the_settings_save_while_the_next_session_takes_registrations(client, login, session, make_workshop, make_user):
    workshop, held, upcoming = a_werkatelier_halfway(make_workshop, session)
    login(make_user(official_of=workshop.consultation.organisation))
    url = f"/beheer/werkateliers/{workshop.slug}"
    deadline = (utcnow() + timedelta(days=12)).astimezone(AMSTERDAM).date()
    assert submit_form(client, url, settings(workshop, deadline), follow_redirects=False).status_code == 302
    too_late = upcoming.starts_at.astimezone(AMSTERDAM).date() + timedelta(days=1)
    refused = submit_form(client, url, settings(workshop, too_late))
    assert refused.status_code == 400 and "Aanmelden moet sluiten vóór de eerste sessie." in refused.text


def test_the_session_held_can_be_corrected(client, login, session, make_workshop, make_user):
    workshop, held, _upcoming = a_werkatelier_halfway(make_workshop, session)
    login(make_user(official_of=workshop.consultation.organisation))
    local = held.starts_at.astimezone(AMSTERDAM)
    response = submit_form(client, f"/beheer/werkateliers/{workshop.slug}/sessies/{held.id}", {
        "day": local.date().isoformat(), "starts": local.strftime("%H:%M"),
        "ends": held.ends_at.astimezone(AMSTERDAM).strftime("%H:%M"), "place": "Stadhuis, zaal 3", "address": "",
        "route": "", "online_url": "", "capacity": "2"}, follow_redirects=False)
    assert response.status_code == 302
    session.expire_all()
    assert held.place == "Stadhuis, zaal 3"
