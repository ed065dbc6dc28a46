"""The demo werkatelier is consistent with the day it is loaded: a first session held last week (attendance
marked, cards, outcomes, votes, a verslag open for reactions), and a next session weeks ahead, on a weekday,
open for registration with few places left so a visitor fills it and reaches the waiting list."""
import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from consult.core.i18n import AMSTERDAM
from consult.demo import data
from consult.demo.workshop import held_session_day, next_session_day
from consult.outcomes.models import OutcomeVote, Verslag, WorkshopOutcome
from consult.outcomes.permissions import may_react
from consult.workshops.models import InputCard, Workshop


@pytest.mark.parametrize(("now", "held", "upcoming"), [
    (datetime(2026, 11, 30, 12, tzinfo=UTC), "2026-11-19", "2027-01-07"),  # not in the Christmas holidays
    (datetime(2026, 11, 10, 12, tzinfo=UTC), "2026-10-29", "2026-12-03"),
    (datetime(2027, 1, 8, 12, tzinfo=UTC), "2026-12-17", "2027-02-04"),  # last week was the holidays: the week before
    (datetime(2027, 3, 4, 12, tzinfo=UTC), "2027-02-25", "2027-03-25"),  # a Thursday: a week ago, three weeks ahead
])
def test_the_sessions_are_thursdays_last_week_and_weeks_ahead_outside_the_holidays(now, held, upcoming):
    assert held_session_day(now).isoformat() == held
    assert next_session_day(now).isoformat() == upcoming


def test_the_demo_werkatelier(app, client, session):
    now = datetime.now(UTC)
    with app.app_context():
        data.load(now)
    session.commit()
    workshop = session.scalar(sa.select(Workshop))
    held, upcoming = workshop.sessions
    assert workshop.slug == "werkatelier-beschermd-wonen" and workshop.is_published
    assert [s.starts_at.astimezone(AMSTERDAM).weekday() for s in workshop.sessions] == [3, 3]
    assert now - timedelta(days=14) < held.ends_at < now - timedelta(days=6)
    assert now < workshop.registration_deadline < upcoming.starts_at and workshop.takes_registrations(now)
    assert [t.title for t in workshop.tables] == ["Zorglandschap Wmo", "Zorg en Veiligheid", "Samenwerking en overleg met partners"]
    assert all(t.theme_id for t in workshop.tables)
    assert [(s.confirmed_count, s.capacity) for s in workshop.sessions] == [(9, 10), (2, 4)]
    assert sum(r.attended for r in workshop_registrations(session, held)) == 8  # one did not come
    assert not any(r.attended for r in workshop_registrations(session, upcoming))
    cards = session.scalars(sa.select(InputCard)).all()
    assert all(held.starts_at <= c.created_at <= held.ends_at for c in cards) and len({c.table_id for c in cards}) == 2
    assert all(held.ends_at < o.created_at < now for o in session.scalars(sa.select(WorkshopOutcome)))
    verslag = session.scalar(sa.select(Verslag))
    assert verslag.published_at < now and verslag.is_open(now) and verslag.comments_until > now + timedelta(days=2)
    assert all(verslag.published_at < v.created_at < now for v in session.scalars(sa.select(OutcomeVote)))
    # who came was ticked: the one who did not come reads the verslag but does not vote, nor does the next session
    assert held.attendance_marked_at is not None
    voters = {r.email for r in workshop_registrations(session, held) + workshop_registrations(session, upcoming)
              if may_react(r, verslag, now)}
    assert voters == {r.email for r in workshop_registrations(session, held) if r.attended}
    page = client.get("/werkateliers/werkatelier-beschermd-wonen")
    assert page.status_code == 200 and "Agora Lelystad" in page.text and "Stadhuis Almere" in page.text
    assert "Deze sessie is al geweest." in page.text and page.text.count("/aanmelden?sessie=") == 1  # the next one only
    form = client.get("/werkateliers/werkatelier-beschermd-wonen/aanmelden")
    assert re.findall(r'<input[^>]*name="session"[^>]*value="(\d+)"', form.text) == [str(upcoming.id)]
    home = client.get("/").text.split('id="werkateliers"')[1]
    assert "Agora Lelystad" in home and "Stadhuis Almere" not in home  # coming: the session held is not
    assert client.get("/consultaties/werkatelier-beschermd-wonen").status_code == 302


def workshop_registrations(session, workshop_session):
    from consult.workshops.models import Registration

    return session.scalars(sa.select(Registration).where(Registration.session_id == workshop_session.id)).all()
