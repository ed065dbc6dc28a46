"""The published reactienota in parts (issue 15) in Chromium with axe, at 1280 and at 320 CSS pixels: the
opening part with its table of contents, a part's page with its pager, and finding a reaction by kenmerk.
The limits are made small, so the demo's koersdocument comes in parts of several pages."""
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from consult.reports import parts
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser
SLUG = "koersdocument-sociaal-domein"


@pytest.fixture
def small_parts(live_server, monkeypatch):
    # The live server runs in this process; pages kept before or after with other limits are dropped.
    monkeypatch.setattr(parts, "ENTRIES_PER_PAGE", 5)
    monkeypatch.setattr(parts, "ONE_PAGE_AT_MOST", 5)
    live_server.app.extensions["page_cache"].clear()
    yield
    live_server.app.extensions["page_cache"].clear()


def accessible_at_both_widths(page):
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        results = Axe().run(page)
        assert results.violations_count == 0, f"{page.url} at {width} px\n{results.generate_report()}"
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_accessible(page)


def test_the_nota_in_parts_and_finding_a_reaction(page, live_server, small_parts):
    page.goto(f"/consultaties/{SLUG}/reactienota")
    expect(page.get_by_role("heading", name="Zoek uw reactie")).to_be_visible()
    contents = page.locator("ol.consult-nota-parts")
    expect(contents).to_be_visible()
    accessible_at_both_widths(page)

    first = contents.get_by_role("link").first
    title = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=2, name=title)).to_be_visible()
    if page.get_by_role("link", name="Volgende pagina").count():
        page.get_by_role("link", name="Volgende pagina").first.click()
        expect(page.get_by_text(re.compile(r"Pagina 2 van \d+")).first).to_be_visible()
    accessible_at_both_widths(page)
    reference = page.locator("article.consult-reaction").first.get_attribute("id")

    page.get_by_role("link", name="Terug naar de reactienota: inhoud, cijfers en downloads").click()
    page.get_by_label("Kenmerk").fill(reference.lower())
    page.get_by_role("button", name="Zoeken").click()
    expect(page).to_have_url(re.compile(rf"/reactienota/deel-\d+(\?pagina=\d+)?#{reference}$"))
    expect(page.locator(f"article#{reference}")).to_be_visible()

    page.goto(f"/consultaties/{SLUG}/reactienota")
    page.get_by_label("Kenmerk").fill("ABC-1")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_text("Kenmerk ABC-1 staat niet in deze reactienota.")).to_be_visible()
    expect(page.get_by_label("Kenmerk")).to_have_value("ABC-1")
    accessible_at_both_widths(page)
