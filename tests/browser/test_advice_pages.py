"""Formal advice in Chromium: the adviesraad's advice page and the official's advice page, at desktop
width and at 320 px, with zero axe violations and no sideways scrolling, also with errors beside the
fields and with a long word in a point."""
import pytest
from playwright.sync_api import expect

from tests.browser.test_round_pages import check_both_widths
from tests.browser.test_workbench_pages import log_in

pytestmark = pytest.mark.browser

SLUG = "strategische-agenda-feedbackronde"
LONG_WORD = "ervaringsdeskundigheidzonderspatieszodatdetekstnietvanzelfafbreekt" * 3


def test_the_adviesraad_drafts_and_submits_and_the_official_answers_every_point(page):
    log_in(page, "participatieraad@example.org")
    page.get_by_role("link", name="Mijn organisatie").click()
    page.get_by_role("link", name="Formeel advies").first.click()
    assert page.url.endswith(f"/consultaties/{SLUG}/advies/participatieraad-almere")
    check_both_widths(page)
    page.get_by_role("button", name="Adviespunt toevoegen").click()
    expect(page.get_by_text("Schrijf het adviespunt.").first).to_be_visible()  # beside the field, in Dutch
    check_both_widths(page)
    page.get_by_role("textbox", name="Algemeen advies").fill("De participatieraad steunt de agenda, met drie adviezen.")
    page.get_by_role("button", name="Algemeen advies opslaan").click()
    for text in ("Betrek ervaringsdeskundigen bij elke stap. " + LONG_WORD, "Maak de toegang eenvoudiger.",
                 "Meet wat het oplevert."):
        page.get_by_role("textbox", name="Adviespunt", exact=True).fill(text)
        page.get_by_role("button", name="Adviespunt toevoegen").click()
    expect(page.get_by_role("heading", name="Adviespunt 3 · Het hele document")).to_be_visible()
    check_both_widths(page)
    page.get_by_role("link", name="Adviespunt veranderen 2").click()
    check_both_widths(page)
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("button", name="Advies indienen namens Participatieraad Almere").click()
    expect(page.get_by_text("is ingediend met kenmerk")).to_be_visible()
    check_both_widths(page)
    page.get_by_role("button", name="Uitloggen").click()

    log_in(page, "ambtenaar.flevoland@example.org")
    page.goto(f"/beheer/consultaties/{SLUG}")
    page.get_by_role("link", name="Advies van adviesraden").click()
    check_both_widths(page)
    points = page.locator("article.consult-card")
    points.nth(0).get_by_role("button").click()
    expect(page.get_by_text("Kies of de gemeente het punt overneemt.").first).to_be_visible()
    check_both_widths(page)
    for n, verdict in enumerate(("Overgenomen", "Gedeeltelijk overgenomen", "Niet overgenomen")):
        point = page.locator("article.consult-card").nth(n)
        point.get_by_label(verdict, exact=True).check()
        point.get_by_label("Redenen").fill(f"Zo beantwoorden we punt {n + 1}. " + LONG_WORD)
        point.get_by_role("button").click()
    expect(page.get_by_text("hebben de antwoorden per e-mail gekregen")).to_be_visible()
    check_both_widths(page)
    page.goto(f"/beheer/consultaties/{SLUG}/reactienota")
    expect(page.get_by_role("heading", name="Advies van de adviesraad")).to_be_visible()
