"""The feedbackronde in Chromium: the partner's pages and the official's progress view, at desktop
width and at 320 px, with zero axe violations and no sideways scrolling."""
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_workbench_pages import log_in

pytestmark = pytest.mark.browser

SLUG = "strategische-agenda-feedbackronde"


def check_both_widths(page):
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"sideways scroll on {page.url}"
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_partner_drafts_and_submits_on_behalf_of_the_organisation(page):
    log_in(page, "zorgaanbieder@example.org")
    page.get_by_role("link", name="Mijn organisatie").click()
    check_both_widths(page)
    page.get_by_role("link", name="Feedbackronde strategische agenda 2020–2022").click()
    assert page.url.endswith(f"/rondes/{SLUG}/beschermd-thuis-flevoland")
    check_both_widths(page)
    page.get_by_role("button", name="Toevoegen aan het concept").click()
    expect(page.get_by_text("Schrijf uw opmerking.").first).to_be_visible()  # beside the field, in Dutch
    check_both_widths(page)
    page.get_by_label("Tekst waar u op reageert", exact=False).fill("Een zeer lange passage zonderspatieszodatdetekstnietvanzelfafbreektopeensmalscherm" * 3)
    page.get_by_label("Opmerking", exact=True).fill("Wij missen de wachtlijsten voor beschermd wonen.")
    page.get_by_role("button", name="Toevoegen aan het concept").click()
    expect(page.get_by_text("Wij missen de wachtlijsten voor beschermd wonen.")).to_be_visible()
    check_both_widths(page)
    page.get_by_role("link", name="Opmerking wijzigen").first.click()
    check_both_widths(page)
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("button", name="Indienen namens Stichting Beschermd Thuis Flevoland").click()
    expect(page.get_by_text("SAF-").first).to_be_visible()  # the kenmerk of what was submitted
    check_both_widths(page)


def test_the_official_invites_and_follows_progress(page):
    log_in(page, "ambtenaar.flevoland@example.org")
    page.goto(f"/beheer/consultaties/{SLUG}")
    page.get_by_role("link", name="Uitnodigingen en voortgang van de feedbackronde").click()
    check_both_widths(page)
    page.get_by_role("button", name="Uitnodigen en e-mails versturen").click()
    expect(page.get_by_text("Kies een soort, een regio of ten minste één organisatie.").first).to_be_visible()
    check_both_widths(page)
    page.get_by_label("Alle organisaties van deze soort").select_option(label="Welzijnsorganisatie")
    page.get_by_role("button", name="Uitnodigen en e-mails versturen").click()
    expect(page.get_by_role("rowheader", name="Welzijn Lelystad")).to_be_visible()
    check_both_widths(page)
