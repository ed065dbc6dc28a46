"""A round that closes at midnight shows its deadline as the last minute of its last day, on every page
and in every mail that names it (``closing_moment``), never as 00:00 of a day it is already closed."""
from datetime import datetime, timedelta

import sqlalchemy as sa

from consult.core.db import utcnow
from consult.core.i18n import AMSTERDAM
from consult.mail.models import OutboxMessage
from tests.conftest import csrf_token


def at_midnight(world, session):
    """The round closes at 00:00 Dutch time, ten days from now: its last day is the day before."""
    day = (utcnow() + timedelta(days=10)).astimezone(AMSTERDAM).date()
    world.consultation.closes_at = datetime(day.year, day.month, day.day, tzinfo=AMSTERDAM)
    session.commit()
    return f"{(day - timedelta(days=1)).day} ", ", 23.59 uur", f"{day.day} "


def test_every_page_and_mail_shows_the_last_minute(client, login, round_world, session):
    last_day, last_minute, _next_day = at_midnight(round_world, session)
    login(round_world.users["partner_x"])
    for url in (f"/rondes/{round_world.consultation.slug}/{round_world.x.slug}", "/mijn-organisatie"):
        text = client.get(url).text
        assert last_minute in text and ", 00.00 uur" not in text, url
    client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/mijn-organisatie").text)})
    login(round_world.users["official_a"])
    for url in (f"/beheer/consultaties/{round_world.consultation.slug}/ronde",
                f"/beheer/consultaties/{round_world.consultation.slug}/ronde/organisaties/{round_world.x.slug}"):
        text = client.get(url).text
        assert last_minute in text and ", 00.00 uur" not in text, url
    page = client.get(f"/beheer/consultaties/{round_world.consultation.slug}/ronde")
    client.post(f"/beheer/consultaties/{round_world.consultation.slug}/ronde/herinneren",
                data={"csrf_token": csrf_token(page.text)})
    mail = session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == "sanne@example.org")).first()
    assert last_minute in mail.body_text and ", 00.00 uur" not in mail.body_text
