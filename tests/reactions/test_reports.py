"""Reports (meldingen) on published reactions: who can hide a reaction, and who counts as one reporter."""
import sqlalchemy as sa

from consult.core.db import utcnow
from consult.extensions import db
from consult.mail.models import OutboxMessage
from consult.reactions.counters import counter_mismatches, recount
from consult.reactions.models import Publication, Reaction, ReactionReport, ReactionStatus
from tests.conftest import csrf_token, make_app


def _published(session, consultation, reference="TST-2026-7777"):
    reaction = Reaction(consultation=consultation, reference=reference, status=ReactionStatus.APPROVED,
                        publication=Publication.NAMED, author_name="Iris", body="Een gemene tekst", submitted_at=utcnow())
    session.add(reaction)
    recount(consultation)
    session.commit()
    return reaction


def _report(client, reaction, page, **kwargs):
    """Follow the consultation page's link to the melding page, and send its form."""
    assert f'href="/reacties/{reaction.id}/melden"' in page
    form = client.get(f"/reacties/{reaction.id}/melden").text
    return client.post(f"/reacties/{reaction.id}/melden", data={"reason": "offensive", "csrf_token": csrf_token(form)},
                       follow_redirects=True, **kwargs)


def test_anonymous_reports_alert_officials_but_do_not_hide(app, client, make_consultation, make_user, session, monkeypatch):
    monkeypatch.setitem(app.config, "REPORTS_TO_HIDE", 2)
    consultation = make_consultation()
    official = make_user(official_of=consultation.organisation)
    reaction = _published(session, consultation)
    page = client.get(f"/consultaties/{consultation.slug}").text
    assert "Een gemene tekst" in page and "Meld deze reactie" in page

    assert "We hebben uw melding ontvangen" in _report(client, reaction, page, environ_base={"REMOTE_ADDR": "10.0.0.1"}).text
    _report(client, reaction, page, environ_base={"REMOTE_ADDR": "10.0.0.1"})  # the same address twice counts once
    for address in ("10.0.0.2", "10.0.0.3", "10.0.0.4"):  # one person with several addresses
        _report(client, reaction, page, environ_base={"REMOTE_ADDR": address})
    assert not reaction.is_hidden
    assert "Een gemene tekst" in client.get(f"/consultaties/{consultation.slug}").text
    notice = session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == official.email)).one()
    assert "TST-2026-7777" in notice.body_text and "blijft op de website" in notice.body_text


def test_reports_from_enough_accounts_hide_a_reaction_until_an_official_decides(
        app, client, make_consultation, make_user, login, session, monkeypatch):
    monkeypatch.setitem(app.config, "REPORTS_TO_HIDE", 2)
    consultation = make_consultation()
    official = make_user(official_of=consultation.organisation)
    reaction = _published(session, consultation)
    first, second = make_user(), make_user()

    for user in (first, first, second):  # one account twice counts once
        login(user)
        _report(client, reaction, client.get(f"/consultaties/{consultation.slug}").text,
                environ_base={"REMOTE_ADDR": "10.0.0.9"})
        if user is first:
            assert not reaction.is_hidden
        client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/").text)})
    assert reaction.is_hidden
    assert session.scalar(sa.select(sa.func.count()).select_from(ReactionReport)) == 2
    assert "Een gemene tekst" not in client.get(f"/consultaties/{consultation.slug}").text
    notice = session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == official.email)).one()
    assert "TST-2026-7777" in notice.body_text and "verborgen" in notice.body_text

    login(official)
    detail = client.get(f"/beheer/reacties/{reaction.id}").text
    assert "deze reactie gemeld" in detail
    assert reaction.reference in client.get(f"/beheer/consultaties/{consultation.slug}/moderatie?status=hidden").text
    for _ in range(3):  # a double click, and an old tab, change nothing more
        client.post(f"/beheer/reacties/{reaction.id}/weer-tonen", data={"csrf_token": csrf_token(detail)})
    assert not reaction.is_hidden
    assert counter_mismatches(consultation) == []
    assert "Een gemene tekst" in client.get(f"/consultaties/{consultation.slug}").text


def test_behind_a_trusted_proxy_two_visitors_are_two_reporters_and_two_rate_limits(app, make_consultation, session):
    proxied = make_app(app.config["SQLALCHEMY_DATABASE_URI"], TRUSTED_PROXIES=1, RATELIMIT_STORAGE_URI="memory://")
    consultation = make_consultation()
    reaction = _published(session, consultation)
    client = proxied.test_client()
    page = client.get(f"/consultaties/{consultation.slug}").text

    def report(address):
        return _report(client, reaction, page, environ_base={"REMOTE_ADDR": "192.168.1.1"},
                       headers={"X-Forwarded-For": address})

    report("203.0.113.1")
    report("203.0.113.2")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReactionReport)) == 2
    # The report form allows 20 an hour per address: the first visitor's limit is not the second's.
    statuses = [report("203.0.113.1").status_code for _ in range(20)]
    assert 429 in statuses
    assert report("203.0.113.2").status_code == 200


def test_without_trusted_proxies_a_forwarded_address_is_ignored(app, client, make_consultation, session):
    consultation = make_consultation()
    reaction = _published(session, consultation)
    page = client.get(f"/consultaties/{consultation.slug}").text
    for address in ("203.0.113.1", "203.0.113.2"):
        _report(client, reaction, page, headers={"X-Forwarded-For": address})
    assert session.scalar(sa.select(sa.func.count()).select_from(ReactionReport)) == 1


def test_an_unpublished_reaction_cannot_be_reported(client, make_consultation, session):
    consultation = make_consultation()
    reaction = Reaction(consultation=consultation, reference="TST-2026-7778", status=ReactionStatus.PENDING,
                        publication=Publication.NAMED, author_name="Iris", body="x", submitted_at=utcnow())
    session.add(reaction)
    session.commit()
    token = csrf_token(client.get("/wachtwoord-vergeten").text)
    assert client.post(f"/reacties/{reaction.id}/melden", data={"reason": "spam", "csrf_token": token}).status_code == 404


def test_a_report_starts_without_a_reason_and_asks_for_one(client, make_consultation, session):
    consultation = make_consultation()
    reaction = _published(session, consultation)
    page = client.get(f"/reacties/{reaction.id}/melden").text
    reasons = page.split('id="reason"', 1)[1].split("</select>", 1)[0]
    assert '<option value="">Kies wat er mis is</option>' in reasons and " selected" not in reasons

    response = client.post(f"/reacties/{reaction.id}/melden", data={"reason": "", "csrf_token": csrf_token(page)},
                           follow_redirects=True)

    assert "Kies wat er mis is met reactie TST-2026-7777" in response.text
    assert session.scalar(sa.select(sa.func.count()).select_from(ReactionReport)) == 0
