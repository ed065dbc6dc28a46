"""Werkatelier outcomes in Chromium on the demo data: the official's outcomes page (with a refused and a
saved outcome), the participant's verslag (a vote, a refused and a saved reaction), and the action that
came from the top idea, at desktop width and at 320 px, with zero axe violations and no sideways scrolling."""
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from consult.actions.models import ActionSource, ActionSourceKind
from consult.extensions import db
from consult.workshops.models import Registration
from tests.browser.test_workbench_pages import log_in
from tests.browser.test_workshop_pages import SLUG, check_both_widths

pytestmark = pytest.mark.browser


def test_the_officials_outcomes_page(page):
    log_in(page, "ambtenaar.flevoland@example.org")
    page.goto(f"/beheer/werkateliers/{SLUG}")
    page.get_by_role("link", name="Uitkomsten en verslag").click()
    expect(page.get_by_role("heading", name="Uitkomsten per tafel")).to_be_visible()
    expect(page.get_by_role("heading", name="Ideeën met de meeste stemmen")).to_be_visible()  # the demo's votes
    check_both_widths(page)
    page.get_by_role("button", name="Uitkomst toevoegen").click()
    expect(page.get_by_text("Schrijf op wat eruit kwam.").first).to_be_visible()
    check_both_widths(page)
    page.get_by_label("Tafel", exact=True).select_option(label="Zorg en Veiligheid")
    page.get_by_label("Wat eruit kwam").fill("Een vast aanspreekpunt per wijk voor zorg en veiligheid.")
    page.get_by_role("button", name="Uitkomst toevoegen").click()
    expect(page.get_by_text("De uitkomst is toegevoegd.")).to_be_visible()
    check_both_widths(page)
    page.get_by_role("link", name="Maak hier een actie van").last.click()
    expect(page.get_by_role("heading", name="Actie maken")).to_be_visible()
    check_both_widths(page)
    page.locator('a[href*="/acties/nieuw?bron=outcome"]').first.click()
    assert page.get_by_label("Titel").input_value() == "Een vast aanspreekpunt per wijk voor zorg en veiligheid."
    check_both_widths(page)
    page.goto(f"/beheer/werkateliers/{SLUG}/uitkomsten")
    page.get_by_label("Stemmen per deelnemer").fill("99")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Vul een getal in van 1 tot en met 20.").first).to_be_visible()
    check_both_widths(page)


def test_a_participant_votes_and_reacts_on_the_verslag(page, live_server):
    with live_server.app.app_context():
        token = db.session.scalar(sa.select(Registration.token).where(Registration.email == "noor.jansen@example.org"))
    page.goto(f"/werkateliers/deelnemer/{token}/verslag")
    expect(page.get_by_text("U heeft nog 3 stemmen van de 3.")).to_be_visible()
    check_both_widths(page)
    page.get_by_role("button", name="Stem op dit idee").first.click()
    expect(page.get_by_text("Uw stem is geteld.")).to_be_visible()
    check_both_widths(page)
    page.get_by_role("button", name="Reactie versturen").click()
    expect(page.get_by_text("Schrijf uw reactie.").first).to_be_visible()
    check_both_widths(page)
    page.get_by_label("Uw reactie").fill("Goed dat de woningen per gemeente worden afgesproken.")
    page.get_by_role("button", name="Reactie versturen").click()
    expect(page.get_by_text("Uw reactie is bewaard.")).to_be_visible()
    check_both_widths(page)


def test_the_action_from_the_top_idea_links_back(page, live_server):
    with live_server.app.app_context():
        action_id = db.session.scalar(sa.select(ActionSource.action_id).where(ActionSource.kind == ActionSourceKind.OUTCOME))
    page.goto(f"/acties/{action_id}")
    expect(page.get_by_text("Uitkomst van een werkatelier")).to_be_visible()
    check_both_widths(page)
    log_in(page, "ambtenaar.flevoland@example.org")
    page.goto(f"/acties/{action_id}")
    check_both_widths(page)
