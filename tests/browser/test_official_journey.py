"""An official uploads a Word draft and opens a new ter-inzage consultation on it, in Chromium."""
import re
from datetime import timedelta

import docx
import pytest
from playwright.sync_api import expect

from consult.consultations.term import awb_last_day
from consult.core.i18n import local_today
from consult.demo.data import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def word_draft(path):
    document = docx.Document()
    document.add_heading("Wmo-beleidsplan", 1)
    document.add_paragraph("Wij willen dat inwoners zo lang mogelijk thuis kunnen wonen.")
    document.add_heading("Mantelzorg", 1)
    document.add_paragraph("Mantelzorgers krijgen meer steun.")
    document.save(path)
    return path


def test_official_uploads_docx_and_publishes_a_consultation(page, tmp_path):
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill("ambtenaar.almere@example.org")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name="Beheer").click()
    assert_accessible(page)

    page.get_by_role("link", name="Nieuw document").click()
    assert_accessible(page)
    page.get_by_label("Titel").fill("Wmo-beleidsplan Almere 2027")
    page.get_by_label("Bestand").set_input_files(str(word_draft(tmp_path / "wmo.docx")))
    page.get_by_role("button", name="Document opslaan").click()
    expect(page.get_by_text("Het document is opgeslagen met 2 hoofdstukken.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Deze versie ter inzage leggen").click()
    assert_accessible(page)
    page.get_by_label("Titel").fill("Wmo-beleidsplan Almere 2027")
    page.get_by_label("Letters voor het kenmerk").fill("WMO")
    page.get_by_label("In het kort").fill("Almere maakt een nieuw plan voor zorg thuis. Wat vindt u ervan?")
    page.get_by_label(re.compile("Uniforme openbare voorbereidingsprocedure")).check()
    page.get_by_label("Laatste dag").fill((local_today() + timedelta(weeks=4)).isoformat())
    page.get_by_label("Contactpersoon").fill("Arjen de Vries")
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.get_by_text(re.compile("Bij de Awb-procedure is de laatste dag .* of later")).first).to_be_visible()
    assert page.get_by_label("In het kort").input_value().startswith("Almere maakt")
    assert_accessible(page)

    page.get_by_label("Laatste dag").fill(awb_last_day(local_today()).isoformat())
    page.get_by_role("button", name="Opslaan als concept").click()
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_text("De consultatie is gepubliceerd.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Bekijk als inwoner").click()
    expect(page.get_by_role("heading", name="Wmo-beleidsplan Almere 2027")).to_be_visible()
    expect(page.get_by_role("heading", name="2 Mantelzorg")).to_be_visible()
    page.get_by_role("link", name=re.compile("Kennisgeving")).click()
    assert_accessible(page)
