"""Links in mail come from BASE_URL, never from the request's Host header; a host the installation
does not serve is refused before anything runs."""
import re
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from consult.core.links import external_url
from consult.mail.models import OutboxMessage
from tests.reactions.conftest import MARKDOWN, form_data

HIDDEN = re.compile(r'name="([^"]+)" type="hidden" value="([^"]*)"')


@pytest.fixture
def production_urls(app, monkeypatch):
    """As in production: no SERVER_NAME, so Flask would build external URLs from the Host header;
    one more name (an old domain) is allowed next to BASE_URL's."""
    monkeypatch.setitem(app.config, "SERVER_NAME", None)
    monkeypatch.setitem(app.config, "TRUSTED_HOSTS", ["consult.test", "oud.consult.test"])


def send_form(client, url: str, data: dict, host: str):
    """GET the form from ``host`` like a browser, then POST it with all its hidden fields."""
    page = client.get(url, headers={"Host": host})
    hidden = dict(HIDDEN.findall(page.text))
    return client.post(url, data={**hidden, **data}, headers={"Host": host})


def ask_password_reset(client, make, host):
    make.user(email="vera@example.org")
    return send_form(client, "/wachtwoord-vergeten", {"email": "vera@example.org"}, host), "vera@example.org"


def ask_data_access(client, make, host):
    make.reaction(make.consultation(), author_email="iris@example.org")
    return send_form(client, "/mijn-gegevens", {"email": "iris@example.org"}, host), "iris@example.org"


def send_reaction(client, make, host):
    consultation = make.consultation(markdown=MARKDOWN)
    url = f"/consultaties/{consultation.slug}/reageren"
    return send_form(client, url, form_data(author_email="iris@example.org"), host), "iris@example.org"


MAIL_WITH_LINK = {"password reset": ask_password_reset, "data access": ask_data_access, "reaction": send_reaction}


@pytest.fixture
def make(make_user, make_consultation, make_reaction):
    return SimpleNamespace(user=make_user, consultation=make_consultation, reaction=make_reaction)


def mail_to(session, recipient):
    return session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == recipient)).all()


@pytest.mark.parametrize("ask", MAIL_WITH_LINK.values(), ids=MAIL_WITH_LINK.keys())
def test_a_link_in_mail_points_at_base_url_whatever_host_the_request_named(
        client, session, make, production_urls, ask):
    response, recipient = ask(client, make, "oud.consult.test")
    assert response.status_code == 302
    [mail] = mail_to(session, recipient)
    links = re.findall(r"https?://\S+", mail.body_text)
    assert links and all(link.startswith("http://consult.test/") for link in links), links


@pytest.mark.parametrize("ask", MAIL_WITH_LINK.values(), ids=MAIL_WITH_LINK.keys())
def test_a_request_naming_another_host_is_refused_and_mails_nothing(
        client, session, make, production_urls, ask):
    response, recipient = ask(client, make, "evil.example")
    assert response.status_code == 400 and response.text == "Unknown host.\n"
    assert mail_to(session, recipient) == []


def test_every_page_refuses_an_unknown_host_without_an_error(client, make_user, make_organisation, login):
    login(make_user(official_of=make_organisation()))
    with client.session_transaction() as session:
        session["seen_at"] = 0  # the idle check would log out and redirect: it must not run for this host
    cookie = client.get_cookie("session", domain="consult.test").value
    client.set_cookie("session", cookie, domain="evil.example")
    for method, path in (("GET", "/"), ("GET", "/beheer/"), ("GET", "/bestaat-niet"), ("GET", "/static/x.css"),
                         ("POST", "/uitloggen"), ("POST", "/reacties/1/melden")):
        response = client.open(path, method=method, headers={"Host": "evil.example"})
        assert (response.status_code, response.text) == (400, "Unknown host.\n"), path


def test_links_built_outside_a_request_use_base_url_with_its_path(app, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "https://www.gemeente.example/inspraak")
    with app.app_context():  # as in the worker: no request at all
        link = external_url("reports.show_report", slug="sma-2026", _anchor="SMA-2026-0042")
    assert link == "https://www.gemeente.example/inspraak/consultaties/sma-2026/reactienota#SMA-2026-0042"
