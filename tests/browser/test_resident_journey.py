"""The whole resident journey in Chromium, with the confirmation mail caught by a real SMTP server."""
import email
import re
from email import policy

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import expect

from consult.demo.data import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible
from tests.mail.test_delivery import Inbox, free_port

pytestmark = pytest.mark.browser

TEXTS = {
    "nl": {
        "react": "Reageer op dit hoofdstuk", "body": "Uw reactie", "name": "Uw naam", "email": "Uw e-mailadres",
        "place": "Woonplaats", "publish": "Ja, publiceer mijn reactie", "name_too": "Mijn naam bij mijn reactie publiceren",
        "send": "Reactie versturen", "sent": "Kijk in uw e-mail", "confirmed": "Uw reactie is bevestigd",
        "login": "Inloggen", "login_email": "E-mailadres", "password": "Wachtwoord", "management": "Beheer",
        "moderate": "te modereren", "approve": "Goedkeuren", "approved": "is goedgekeurd", "logout": "Uitloggen",
    },
    "en": {
        "react": "Respond to this section", "body": "Your response", "name": "Your name", "email": "Your e-mail address",
        "place": "Place where you live", "publish": "Yes, publish my response", "name_too": "Publish my name with my response",
        "send": "Send response", "sent": "Check your e-mail", "confirmed": "Your response is confirmed",
        "login": "Log in", "login_email": "E-mail address", "password": "Password", "management": "Management",
        "moderate": "to moderate", "approve": "Approve", "approved": "has been approved", "logout": "Log out",
    },
}


@pytest.fixture
def smtp_inbox(live_server, monkeypatch):
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(live_server.app.config, "DEV_MAILBOX", False)
    monkeypatch.setitem(live_server.app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(live_server.app.config, "MAIL_PORT", port)
    yield inbox
    controller.stop()


def mail_to(inbox, address):
    for envelope in reversed(inbox.messages):
        if address in envelope.rcpt_tos:
            return email.message_from_bytes(envelope.content, policy=policy.default).get_body().get_content()
    raise AssertionError(f"no mail to {address}")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_resident_reacts_confirms_by_mail_and_sees_the_approved_reaction(page, smtp_inbox, run_mail_worker, language):
    t = TEXTS[language]
    resident = f"journey-{language}@example.org"
    text = f"Mantelzorgers verdienen een eigen opgave ({language})."

    page.goto("/")
    if language == "en":
        page.get_by_role("link", name="English").click()
    page.get_by_role("link", name="Sociaal Maatschappelijke Agenda Vijfheerenlanden").click()
    assert_accessible(page)

    page.get_by_role("link", name=re.compile(t["react"] + r" 2 Opgavegericht werken")).click()
    assert page.get_by_label(re.compile("about|over", re.I)).input_value() == "opgavegericht-werken"
    assert_accessible(page)
    page.get_by_label(t["body"], exact=True).fill(text)
    page.get_by_label(t["name"]).fill("Iris de Boer")
    page.get_by_label(t["email"]).fill(resident)
    page.get_by_label(re.compile(t["place"])).fill("Leerdam")
    # The demo consultation follows the inspraakverordening: a public task, so no consent box, and the
    # name is a separate opt-in.
    page.get_by_label(t["publish"]).check()
    page.get_by_label(t["name_too"]).check()
    page.get_by_role("button", name=t["send"]).click()
    expect(page.get_by_role("heading", name=t["sent"])).to_be_visible()
    assert_accessible(page)

    assert run_mail_worker().sent >= 1
    confirmation = mail_to(smtp_inbox, resident)
    link = re.search(r"https?://\S+/reacties/bevestigen/\S+", confirmation).group(0)
    page.goto(link)
    expect(page.get_by_text(t["confirmed"])).to_be_visible()
    reference = re.search(r"[A-Z]+-\d{4}-\d{4}", page.locator("h1").inner_text()).group(0)
    assert_accessible(page)
    run_mail_worker()
    assert reference in mail_to(smtp_inbox, resident)  # the receipt

    page.get_by_role("link", name=t["login"]).click()
    page.get_by_label(t["login_email"]).fill("ambtenaar@vijfheerenlanden.example.org")
    page.get_by_label(t["password"]).fill(DEMO_PASSWORD)
    page.get_by_role("button", name=t["login"]).click()
    page.get_by_role("link", name=t["management"]).click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(t["moderate"] + ".*Sociaal Maatschappelijke")).click()
    assert_accessible(page)
    page.get_by_role("button", name=f"{t['approve']} {reference}").click()
    expect(page.get_by_text(t["approved"])).to_be_visible()
    page.get_by_role("button", name=t["logout"]).click()

    page.goto("/consultaties/sociaal-maatschappelijke-agenda#opgavegericht-werken")
    section = page.locator("#opgavegericht-werken")
    expect(section.get_by_text(text)).to_be_visible()
    expect(section.get_by_text("Iris de Boer").first).to_be_visible()
    assert resident not in page.content()
    assert_accessible(page)
