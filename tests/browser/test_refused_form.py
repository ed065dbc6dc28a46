"""A refused form in Chromium: the title starts with "Fout:" and focus lands on the list of what to correct,
whose links lead to the fields (tester finding 7 of issue 13: focus stayed on the body, nothing was said)."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_workshop_pages import SLUG

pytestmark = pytest.mark.browser


def test_a_refused_registration_puts_focus_on_what_to_correct(page):
    page.goto(f"/werkateliers/{SLUG}/aanmelden")
    expect(page).not_to_have_title(re.compile(r"^Fout"))
    page.get_by_label("Naam", exact=True).fill("Kees Keyboard")
    page.get_by_label("Naam", exact=True).press("Enter")

    expect(page).to_have_title(re.compile(r"^Fout: Aanmelden"))
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the first link in the list
    expect(page.get_by_label("E-mailadres")).to_be_focused()
    expect(page.get_by_label("Naam", exact=True)).to_have_value("Kees Keyboard")
    assert_accessible(page)
