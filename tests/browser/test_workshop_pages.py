"""The werkatelier in Chromium on the demo data: the event page (a session held last week, the next one open),
registering for the next session until it is full, cancelling by the link in the mail (the first on the
waiting list moves up and gets a mail), and the officials' pages, at desktop width and at 320 px, with zero
axe violations and no sideways scrolling."""
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from consult.extensions import db
from consult.mail.models import OutboxMessage
from consult.workshops.models import Registration, RegistrationStatus
from tests.browser.conftest import assert_accessible
from tests.browser.test_workbench_pages import log_in
from tests.conftest import token_of

pytestmark = pytest.mark.browser

SLUG = "werkatelier-beschermd-wonen"


def check_both_widths(page):
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"sideways scroll on {page.url}"
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def register(page, name, email):
    page.goto(f"/werkateliers/{SLUG}/aanmelden")
    page.locator('input[name="session"]').first.check()  # the next session (the one held is not offered), full or not
    page.get_by_label("Naam", exact=True).fill(name)
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Zorg en Veiligheid").check()
    page.get_by_label("Ik vind het goed", exact=False).check()
    page.get_by_role("button", name="Aanmelden").click()


def status_of(live_server, email):
    with live_server.app.app_context():
        return db.session.scalar(sa.select(Registration).where(Registration.email == email))


def test_residents_register_until_full_and_one_cancels(page, live_server):
    page.goto("/")
    page.get_by_role("link", name="Werkatelier actieprogramma beschermd wonen en maatschappelijke opvang").click()
    assert page.url.endswith(f"/werkateliers/{SLUG}")
    expect(page.get_by_text("Stationsplein 2, 8232 VT Lelystad")).to_be_visible()
    expect(page.get_by_text("Deze sessie is al geweest.")).to_be_visible()  # last week's, in Almere
    expect(page.get_by_text("Nog 2 plekken vrij van de 4")).to_be_visible()
    check_both_widths(page)
    page.get_by_role("link", name="Aanmelden").first.click()
    page.get_by_role("button", name="Aanmelden").click()  # nothing filled in
    expect(page.get_by_text("Vul uw naam in.").first).to_be_visible()
    check_both_widths(page)
    register(page, "Iris de Boer", "iris.deboer@example.org")
    register(page, "Tom Bakker", "tom.bakker@example.org")  # the last of four places
    register(page, "Sara Yilmaz", "sara.yilmaz@example.org")  # full: the waiting list
    expect(page.get_by_text("U staat op de wachtlijst")).to_be_visible()
    check_both_widths(page)
    assert status_of(live_server, "sara.yilmaz@example.org").status is RegistrationStatus.WAITING
    with live_server.app.app_context():
        token = status_of(live_server, "tom.bakker@example.org").token
    page.goto(f"/werkateliers/bevestigen/{token}")  # the address confirmed with the link in the mail
    expect(page.get_by_text("Uw e-mailadres is bevestigd.")).to_be_visible()
    check_both_widths(page)
    page.goto(f"/werkateliers/afmelden/{token}")
    check_both_widths(page)
    page.get_by_role("button", name="Ik meld me af").click()
    expect(page.get_by_text("U bent afgemeld.")).to_be_visible()
    check_both_widths(page)
    assert status_of(live_server, "sara.yilmaz@example.org").status is RegistrationStatus.CONFIRMED
    with live_server.app.app_context():
        told = db.session.scalars(sa.select(OutboxMessage.subject).where(OutboxMessage.recipient == "sara.yilmaz@example.org")).all()
    assert len(told) == 2  # on the waiting list, then the place


def test_the_officials_pages(page):
    log_in(page, "ambtenaar.flevoland@example.org")
    page.get_by_role("link", name="Beheer").click()
    page.get_by_role("link", name="Werkateliers").click()
    check_both_widths(page)
    page.get_by_role("link", name="Werkatelier actieprogramma beschermd wonen en maatschappelijke opvang").click()
    check_both_widths(page)
    page.get_by_text("Een sessie toevoegen").click()
    page.get_by_role("button", name="Sessie toevoegen").click()
    expect(page.get_by_text("Vul de datum in.").first).to_be_visible()
    check_both_widths(page)
    page.get_by_role("link", name="Aanmeldingen").first.click()
    expect(page.get_by_role("heading", name="Per tafel")).to_be_visible()
    check_both_widths(page)
    page.get_by_role("button", name="Opslaan wie er was").click()
    expect(page.get_by_text("Opgeslagen:")).to_be_visible()
    page.get_by_role("link", name="Mail iedereen met een plek").click()
    check_both_widths(page)
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_text("Vul een onderwerp in.").first).to_be_visible()
    check_both_widths(page)
    page.goto("/beheer/werkateliers/nieuw")
    check_both_widths(page)


def test_a_participant_adds_cards_at_a_table(page, live_server):
    with live_server.app.app_context():
        registration = db.session.scalar(sa.select(Registration).where(Registration.email == "marloes.dewit@example.org"))
        token, table_id = token_of(registration), registration.tables[0].id
    page.goto(f"/werkateliers/deelnemer/{token}/tafels/{table_id}")
    expect(page.get_by_role("heading", name="Tafel: Zorglandschap Wmo")).to_be_visible()
    check_both_widths(page)
    page.get_by_role("button", name="Kaartje toevoegen").click()
    expect(page.get_by_text("Schrijf uw inbreng.").first).to_be_visible()
    check_both_widths(page)
    page.get_by_label("Knelpunt").check()
    page.get_by_label("Uw inbreng").fill("Er zijn te weinig woningen voor uitstroom uit beschermd wonen.")
    page.get_by_role("button", name="Kaartje toevoegen").click()
    expect(page.get_by_text("Er zijn te weinig woningen voor uitstroom")).to_be_visible()
    check_both_widths(page)
