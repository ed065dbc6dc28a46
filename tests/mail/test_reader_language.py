"""Every mail in its reader's language (issue 14 §3): the language a resident reacted in, or the one an
account chose, decides; never the interface language of the official who acts, and the same when the
worker sends outside a request."""
from datetime import timedelta

import sqlalchemy as sa

from consult.consultations.models import Procedure
from consult.consultations.services import extend_period
from consult.consultations.term import end_of_day
from consult.core.db import utcnow
from consult.core.i18n import local_today
from consult.mail.models import OutboxMessage
from consult.reactions.models import Channel, Publication, Reaction, ReactionStatus
from consult.reactions.services import notify_redaction, report_reaction
from tests.conftest import csrf_token, submit_form


def a_reaction(session, consultation, email, locale=None, status=ReactionStatus.PENDING, user=None):
    reaction = Reaction(consultation=consultation, document_version_id=consultation.document_version_id,
                        reference=f"TST-2026-{email[:5]}", channel=Channel.WEB, status=status, locale=locale,
                        publication=Publication.NAMED, author_name="Iris", author_email=email, body="Mijn reactie.",
                        user_id=user.id if user else None)
    session.add(reaction)
    session.commit()
    return reaction


def mail_to(session, address) -> OutboxMessage:
    return session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == address)).one()


def reject(client, reaction):
    page = client.get(f"/beheer/reacties/{reaction.id}")
    response = client.post(f"/beheer/reacties/{reaction.id}/afwijzen",
                           data={"csrf_token": csrf_token(page.text), "reason": "off_topic", "message": ""})
    assert response.status_code == 302


def test_an_official_with_an_english_screen_rejects_a_dutch_residents_reaction_in_dutch(
        client, login, make_user, make_consultation, session):
    consultation = make_consultation()
    dutch = a_reaction(session, consultation, "iris@example.org", locale="nl")
    unknown = a_reaction(session, consultation, "brief@example.org")  # no language known: the site's own
    login(make_user(official_of=consultation.organisation))
    client.get("/taal/en")

    reject(client, dutch)
    reject(client, unknown)

    for address in ("iris@example.org", "brief@example.org"):
        mail = mail_to(session, address)
        assert mail.subject.startswith("Uw reactie TST-2026-") and mail.subject.endswith("wordt niet gepubliceerd")
        assert "Gaat niet over deze consultatie" in mail.body_text and "not published" not in mail.body_text


def test_a_resident_who_reacted_in_english_hears_from_a_dutch_official_in_english(
        client, login, make_user, make_consultation, session):
    consultation = make_consultation()
    reaction = a_reaction(session, consultation, "sam@example.org", locale="en")
    login(make_user(official_of=consultation.organisation))

    reject(client, reaction)

    mail = mail_to(session, "sam@example.org")
    assert mail.subject == f"Your response {reaction.reference} is not published"
    assert "Not about this consultation" in mail.body_text and "Gaat niet over" not in mail.body_text


def test_the_account_language_is_stored_and_used_for_its_mails(client, login, make_user, session):
    user = make_user(email="anna@example.org")
    login(user)
    client.get("/taal/en")
    assert user.locale == "en"
    client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/").text)})

    other = client.application.test_client()  # a new visitor, Dutch screen
    submit_form(other, "/wachtwoord-vergeten", {"email": "anna@example.org"})

    mail = mail_to(session, "anna@example.org")
    assert mail.subject == "Set a new password for consult"
    assert "new password" in mail.body_text.lower()


def test_outside_a_request_the_worker_writes_in_each_readers_language(app, make_consultation, make_user, session):
    consultation = make_consultation(procedure=Procedure.AWB_UNIFORM)
    consultation.closes_at = end_of_day(local_today() + timedelta(days=20))
    english = a_reaction(session, consultation, "sam@example.org", locale="en", status=ReactionStatus.APPROVED)
    account = make_user(email="piet@example.org")
    account.locale = "en"
    by_account = a_reaction(session, consultation, "piet@example.org", status=ReactionStatus.APPROVED, user=account)
    dutch = a_reaction(session, consultation, "iris@example.org", locale="nl", status=ReactionStatus.APPROVED)
    for reaction in (english, by_account, dutch):
        reaction.count_on_entry()
    english_official = make_user(official_of=consultation.organisation, email="vera@example.org")
    english_official.locale = "en"
    make_user(official_of=consultation.organisation, email="joost@example.org")
    session.commit()

    with app.app_context():  # the worker: no request, no visitor's language
        notify_redaction(english)
        extend_period(consultation, consultation.closes_at + timedelta(days=14), "Vakantie", "Langer.",
                      english_official, utcnow())
        report_reaction(dutch, "spam", "a", by_account=False, at=utcnow())
        report_reaction(dutch, "spam", "b", by_account=False, at=utcnow())
        report_reaction(dutch, "spam", "c", by_account=False, at=utcnow())
        session.commit()

    subjects = {(m.recipient, m.subject) for m in session.scalars(sa.select(OutboxMessage))}
    title = consultation.title
    assert subjects == {
        ("sam@example.org", f"Your response {english.reference} has been published with changes"),
        ("sam@example.org", f"The period for {title} has been extended"),
        ("piet@example.org", f"The period for {title} has been extended"),
        ("iris@example.org", f"De termijn voor {title} is verlengd"),
        ("vera@example.org", f"Response {dutch.reference} was reported"),
        ("joost@example.org", f"Reactie {dutch.reference} is gemeld"),
    }
