import sqlalchemy as sa

from consult.mail.models import OutboxMessage
from consult.reactions.models import ReactionStatus
from tests.conftest import csrf_token


def test_enough_reports_hide_a_reaction_until_an_official_decides(app, client, make_consultation, make_user, login, session, monkeypatch):

    monkeypatch.setitem(app.config, "REPORTS_TO_HIDE", 2)
    consultation = make_consultation()
    official = make_user(official_of=consultation.organisation)
    from consult.core.db import utcnow
    from consult.reactions.models import Publication, Reaction

    reaction = Reaction(consultation=consultation, reference="TST-2026-7777", status=ReactionStatus.APPROVED,
                        publication=Publication.NAMED, author_name="Iris", body="Een gemene tekst", submitted_at=utcnow())
    session.add(reaction)
    consultation.published_reaction_count = 1
    session.commit()
    page = client.get(f"/consultaties/{consultation.slug}").text
    assert "Een gemene tekst" in page and "Meld deze reactie" in page

    def report_from(address):
        return client.post(f"/reacties/{reaction.id}/melden", data={"reason": "offensive", "csrf_token": csrf_token(page)},
                           environ_base={"REMOTE_ADDR": address}, follow_redirects=True)

    assert "We hebben uw melding ontvangen" in report_from("10.0.0.1").text
    report_from("10.0.0.1")  # the same person twice counts once
    assert not reaction.is_hidden
    report_from("10.0.0.2")
    assert reaction.is_hidden
    assert "Een gemene tekst" not in client.get(f"/consultaties/{consultation.slug}").text
    notice = session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == official.email)).one()
    assert "TST-2026-7777" in notice.body_text

    login(official)
    detail = client.get(f"/beheer/reacties/{reaction.id}").text
    assert "Bezoekers hebben deze reactie gemeld" in detail
    assert reaction.reference in client.get(f"/beheer/consultaties/{consultation.slug}/moderatie?status=hidden").text
    client.post(f"/beheer/reacties/{reaction.id}/weer-tonen", data={"csrf_token": csrf_token(detail)})
    assert not reaction.is_hidden
    assert "Een gemene tekst" in client.get(f"/consultaties/{consultation.slug}").text


def test_an_unpublished_reaction_cannot_be_reported(client, make_consultation, session):
    from consult.core.db import utcnow
    from consult.reactions.models import Publication, Reaction

    consultation = make_consultation()
    reaction = Reaction(consultation=consultation, reference="TST-2026-7778", status=ReactionStatus.PENDING,
                        publication=Publication.NAMED, author_name="Iris", body="x", submitted_at=utcnow())
    session.add(reaction)
    session.commit()
    token = csrf_token(client.get("/wachtwoord-vergeten").text)
    assert client.post(f"/reacties/{reaction.id}/melden", data={"reason": "spam", "csrf_token": token}).status_code == 404
