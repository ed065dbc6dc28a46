"""The page header with an organisation's name: the menu stays on one line at desktop width, and nothing
scrolls sideways at 320 px, for every demo role."""
import pytest
from playwright.sync_api import expect

from tests.browser.test_workbench_pages import log_in

pytestmark = pytest.mark.browser

# The longest organisation name of the demo, and a page that shows it in the header.
PAGE = "/consultaties/sociaal-maatschappelijke-agenda"
ROLES = [None, "inwoner@example.org", "zorgaanbieder@example.org", "ambtenaar.flevoland@example.org",
         "ambtenaar@vijfheerenlanden.example.org", "beheerder@example.org"]


def menu_lines(page) -> int:
    # Items of one line share their middle (the list centres them); a second line lies a line lower.
    return page.evaluate("new Set([...document.querySelectorAll('.consult-nav__list > li')].map(li => { const r = li.getBoundingClientRect(); return Math.round((r.top + r.height / 2) / 10); })).size")


@pytest.mark.parametrize("email", ROLES)
def test_the_menu_stays_on_one_line_beside_an_organisation_name(page, live_server, email):
    if email:
        log_in(page, email)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(PAGE)
    expect(page.locator(".consult-header__organisation")).to_be_visible()
    assert menu_lines(page) == 1, page.locator(".consult-header").inner_text()
    brand, menu = (page.locator(selector).bounding_box() for selector in (".consult-header__brand", ".consult-nav"))
    assert menu["y"] < brand["y"] + brand["height"], "the menu went under the name instead of beside it"
    page.screenshot(path=f"/tmp/header-{email}.png")
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(PAGE)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
