"""The demo werkatelier is a real one: in the future, on weekdays, two sessions, three tables, small and filling."""
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from consult.core.i18n import AMSTERDAM
from consult.demo import data
from consult.demo.workshop import first_session_day
from consult.workshops.models import Workshop


@pytest.mark.parametrize(("now", "expected"), [
    (datetime(2026, 11, 30, 12, tzinfo=UTC), "2027-01-14"),  # mid-January, a Thursday
    (datetime(2026, 11, 10, 12, tzinfo=UTC), "2027-01-07"),  # would be 24 December: after the holidays instead
    (datetime(2027, 3, 1, 12, tzinfo=UTC), "2027-04-15"),
])
def test_the_first_session_is_a_thursday_weeks_ahead_outside_the_holidays(now, expected):
    assert first_session_day(now).isoformat() == expected


def test_the_demo_werkatelier(app, client, session):
    now = datetime.now(UTC)
    with app.app_context():
        data.load(now)
    session.commit()
    workshop = session.scalar(sa.select(Workshop))
    assert workshop.slug == "werkatelier-beschermd-wonen" and workshop.is_published
    assert [s.starts_at.astimezone(AMSTERDAM).weekday() for s in workshop.sessions] == [3, 3]
    assert all(s.starts_at > workshop.registration_deadline > now for s in workshop.sessions)
    assert [t.title for t in workshop.tables] == ["Zorglandschap Wmo", "Zorg en Veiligheid", "Samenwerking en overleg met partners"]
    assert all(t.theme_id for t in workshop.tables)
    assert [(s.confirmed_count, s.capacity) for s in workshop.sessions] == [(6, 8), (2, 8)]
    page = client.get("/werkateliers/werkatelier-beschermd-wonen")
    assert page.status_code == 200 and "Stadhuis Almere" in page.text
    assert client.get("/consultaties/werkatelier-beschermd-wonen").status_code == 302
