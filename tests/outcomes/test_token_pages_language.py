"""Pages opened from a personal link in a mail speak the person's language, unless they chose another
in the interface (finding 11); the verslag's heading is translated (finding 12)."""
import pytest

from tests.conftest import token_of
from tests.outcomes.conftest import open_verslag


@pytest.fixture
def pages(world, session):
    open_verslag(session, world.workshop)
    english = world.participants[1]  # registered in English
    assert english.locale == "en"
    token = token_of(english)
    return [f"/werkateliers/deelnemer/{token}/tafels/{world.workshop.tables[0].id}",
            f"/werkateliers/deelnemer/{token}/verslag", f"/werkateliers/afmelden/{token}"]


def test_a_fresh_browser_opens_the_link_in_the_registrants_language(client, pages):
    for url in pages:
        page = client.get(url)
        assert page.status_code == 200 and '<html lang="en"' in page.text, url
    assert "<h1 class=\"utrecht-heading-1\">Report: " in client.get(pages[1]).text


def test_a_language_chosen_in_the_interface_wins(client, pages):
    with client.session_transaction() as browser:
        browser["lang"] = "nl"
    for url in pages:
        assert '<html lang="nl"' in client.get(url).text, url
