"""A public page in Chromium with an empty cache: under 150 KB transferred in at most 6 requests, and
still without axe violations with the one purged stylesheet, like the melding page (issue 15)."""
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def weigh(browser, live_server, path: str) -> tuple[int, int, list[str]]:
    """Bytes on the wire (headers and bodies as sent, so compressed) and requests for one empty-cache load."""
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(path)
    page.wait_for_load_state("networkidle")
    total = 0
    for request in finished:
        sizes = request.sizes()
        total += sizes["responseHeadersSize"] + sizes["responseBodySize"]
    urls = [request.url for request in finished]
    context.close()
    return total, len(urls), urls


def test_public_pages_are_light_on_a_first_visit(browser, live_server, page):
    page.goto("/")
    consultation = page.locator("a[href^='/consultaties/']").first.get_attribute("href")
    for path in ("/", consultation, f"{consultation}/reageren", f"{consultation}/reacties"):
        total, count, urls = weigh(browser, live_server, path)
        print(f"{path}: {total} bytes in {count} requests")
        assert count <= 6, (path, urls)
        assert total < 150 * 1024, (path, total, urls)
    page.goto(consultation)
    assert_accessible(page)
    page.locator("a[href$='/melden']").first.click()  # the melding page that replaced the form per reaction
    expect(page.locator("select#reason")).to_have_count(1)  # the click returns before the page loaded
    assert_accessible(page)
