"""The cache of public pages: anonymous visitors get no cookie and a kept page; nothing stale or private
is ever served from it (issue 15)."""
import re
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa

from consult.core.db import utcnow
from consult.mail.models import OutboxMessage
from consult.pagecache import front
from consult.pagecache.models import PublicVersion
from consult.reactions.models import Reaction, ReactionStatus
from consult.reactions.tokens import Purpose, make_token
from tests.conftest import csrf_token
from tests.reactions.test_reports import _published
from tests.rounds.test_query_counts import counted_queries
from tests.workshops.conftest import make_workshop  # noqa: F401 (a fixture)


def public_urls(consultation):
    return ["/", f"/consultaties/{consultation.slug}", f"/consultaties/{consultation.slug}/reacties",
            f"/consultaties/{consultation.slug}/kennisgeving", f"/organisaties/{consultation.organisation.slug}",
            "/privacy", "/huisregels", "/toegankelijkheid"]


def version(session) -> int:
    return session.scalar(sa.select(PublicVersion.version))


def test_anonymous_visitors_get_no_cookie_and_a_kept_page(app, client, make_consultation, session, monkeypatch):
    monkeypatch.setattr(front, "MEMO_SECONDS", 600)  # a slow machine must not turn the hits' 0 queries into 1
    consultation = make_consultation()
    _published(session, consultation)
    for url in public_urls(consultation):
        first = client.get(url)
        assert first.status_code == 200, url
        assert "Set-Cookie" not in first.headers, url
        assert first.headers["Cache-Control"] == "public, no-cache" and first.headers["ETag"], url
        with counted_queries(app) as statements:
            again = client.get(url)
        # no query while the sign shows no change (SQLite, Redis); else one: the version and the clock's next move
        assert again.data == first.data and len(statements) == (0 if app.wsgi_app.signal else 1), url
        assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304, url


def test_a_withdrawn_or_hidden_reaction_is_gone_on_the_next_request(app, client, make_consultation, session):
    consultation = make_consultation()
    withdrawn = _published(session, consultation, reference="TST-2026-0001")
    withdrawn.body = "Tekst die wordt ingetrokken"
    hidden = _published(session, consultation, reference="TST-2026-0002")
    hidden.body = "Tekst die wordt verborgen"
    session.commit()
    urls = [f"/consultaties/{consultation.slug}", f"/consultaties/{consultation.slug}/reacties"]
    for url in urls:
        page = client.get(url).text
        assert "Tekst die wordt ingetrokken" in page and "Tekst die wordt verborgen" in page

    resident = app.test_client()
    with app.app_context():
        manage = f"/reacties/{make_token(withdrawn.id, Purpose.MANAGE)}"
    token = csrf_token(resident.get(manage).text)
    assert resident.post(f"{manage}/intrekken", data={"csrf_token": token}).status_code == 302
    for url in urls:
        page = client.get(url).text
        assert "Tekst die wordt ingetrokken" not in page and "Tekst die wordt verborgen" in page, url

    hidden.hide()
    session.commit()
    for url in urls:
        assert "Tekst die wordt verborgen" not in client.get(url).text, url


def test_an_officials_page_is_never_kept_nor_served_from_the_cache(app, client, make_consultation, make_user, login, session):
    consultation = make_consultation()
    official = make_user(official_of=consultation.organisation, name="Vera Jansen")
    url = f"/consultaties/{consultation.slug}"
    public = app.test_client()
    kept = public.get(url)
    assert "Vera Jansen" not in kept.text

    login(official)
    own = client.get(url)
    assert "Vera Jansen" in own.text and own.data != kept.data
    assert own.headers["Cache-Control"] == "no-store" and "ETag" not in own.headers
    app.extensions["page_cache"].clear()
    assert "Vera Jansen" in client.get(url).text
    again = public.get(url)
    assert "Vera Jansen" not in again.text and again.data == kept.data


def test_a_visitor_with_a_message_waiting_gets_a_fresh_page(app, client, make_consultation, session):
    consultation = make_consultation()
    reaction = _published(session, consultation)
    url = f"/consultaties/{consultation.slug}"
    client.get(url)
    form = client.get(f"/reacties/{reaction.id}/melden").text  # the form sets the session (its CSRF token)
    response = client.post(f"/reacties/{reaction.id}/melden", data={"reason": "spam", "csrf_token": csrf_token(form)})
    assert response.status_code == 302
    page = client.get(url)
    assert "We hebben uw melding ontvangen" in page.text and "ETag" not in page.headers


def test_the_period_closes_at_its_time_without_a_stale_page(client, make_consultation, session):
    consultation = make_consultation()
    consultation.closes_at = utcnow() + timedelta(seconds=1.5)
    session.commit()
    url = f"/consultaties/{consultation.slug}"
    assert "De reactietermijn is gesloten" not in client.get(url).text
    time.sleep(max(0.0, (consultation.closes_at - utcnow()).total_seconds()) + 0.1)
    assert "De reactietermijn is gesloten" in client.get(url).text


def test_the_period_opens_at_its_time_without_a_stale_page(client, make_consultation, session):
    consultation = make_consultation()
    consultation.opens_at = utcnow() + timedelta(seconds=1.5)
    session.commit()
    url = f"/consultaties/{consultation.slug}"
    assert "U kunt reageren vanaf" in client.get(url).text
    time.sleep(max(0.0, (consultation.opens_at - utcnow()).total_seconds()) + 0.1)
    assert "U kunt reageren vanaf" not in client.get(url).text


@pytest.mark.parametrize("change", ["reaction", "consultation_title", "counter_update"])
def test_a_public_change_moves_the_version_at_commit(make_consultation, session, change):
    consultation = make_consultation()
    reaction = _published(session, consultation)
    before = version(session)
    if change == "reaction":
        reaction.status = ReactionStatus.WITHDRAWN
    elif change == "consultation_title":
        consultation.title = "Een nieuwe titel"
    else:
        session.execute(sa.update(type(consultation)).where(type(consultation).id == consultation.id)
                        .values(reaction_count=7))
    session.flush()
    assert version(session) == before  # not before the commit
    session.commit()
    assert version(session) > before


def test_a_private_change_leaves_the_version(make_consultation, session):
    make_consultation()
    before = version(session)
    session.add(OutboxMessage(recipient="a@example.org", subject="x", body_text="x"))
    session.commit()
    assert version(session) == before


def test_a_submission_waiting_for_its_address_check_leaves_the_version(app, client, make_consultation, session):
    """At the busiest moment every submission would otherwise empty the cache: a new reaction on no
    public page yet (unconfirmed), its kenmerk and its mail leave the version; confirming it moves it."""
    consultation = make_consultation()
    assert consultation.requires_email_confirmation
    before = version(session)
    form = client.get(f"/consultaties/{consultation.slug}/reageren").text
    response = client.post(f"/consultaties/{consultation.slug}/reageren", data={
        "csrf_token": csrf_token(form), "started": re.search(r'name="started"[^>]*value="([^"]+)"', form).group(1),
        "submission_key": "een-sleutel-voor-deze-test", "website": "", "section": "", "quote": "",
        "body": "Meer plekken voor mantelzorgers.", "author_name": "Ria", "author_email": "ria@example.org",
        "author_place": "", "organisation_name": "", "organisation_kind": "", "privacy": "y", "publication": "named"})
    assert response.status_code == 302
    session.expire_all()
    reaction = session.scalar(sa.select(Reaction).where(Reaction.submission_key == "een-sleutel-voor-deze-test"))
    assert reaction.reference and version(session) == before
    with app.app_context():
        confirm = f"/reacties/bevestigen/{make_token(reaction.id, Purpose.CONFIRM)}"
    assert client.get(confirm).status_code == 302
    assert version(session) > before


def test_a_log_in_and_a_language_switch_leave_the_version_a_name_change_moves_it(app, client, make_user, login, session):
    """Only the columns of ``users`` a public page may show count: a log-in (``last_login_at``) or a
    signed-in person's language switch leaves every kept page; a changed name still moves the version."""
    from consult.accounts.models import User

    user = make_user(name="Vera Jansen")
    before = version(session)
    login(user)
    client.get("/taal/en")
    session.expire_all()
    assert version(session) == before
    session.get(User, user.id).name = "Vera de Vries"
    session.commit()
    assert version(session) > before


def test_a_workshop_reminder_claimed_by_the_worker_leaves_the_version(session, make_workshop):  # noqa: F811
    """A public table's private column (the reminder claimed the day before a session) leaves the version;
    a public column of the same row (its place) moves it."""
    from consult.workshops.models import WorkshopSession

    held = make_workshop().sessions[0]
    before = version(session)
    session.execute(sa.update(WorkshopSession).where(WorkshopSession.id == held.id).values(reminder_sent_at=utcnow())
                    .execution_options(synchronize_session=False))
    held.attendance_marked_at = utcnow()
    session.commit()
    assert version(session) == before
    held.place = "Bibliotheek"
    session.commit()
    assert version(session) > before


def test_assigning_a_reaction_to_an_official_leaves_the_version_hiding_it_moves_it(make_consultation, make_user, session):
    consultation = make_consultation()
    reaction = _published(session, consultation)
    official = make_user(official_of=consultation.organisation)
    before = version(session)
    reaction.assigned_to_id = official.id
    session.commit()
    assert version(session) == before
    reaction.hide()
    session.commit()
    assert version(session) > before
