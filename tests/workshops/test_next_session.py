"""A werkatelier whose first session was held and whose next one takes registrations (as the demo's): the
official can still save its settings and correct the session held. The rule "registration closes before
the first session" counts the sessions still to come."""
from datetime import timedelta

from consult.core.db import utcnow
from consult.core.i18n import AMSTERDAM
from tests.conftest import submit_form


def a_werkatelier_halfway(make_workshop, session):
    # 10:00 in Amsterdam a week ago: a start late in the evening would end after midnight, which the form refuses.
    held_at = (utcnow() - timedelta(days=7)).astimezone(AMSTERDAM).replace(hour=10, minute=0, second=0, microsecond=0)
    workshop = make_workshop(deadline_in_days=10, sessions=2, starts=held_at)
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
    assert refused.status_code == 200 and "Aanmelden moet sluiten vóór de eerste sessie." in refused.text


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
