"""The pages that changed for zienswijzen, in Chromium at desktop width and at 320 px with zero axe
violations: the public form on the public-task ground (no consent box, the name as an opt-in), its
receipt page with the moment of receipt, and the page where the indiener of an oral zienswijze confirms
or corrects its verslag."""
import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from consult.extensions import db
from consult.mail.models import OutboxMessage
from tests.browser.test_round_pages import check_both_widths
from tests.browser.test_workbench_pages import log_in

pytestmark = pytest.mark.browser

SLUG = "sociaal-maatschappelijke-agenda"


def test_the_public_form_informs_instead_of_asking_consent(page):
    page.goto(f"/consultaties/{SLUG}/reageren")
    expect(page.get_by_text("AVG artikel 6 lid 1 onder e")).to_be_visible()
    assert page.get_by_label(re.compile("Ik heb de privacyverklaring gelezen")).count() == 0
    assert not page.get_by_label("Mijn naam bij mijn reactie publiceren").is_checked()
    check_both_widths(page)
    page.get_by_role("button", name="Reactie versturen").click()
    expect(page.get_by_text("Schrijf uw reactie.").first).to_be_visible()
    check_both_widths(page)
    page.get_by_label("Uw reactie", exact=True).fill("Graag meer aandacht voor jonge mantelzorgers.")
    page.get_by_label("Uw naam").fill("Sanne Visser")
    page.get_by_label("Uw e-mailadres").fill("sanne@example.org")
    page.get_by_label("Ja, publiceer mijn reactie").check()
    page.get_by_role("button", name="Reactie versturen").click()
    expect(page.get_by_text(re.compile(r"Ontvangen op \d+ \w+ \d{4}, \d{2}\.\d{2} uur"))).to_be_visible()
    check_both_widths(page)


def _verslag_link(live_server) -> str:
    with live_server.app.app_context():
        body = db.session.scalars(sa.select(OutboxMessage.body_text).where(OutboxMessage.recipient == "mondeling@example.org")
                                  .order_by(OutboxMessage.id.desc())).first()
        db.session.remove()
    return re.search(r"https?://\S+(/verslagen/\S+)", body).group(1)


def test_the_verslag_page_and_its_place_in_the_workbench(page, live_server):
    log_in(page, "ambtenaar@vijfheerenlanden.example.org")
    page.goto(f"/beheer/consultaties/{SLUG}/reactie-invoeren")
    page.get_by_label("Mondeling of telefonisch (verslag)").check()
    page.get_by_label("Naam", exact=True).fill("Meneer De Jong")
    page.get_by_label(re.compile(r"^E-mailadres")).fill("mondeling@example.org")
    page.get_by_label("Tekst van de reactie").fill("Meneer De Jong belde: de bus naar Meerkerk moet blijven rijden.")
    page.get_by_role("button", name="Reactie opslaan").click()
    expect(page.get_by_text(re.compile("is opgeslagen"))).to_be_visible()
    link = _verslag_link(live_server)
    page.get_by_role("button", name="Uitloggen").click()

    page.goto(link)
    expect(page.get_by_text("de bus naar Meerkerk moet blijven rijden")).to_be_visible()
    check_both_widths(page)
    page.get_by_role("button", name="Mijn antwoord versturen").click()
    expect(page.get_by_text("Kies of het verslag klopt.").first).to_be_visible()
    check_both_widths(page)
    page.get_by_label("Nee, ik wil het verbeteren").check()
    page.get_by_label("Uw correctie").fill("Ik zei ook dat de bus in het weekend moet rijden.")
    page.get_by_role("button", name="Mijn antwoord versturen").click()
    expect(page.get_by_text("We bewaren uw correctie naast het verslag.").first).to_be_visible()
    check_both_widths(page)

    log_in(page, "ambtenaar@vijfheerenlanden.example.org")
    page.goto(f"/beheer/consultaties/{SLUG}/moderatie?status=all")
    page.get_by_role("link", name=re.compile("Meneer De Jong")).first.click()
    expect(page.get_by_text("Ik zei ook dat de bus in het weekend moet rijden.")).to_be_visible()
    check_both_widths(page)
