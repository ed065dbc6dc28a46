"""Officials see the mail of their organisation that could not be sent, and can send it again."""
import sqlalchemy as sa

from consult.audit.models import AuditEvent
from consult.mail.delivery import deliver_due
from consult.mail.models import OutboxMessage, OutboxStatus
from tests.conftest import csrf_token
from tests.mail.test_delivery import smtp  # noqa: F401  (fixture)


def failed(session, organisation=None, recipient="iris@example.org", subject="Ontvangst van uw reactie"):
    message = OutboxMessage(recipient=recipient, subject=subject, body_text="Geheime tekst", status=OutboxStatus.FAILED,
                            attempts=10, last_error="ConnectionRefusedError: [Errno 111] Connection refused",
                            organisation=organisation)
    session.add(message)
    session.commit()
    return message


def test_officials_see_their_own_organisations_failed_mail_and_admins_see_all(
        client, session, login, make_organisation, make_user):
    a, b = make_organisation(name="Gemeente A"), make_organisation(name="Gemeente B")
    failed(session, a, "ans@example.org", "Ontvangst A")
    failed(session, b, "bert@example.org", "Ontvangst B")
    failed(session, None, "carla@example.org", "Nieuw wachtwoord")
    sent = OutboxMessage(recipient="dirk@example.org", subject="Verstuurd", body_text="x", status=OutboxStatus.SENT,
                         organisation=a)
    session.add(sent)
    session.commit()

    login(make_user(official_of=a))
    page = client.get("/beheer/mail")
    assert page.status_code == 200
    assert "ans@example.org" in page.text and "Ontvangst A" in page.text and "Niet verstuurd na 10 pogingen" in page.text
    assert "ConnectionRefusedError" in page.text
    assert "bert@" not in page.text and "carla@" not in page.text and "dirk@" not in page.text
    assert "Geheime tekst" not in page.text
    assert 'href="/beheer/mail"' in client.get("/beheer/").text

    client.post("/uitloggen", data={"csrf_token": csrf_token(page.text)})
    login(make_user(is_admin=True))
    page = client.get("/beheer/mail")
    assert all(address in page.text for address in ("ans@", "bert@", "carla@"))


def test_an_official_sends_a_failed_mail_again_and_it_goes_out(app, client, session, login, make_organisation,
                                                                make_user, smtp):  # noqa: F811
    a = make_organisation()
    message = failed(session, a)
    official = make_user(official_of=a)
    login(official)
    page = client.get("/beheer/mail")

    response = client.post(f"/beheer/mail/{message.id}/opnieuw", data={"csrf_token": csrf_token(page.text)},
                           follow_redirects=True)

    assert "De e-mail staat weer klaar" in response.text
    assert message.status is OutboxStatus.QUEUED and message.attempts == 0
    event = session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "mail_retried"))
    assert event.actor_id == official.id and event.subject_id == message.id and event.organisation_id == a.id
    smtp.start()
    with app.app_context():
        assert deliver_due().sent == 1
    assert message.status is OutboxStatus.SENT


def test_an_official_of_another_organisation_cannot_send_it_again(client, session, login, make_organisation, make_user):
    message = failed(session, make_organisation())
    login(make_user(official_of=make_organisation()))
    token = csrf_token(client.get("/beheer/mail").text)
    assert client.post(f"/beheer/mail/{message.id}/opnieuw", data={"csrf_token": token}).status_code == 403
    assert message.status is OutboxStatus.FAILED


def test_an_unconfirmed_mail_is_listed_as_probably_sent_and_can_be_sent_again(
        app, client, session, login, make_organisation, make_user, smtp):  # noqa: F811
    """A worker stopped while the server took this mail: it is not resent by itself, so officials decide."""
    a = make_organisation()
    message = failed(session, a, "iris@example.org", "Ontvangst van uw reactie")
    message.status, message.last_error = OutboxStatus.UNCONFIRMED, "Interrupted: the worker stopped"
    session.commit()
    login(make_user(official_of=a))
    page = client.get("/beheer/mail")
    assert "Waarschijnlijk wel verstuurd" in page.text and "iris@example.org" in page.text

    client.post(f"/beheer/mail/{message.id}/opnieuw", data={"csrf_token": csrf_token(page.text)})

    assert message.status is OutboxStatus.QUEUED and message.handed_over_at is None
    smtp.start()
    with app.app_context():
        assert deliver_due().sent == 1
    assert len(smtp.inbox.messages) == 1
