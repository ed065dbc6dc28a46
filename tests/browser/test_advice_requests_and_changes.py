"""Asking an adviesraad for advice on a ter-inzage, and changing advice after submitting it, in Chromium at
desktop width and at 320 px, with zero axe violations and no sideways scrolling, also with errors beside
the fields."""
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from consult.core.db import utcnow
from consult.core.i18n import AMSTERDAM
from tests.browser.test_round_pages import check_both_widths
from tests.browser.test_workbench_pages import log_in

pytestmark = pytest.mark.browser

SLUG = "sociaal-maatschappelijke-agenda"


def test_the_official_asks_for_advice_and_the_council_changes_it_after_submitting(page):
    log_in(page, "ambtenaar@vijfheerenlanden.example.org")
    page.goto(f"/beheer/consultaties/{SLUG}/advies")
    check_both_widths(page)
    page.get_by_role("button", name="Vraag om advies").click()
    expect(page.get_by_text("Kies een adviesraad.").first).to_be_visible()
    check_both_widths(page)
    page.get_by_label("Adviesraad", exact=True).select_option(label="Participatieraad Almere")
    page.get_by_label("Deadline voor het advies (datum)").fill(
        (utcnow() + timedelta(days=14)).astimezone(AMSTERDAM).date().isoformat())
    page.get_by_role("button", name="Vraag om advies").click()
    expect(page.get_by_text("Participatieraad Almere is om advies gevraagd.")).to_be_visible()
    check_both_widths(page)
    page.get_by_role("button", name="Uitloggen").click()

    log_in(page, "participatieraad@example.org")
    page.get_by_role("link", name="Mijn organisatie").click()
    expect(page.get_by_role("heading", name="De gemeente vraagt uw advies")).to_be_visible()
    check_both_widths(page)
    page.get_by_role("link", name="Sociaal Maatschappelijke Agenda", exact=False).last.click()
    page.get_by_role("textbox", name="Adviespunt", exact=True).fill("Betrek de jongerenraad.")
    page.get_by_role("button", name="Adviespunt toevoegen").click()
    page.get_by_role("button", name="Advies indienen namens Participatieraad Almere").click()
    expect(page.get_by_text("is ingediend met kenmerk")).to_be_visible()
    check_both_widths(page)
    page.get_by_role("link", name="Adviespunt veranderen 1").click()
    page.get_by_role("textbox", name="Adviespunt", exact=True).fill("Betrek de jongerenraad en de cliëntenraad.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Betrek de jongerenraad en de cliëntenraad.")).to_be_visible()
    check_both_widths(page)
    page.get_by_role("button", name="Uitloggen").click()

    log_in(page, "ambtenaar@vijfheerenlanden.example.org")
    page.goto(f"/beheer/consultaties/{SLUG}/advies")
    page.get_by_text("Het advies is na het indienen veranderd: 2 versies").click()
    check_both_widths(page)
