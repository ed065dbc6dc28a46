"""The closing moment as people read it (issue 14 §2): weekday, date and time in Europe/Amsterdam, one way
on every page and in every mail, and "closed since" once the moment has passed."""
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from babel.dates import format_date
from flask_babel import force_locale

from consult.core.db import utcnow
from consult.core.i18n import AMSTERDAM, closing_moment, local_moment, period_end
from consult.mail.models import OutboxMessage
from tests.reactions import conftest as reaction_fixtures
from tests.reactions.conftest import MARKDOWN, link_in

send_reaction = reaction_fixtures.send_reaction  # the reaction tests' fixture, used here too

DEMO_CLOSING = datetime(2026, 12, 28, 9, 0, tzinfo=AMSTERDAM)


@pytest.mark.parametrize(("locale", "moment", "expected"), [
    ("nl", DEMO_CLOSING, "maandag 28 december 2026, 09.00 uur"),
    ("en", DEMO_CLOSING, "Monday 28 December 2026, 9:00 AM"),
    # An Awb term runs to the end of its last day: midnight is the last minute of that day.
    ("nl", datetime(2026, 12, 29, 0, 0, tzinfo=AMSTERDAM), "maandag 28 december 2026, 23.59 uur"),
    # Stored in UTC, read in Amsterdam, summer time too.
    ("nl", datetime(2026, 7, 1, 13, 30, tzinfo=timezone.utc), "woensdag 1 juli 2026, 15.30 uur"),
])
def test_a_closing_moment_reads_with_weekday_date_and_time_in_amsterdam(app_context, locale, moment, expected):
    with force_locale(locale):
        assert closing_moment(moment) == expected


def test_before_its_moment_a_period_runs_until_it_after_it_is_closed_since(app_context):
    with force_locale("nl"):
        assert period_end(DEMO_CLOSING, DEMO_CLOSING - timedelta(minutes=1)) == "tot maandag 28 december 2026, 09.00 uur"
        assert period_end(DEMO_CLOSING, DEMO_CLOSING) == "gesloten sinds maandag 28 december 2026, 09.00 uur"
    with force_locale("en"):
        assert period_end(DEMO_CLOSING, DEMO_CLOSING) == "closed since Monday 28 December 2026, 9:00 AM"


def nine_oclock(days: int) -> datetime:
    day = (utcnow() + timedelta(days=days)).astimezone(AMSTERDAM).date()
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=AMSTERDAM)


def dutch(moment: datetime) -> str:
    return f"{format_date(moment.date(), 'EEEE d MMMM y', locale='nl')}, 09.00 uur"


def test_every_page_and_the_receipt_show_the_exact_closing_moment(client, make_consultation, session, send_reaction):
    closes = nine_oclock(10)
    consultation = make_consultation(title="Sociaal Maatschappelijke Agenda", markdown=MARKDOWN)
    consultation.closes_at = closes
    session.commit()
    expected = dutch(closes)

    for url in ("/", f"/organisaties/{consultation.organisation.slug}", f"/consultaties/{consultation.slug}",
                f"/consultaties/{consultation.slug}/kennisgeving", f"/consultaties/{consultation.slug}/reageren"):
        page = client.get(url).text
        assert f"tot {expected}" in page, url
        assert "tot en met" not in page, url

    send_reaction(consultation)
    mail = session.scalars(sa.select(OutboxMessage)).one()
    client.get(link_in(mail, "/bevestigen/"))
    receipt = session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert expected in receipt.body_text


def test_after_the_closing_moment_the_header_says_closed_since_never_until_today(client, make_consultation, session):
    consultation = make_consultation()
    consultation.closes_at = utcnow() - timedelta(minutes=5)  # closed this morning, say
    session.commit()
    moment = closing_moment_nl(client, consultation.closes_at)

    page = client.get(f"/consultaties/{consultation.slug}").text
    assert f"gesloten sinds {moment}" in page
    assert f"tot {moment}" not in page and "tot en met" not in page
    card = client.get("/").text
    assert f"tot {moment}" in card and "Was open van" in card  # "was open … until": the past, said as such


def closing_moment_nl(client, value):
    with client.application.test_request_context(), force_locale("nl"):
        return closing_moment(value)


def test_english_pages_name_the_moment_in_english(client, make_consultation, session):
    closes = nine_oclock(10)
    consultation = make_consultation()
    consultation.closes_at = closes
    session.commit()
    client.get("/taal/en")
    page = client.get(f"/consultaties/{consultation.slug}").text
    assert f"{format_date(closes.date(), 'EEEE d MMMM y', locale='en')}, 9:00 AM" in page
    with client.application.test_request_context(), force_locale("en"):
        assert local_moment(closes) in page


def test_a_concept_without_a_period_yet_shows_no_period(client, login, make_consultation, make_user, session):
    from consult.consultations.models import State

    consultation = make_consultation(state=State.DRAFT)
    consultation.opens_at = consultation.closes_at = None
    session.commit()
    login(make_user(official_of=consultation.organisation))
    page = client.get(f"/consultaties/{consultation.slug}")
    assert page.status_code == 200 and "gesloten sinds" not in page.text
