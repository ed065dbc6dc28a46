"""The decision's form, its preview and the nota's draft options in Chromium, at desktop width and at
320 px: zero axe violations, no sideways scrolling, and nothing sent before the confirmation."""
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from consult.consultations.models import Consultation, Phase
from consult.core.db import utcnow
from consult.extensions import db
from tests.browser.test_round_pages import check_both_widths
from tests.browser.test_workbench_pages import log_in

pytestmark = pytest.mark.browser

SLUG = "koersdocument-sociaal-domein"  # the demo's processed consultation, 303 reactions


def test_the_decision_form_and_its_preview(page, live_server):
    log_in(page, "ambtenaar@apeldoorn.example.org")
    page.goto(f"/beheer/consultaties/{SLUG}/besluit")
    check_both_widths(page)
    page.get_by_role("button", name="Voorbeeld tonen").click()
    expect(page.get_by_text("Vul het besluitnummer in.").first).to_be_visible()  # beside the field, in Dutch
    check_both_widths(page)

    page.get_by_label("Datum van het besluit").fill("2027-01-12")
    page.get_by_label("de gemeenteraad").check()
    page.get_by_label("Besluitnummer").fill("2027-014")
    page.get_by_label("Wat is er besloten?").fill("De raad heeft het koersdocument vastgesteld, met één wijziging.")
    page.get_by_label("Een kennisgeving publiceren in plaats van brieven sturen").check()
    page.get_by_label("Link naar de kennisgeving").fill("https://zoek.officielebekendmakingen.nl/gmb-2027-1")
    page.get_by_role("button", name="Voorbeeld tonen").click()

    expect(page.get_by_role("heading", name="Besluit controleren en versturen")).to_be_visible()
    expect(page.get_by_text("Er is nog niets opgeslagen of verstuurd.")).to_be_visible()
    expect(page.get_by_role("button", name="Besluit vastleggen en versturen")).to_be_visible()
    check_both_widths(page)
    with live_server.app.app_context():
        consultation = db.session.scalar(sa.select(Consultation).where(Consultation.slug == SLUG))
        assert consultation.phase(utcnow()) is Phase.PROCESSED

    page.get_by_role("button", name="Besluit aanpassen").click()
    assert page.get_by_label("Besluitnummer").input_value() == "2027-014"


def test_the_nota_draft_with_its_order_and_own_changes(page):
    log_in(page, "ambtenaar@apeldoorn.example.org")
    page.goto(f"/beheer/consultaties/{SLUG}/reactienota")
    page.get_by_role("button", name="Wijziging toevoegen").click()
    expect(page.get_by_text("Schrijf wat er verandert.").first).to_be_visible()
    check_both_widths(page)
