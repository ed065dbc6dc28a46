"""Partners' people in Chromium: the official invites a contact person, who follows the sign-in link,
chooses a password and finds the round; the link used again explains itself; the admin's organisation
pages. Zero axe violations and no sideways scrolling, at desktop width and at 320 px."""
import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from consult.extensions import db
from consult.mail.models import OutboxMessage
from tests.browser.test_round_pages import SLUG, check_both_widths
from tests.browser.test_workbench_pages import log_in

pytestmark = pytest.mark.browser

CONTACT = "nieuwe.collega@beschermd-thuis.example.org"


def sign_in_link(live_server) -> str:
    with live_server.app.app_context():
        body = db.session.scalar(sa.select(OutboxMessage.body_text).where(OutboxMessage.recipient == CONTACT)
                                 .order_by(OutboxMessage.id.desc()))
    return re.search(r"http://127\.0\.0\.1:\d+(/aanmelden/[\w-]+)", body).group(1)


def test_a_contact_person_is_invited_follows_the_link_and_chooses_a_password(browser, live_server, page):
    log_in(page, "ambtenaar.flevoland@example.org")
    page.goto(f"/beheer/consultaties/{SLUG}/ronde")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_text("Vul de naam in.").first).to_be_visible()
    check_both_widths(page)
    page.get_by_label("Organisatie", exact=True).select_option(label="Stichting Beschermd Thuis Flevoland")
    page.get_by_label("Naam", exact=True).fill("Nina Nieuw")
    page.get_by_label("E-mailadres").fill(CONTACT)
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_text("kreeg een e-mail met een link")).to_be_visible()
    check_both_widths(page)

    link = sign_in_link(live_server)
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    contact = context.new_page()
    contact.goto(link)
    expect(contact.get_by_role("heading", name="Meedoen voor Stichting Beschermd Thuis Flevoland")).to_be_visible()
    check_both_widths(contact)
    contact.get_by_role("button", name="Doorgaan en inloggen").click()
    expect(contact.get_by_role("heading", name="Kies een wachtwoord")).to_be_visible()
    contact.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(contact.get_by_text("Kies een nieuw wachtwoord.").first).to_be_visible()
    check_both_widths(contact)
    contact.get_by_role("link", name="Nu niet, ga verder").click()
    assert contact.url.endswith(f"/rondes/{SLUG}/beschermd-thuis-flevoland")
    contact.get_by_role("link", name="Ingelogd als Nina Nieuw").click()
    check_both_widths(contact)
    context.close()

    again = browser.new_context(base_url=live_server.url, locale="nl-NL").new_page()
    again.goto(link)
    expect(again.get_by_role("heading", name="Deze link werkt niet meer")).to_be_visible()
    check_both_widths(again)
    again.get_by_role("button", name="Stuur mij een nieuwe link").click()
    expect(again.get_by_text("Als deze link van ons was")).to_be_visible()
    check_both_widths(again)
    again.context.close()


def test_the_admins_organisation_pages(page):
    log_in(page, "beheerder@example.org")
    page.get_by_role("link", name="Organisaties").click()
    check_both_widths(page)
    page.get_by_label("Zoek op naam").fill("Flevoland")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="Stichting Beschermd Thuis Flevoland").click()
    expect(page.get_by_role("rowheader", name="Daan Kramer")).to_be_visible()  # the demo's second colleague
    check_both_widths(page)
    page.get_by_role("button", name="Persoon toevoegen").click()
    expect(page.get_by_text("Vul het e-mailadres in.").first).to_be_visible()
    check_both_widths(page)
    page.goto("/beheer/organisaties/nieuw")
    page.get_by_label("Korte naam in webadressen").fill("Geen Goede Naam")
    page.get_by_role("button", name="Organisatie maken").click()
    expect(page.get_by_text("Gebruik alleen kleine letters").first).to_be_visible()
    check_both_widths(page)
