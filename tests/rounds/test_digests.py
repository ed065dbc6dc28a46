"""A colleague's change to the shared draft reaches the other members at once or in a daily digest,
as each chose on their account page, in their own language; the worker's digest is sent once a day."""
from datetime import UTC, datetime

import sqlalchemy as sa

from consult.core.db import utcnow
from consult.mail.models import OutboxMessage
from consult.notifications.models import MailFrequency, PendingNotification
from consult.notifications.services import send_digests
from consult.rounds.services import add_draft_comment, change_draft_comment
from tests.conftest import csrf_token

# 06:30 and 07:30 in Amsterdam in winter (UTC+1): before and after the digest hour (7).
BEFORE_HOUR = datetime(2026, 12, 1, 5, 30, tzinfo=UTC)
AFTER_HOUR = datetime(2026, 12, 1, 6, 30, tzinfo=UTC)
NEXT_DAY = datetime(2026, 12, 2, 6, 30, tzinfo=UTC)


def mails_to(session, email):
    return list(session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == email).order_by(OutboxMessage.id)))


def test_a_colleague_is_told_at_once_and_the_editor_is_not(app_context, round_world, session):
    sanne, kees = round_world.users["partner_x"], round_world.users["colleague_x"]
    draft = add_draft_comment(round_world.invitation_x, sanne, None, "", "Eerste versie", utcnow())
    change_draft_comment(draft, kees, "", "Tweede versie", utcnow())
    session.flush()
    to_kees, to_sanne = mails_to(session, kees.email), mails_to(session, sanne.email)
    assert len(to_kees) == 1 and "Sanne van X heeft het concept van Zorg X" in to_kees[0].subject
    assert len(to_sanne) == 1 and "Kees van X heeft het concept" in to_sanne[0].subject
    assert f"/rondes/{round_world.consultation.slug}/{round_world.x.slug}#concept" in to_kees[0].body_text
    assert mails_to(session, round_world.users["partner_y"].email) == []  # another organisation hears nothing


def test_a_colleague_who_chose_a_digest_gets_one_mail_a_day_in_their_language(app, app_context, round_world, session):
    sanne, kees = round_world.users["partner_x"], round_world.users["colleague_x"]
    kees.mail_frequency, kees.locale = MailFrequency.DAILY, "en"
    session.flush()
    add_draft_comment(round_world.invitation_x, sanne, None, "", "Eerste", BEFORE_HOUR.replace(hour=1))
    add_draft_comment(round_world.invitation_x, sanne, None, "", "Tweede", BEFORE_HOUR.replace(hour=2))
    session.flush()
    assert mails_to(session, kees.email) == []
    assert send_digests(BEFORE_HOUR) == 0  # not before the digest hour
    assert send_digests(AFTER_HOUR) == 1
    assert send_digests(AFTER_HOUR) == 0  # idempotent: run twice, one mail
    session.flush()
    digest = mails_to(session, kees.email)
    assert len(digest) == 1 and digest[0].subject == "Your daily summary from consult"
    assert digest[0].body_text.count("Sanne van X changed the draft of Zorg X") == 2
    add_draft_comment(round_world.invitation_x, sanne, None, "", "Derde", AFTER_HOUR)
    session.flush()
    assert send_digests(AFTER_HOUR.replace(hour=20)) == 0  # after today's digest: waits for tomorrow
    assert send_digests(NEXT_DAY) == 1 and send_digests(NEXT_DAY) == 0
    session.flush()
    assert len(mails_to(session, kees.email)) == 2
    assert session.scalar(sa.select(sa.func.count()).select_from(PendingNotification)
                          .where(PendingNotification.sent_at.is_(None))) == 0


def test_a_person_chooses_the_digest_on_their_account_page(client, login, round_world, session):
    kees = round_world.users["colleague_x"]
    login(kees)
    page = client.get("/mijn-account")
    assert "Eén overzicht per dag" in page.text and "Zorg X" in page.text
    refused = client.post("/mijn-account/e-mail", data={"frequency": "weekly", "csrf_token": csrf_token(page.text)})
    assert refused.status_code == 400 and "Not a valid choice" not in refused.text
    saved = client.post("/mijn-account/e-mail", data={"frequency": "daily", "csrf_token": csrf_token(page.text)})
    assert saved.status_code == 302
    session.refresh(kees)
    assert kees.mail_frequency is MailFrequency.DAILY
    page = client.get(f"/rondes/{round_world.consultation.slug}/{round_world.x.slug}")
    client.post(f"/rondes/{round_world.consultation.slug}/{round_world.x.slug}/opmerkingen",
                data={"section": "", "body": "Mijn opmerking", "csrf_token": csrf_token(page.text)})
    sanne_mails = mails_to(session, round_world.users["partner_x"].email)
    assert len(sanne_mails) == 1  # Sanne gets it at once; Kees wrote it and is told nothing
    assert mails_to(session, kees.email) == []
