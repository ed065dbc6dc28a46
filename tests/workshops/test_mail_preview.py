""""Mail everyone with a place" shows the mail first, as each language's recipients read it, and sends only
on the preview's button; the subject is one line of plain text (finding 10 of the second outside test)."""
import sqlalchemy as sa

from consult.core.db import utcnow
from consult.mail.models import OutboxMessage
from consult.workshops.services import register
from tests.conftest import csrf_token
from tests.workshops.conftest import person


def _setup(client, session, login, make_workshop, make_user):
    workshop = make_workshop(capacity=5)
    with client.application.test_request_context():
        register(workshop.sessions[0], person(1), utcnow())
        register(workshop.sessions[0], person(2, locale="en"), utcnow())
    session.commit()
    login(make_user(official_of=workshop.consultation.organisation))
    url = f"/beheer/werkateliers/{workshop.slug}/sessies/{workshop.sessions[0].id}/mail"
    return url, csrf_token(client.get(url).text)


def _sent(session, subject):
    return session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(OutboxMessage.subject == subject))


def test_the_preview_shows_the_mail_in_each_language_and_sends_nothing(client, session, login, make_workshop, make_user):
    url, token = _setup(client, session, login, make_workshop, make_user)
    preview = client.post(url, data={"csrf_token": token, "subject": "Parkeren", "body": "Parkeer bij P1."})
    assert preview.status_code == 200 and _sent(session, "Parkeren") == 0
    assert "De e-mail in het Nederlands" in preview.text and "De e-mail in het Engels" in preview.text
    assert "A message from the organiser of" in preview.text and "Een bericht van de organisatie van" in preview.text
    changed = client.post(url, data={"csrf_token": token, "subject": "Parkeren", "body": "Parkeer bij P1.", "edit": "1"})
    assert 'value="Parkeren"' in changed.text and _sent(session, "Parkeren") == 0
    assert client.post(url, data={"csrf_token": token, "subject": "Parkeren", "body": "Parkeer bij P1.", "confirm": "1"}).status_code == 302
    assert _sent(session, "Parkeren") == 2


def test_a_subject_with_markup_a_line_break_or_a_direction_mark_is_refused(client, session, login, make_workshop, make_user):
    url, token = _setup(client, session, login, make_workshop, make_user)
    for subject in ("<b>Let op</b>", "Regel 1\r\nBcc: x@example.org", "Let op \u202eodrom"):
        response = client.post(url, data={"csrf_token": token, "subject": subject, "body": "Tekst", "confirm": "1"})
        assert response.status_code == 400 and "Schrijf één regel gewone tekst" in response.text, subject
    assert session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(OutboxMessage.body_text.like("%Tekst%"))) == 0
