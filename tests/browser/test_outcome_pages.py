"""Werkatelier outcomes in Chromium on the demo data: the official's outcomes page (a refused and a saved
outcome with a proposed owner, changing it, removing it after confirming, the reason an outcome with votes
stays, approving a participant's reaction), the participant's verslag (a vote, a refused and a saved
reaction that waits for approval, another's approved reaction), and the action that came from the top idea
with its owner, at desktop width and at 320 px, with zero axe violations and no sideways scrolling."""
import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from consult.actions.models import ActionSource, ActionSourceKind
from consult.extensions import db
from consult.outcomes.models import WorkshopOutcome
from consult.workshops.models import Registration
from tests.browser.test_workbench_pages import log_in
from tests.browser.test_workshop_pages import SLUG, check_both_widths

pytestmark = pytest.mark.browser


def lelystad_id(live_server) -> str:
    from consult.organisations.models import Organisation

    with live_server.app.app_context():
        return str(db.session.scalar(sa.select(Organisation.id).where(Organisation.slug == "lelystad")))


def test_the_officials_outcomes_page(page, live_server):
    log_in(page, "ambtenaar.flevoland@example.org")
    page.goto(f"/beheer/werkateliers/{SLUG}")
    page.get_by_role("link", name="Uitkomsten en verslag").click()
    expect(page.get_by_role("heading", name="Uitkomsten per tafel")).to_be_visible()
    expect(page.get_by_role("heading", name="Ideeën met de meeste stemmen")).to_be_visible()  # the demo's votes
    check_both_widths(page)
    page.get_by_role("link", name=re.compile(r"^Bekijk de kaartjes en voeg een uitkomst toe\W+Zorg en Veiligheid")).click()
    expect(page.get_by_role("heading", name="Uitkomst toevoegen: tafel Zorg en Veiligheid")).to_be_visible()
    page.get_by_role("button", name="Uitkomst toevoegen").click()
    expect(page.get_by_text("Schrijf op wat eruit kwam.").first).to_be_visible()
    check_both_widths(page)
    page.get_by_role("group", name="Kaartjes waar dit uit komt").get_by_role("checkbox").first.check()
    page.get_by_label("Wat eruit kwam").fill("Een vast aanspreekpunt per wijk voor zorg en veiligheid.")
    page.get_by_label("Voorgestelde eigenaar").select_option(label="Gemeente Lelystad")
    page.get_by_role("button", name="Uitkomst toevoegen").click()
    expect(page.get_by_text("De uitkomst is toegevoegd.")).to_be_visible()
    expect(page.get_by_text("Voorgestelde eigenaar: Gemeente Lelystad.")).to_be_visible()
    expect(page.locator("li", has_text="Een vast aanspreekpunt per wijk").get_by_text("Uit 1 kaartje.")).to_be_visible()
    check_both_widths(page)
    page.get_by_role("link", name="Maak hier een actie van").last.click()
    expect(page.get_by_role("heading", name="Actie maken")).to_be_visible()
    check_both_widths(page)
    page.locator('a[href*="/acties/nieuw?bron=outcome"]').first.click()
    assert page.get_by_label("Titel").input_value() == "Een vast aanspreekpunt per wijk voor zorg en veiligheid"  # no full stop in a title
    expect(page.get_by_label("Eigenaar")).to_have_value(lelystad_id(live_server))  # the proposed owner, carried over
    check_both_widths(page)
    page.goto(f"/beheer/werkateliers/{SLUG}/uitkomsten")
    page.get_by_label("Stemmen per deelnemer").fill("99")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Vul een getal in van 1 tot en met 20.").first).to_be_visible()
    check_both_widths(page)


def test_a_participant_votes_and_reacts_on_the_verslag(page, live_server):
    with live_server.app.app_context():
        token = db.session.scalar(sa.select(Registration).where(Registration.email == "noor.jansen@example.org")).token
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
    expect(page.get_by_text("Wacht op goedkeuring").last).to_be_visible()
    check_both_widths(page)


def test_the_official_changes_removes_and_moderates(page, live_server):
    log_in(page, "ambtenaar.flevoland@example.org")
    page.goto(f"/beheer/werkateliers/{SLUG}/uitkomsten")
    expect(page.get_by_text("Deelnemers hebben op deze uitkomst gestemd.").first).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Uitkomst wijzigen\W+Er zijn te weinig betaalbare woningen")).click()
    expect(page.get_by_role("heading", name="Uitkomst wijzigen")).to_be_visible()
    check_both_widths(page)
    page.get_by_label("Wat eruit kwam").fill("")
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    expect(page.get_by_text("Schrijf op wat eruit kwam.").first).to_be_visible()
    check_both_widths(page)
    page.get_by_label("Wat eruit kwam").fill("Te weinig betaalbare woningen voor uitstroom, in elke gemeente.")
    page.get_by_label("Voorgestelde eigenaar").select_option(
        label="Bestuurlijk duo van Samenwerking en overleg met partners (Wethouders van Urk en Zeewolde)")
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    expect(page.get_by_text("De uitkomst is gewijzigd.")).to_be_visible()
    expect(page.get_by_text("Voorgestelde eigenaar: Bestuurlijk duo van Samenwerking en overleg met partners")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Verwijderen\W+Te weinig betaalbare woningen")).click()
    expect(page.get_by_text("Wilt u deze uitkomst verwijderen?")).to_be_visible()
    check_both_widths(page)
    page.get_by_role("button", name="Ja, verwijder deze uitkomst").click()
    expect(page.get_by_text("De uitkomst is verwijderd.")).to_be_visible()
    expect(page.get_by_text("Te weinig betaalbare woningen voor uitstroom")).to_have_count(0)
    check_both_widths(page)
    with live_server.app.app_context():
        voted = db.session.scalar(sa.select(WorkshopOutcome.id).where(WorkshopOutcome.text.like("Afspraken per gemeente%")))
    page.goto(f"/beheer/werkateliers/{SLUG}/uitkomsten/{voted}/verwijderen")
    expect(page.get_by_text("Deelnemers hebben op deze uitkomst gestemd.")).to_be_visible()
    expect(page.get_by_role("button", name="Ja, verwijder deze uitkomst")).to_have_count(0)
    check_both_widths(page)
    page.goto(f"/beheer/werkateliers/{SLUG}/uitkomsten#reacties")
    page.get_by_role("button", name=re.compile(r"^Goedkeuren\W+Een helder verslag")).click()
    expect(page.get_by_text("De reactie is goedgekeurd.")).to_be_visible()
    check_both_widths(page)
    with live_server.app.app_context():
        token = db.session.scalar(sa.select(Registration).where(Registration.email == "marloes.dewit@example.org")).token
    page.goto(f"/werkateliers/deelnemer/{token}/verslag")
    expect(page.get_by_role("heading", name="Reacties van andere deelnemers")).to_be_visible()
    expect(page.get_by_text("Een helder verslag. Fijn dat alle tafels erin staan.")).to_be_visible()
    check_both_widths(page)


def test_the_action_from_the_top_idea_links_back(page, live_server):
    with live_server.app.app_context():
        action_id = db.session.scalar(sa.select(ActionSource.action_id).where(ActionSource.kind == ActionSourceKind.OUTCOME))
    page.goto(f"/acties/{action_id}")
    expect(page.get_by_text("Uitkomst van een werkatelier")).to_be_visible()
    expect(page.get_by_text("Woningcorporatie Flevowonen").first).to_be_visible()  # the outcome's proposed owner
    check_both_widths(page)
    log_in(page, "ambtenaar.flevoland@example.org")
    page.goto(f"/acties/{action_id}")
    check_both_widths(page)


def test_a_member_official_reads_the_outcomes_and_a_session(page, live_server):
    """Issue 13, finding 7: Almere (a member of the region) reads the region's outcomes and its sessions, without
    forms; the links it is offered all open."""
    log_in(page, "ambtenaar.almere@example.org")
    page.goto(f"/beheer/werkateliers/{SLUG}")
    page.get_by_role("link", name="Uitkomsten en verslag").click()
    expect(page.get_by_role("heading", name="Uitkomsten per tafel")).to_be_visible()
    expect(page.get_by_text("U kunt lezen wat er uit de tafels kwam.")).to_be_visible()
    expect(page.locator("main form")).to_have_count(0)
    check_both_widths(page)
    # the cards behind the outcomes, read only (issue 13 leftovers: the card counts led to a 403)
    page.get_by_role("link", name=re.compile(r"^Lees de kaartjes")).first.click()
    expect(page.get_by_role("heading", name=re.compile(r"^Kaartjes: tafel "))).to_be_visible()
    expect(page.locator("main form")).to_have_count(0)
    check_both_widths(page)
    page.goto(f"/beheer/werkateliers/{SLUG}")
    page.locator("main td a").first.click()
    expect(page.get_by_text(re.compile(r"^U kunt deze sessie lezen\."))).to_be_visible()
    expect(page.locator("main form")).to_have_count(0)
    check_both_widths(page)


def test_a_place_in_the_next_session_reads_the_verslag_without_voting(page, live_server):
    """Issue 13, finding 5: the verslag is about the session held; a place in the next one reads it, and is told
    who votes."""
    from consult.core.db import utcnow
    from consult.workshops.models import RegistrationStatus, WorkshopSession

    with live_server.app.app_context():
        token = db.session.scalar(sa.select(Registration).join(Registration.session).where(
            WorkshopSession.starts_at > utcnow(), Registration.status == RegistrationStatus.CONFIRMED).limit(1)).token
    page.goto(f"/werkateliers/deelnemer/{token}/verslag")
    expect(page.get_by_text(re.compile(r"Uw sessie moet nog komen\."))).to_be_visible()
    expect(page.get_by_role("button", name="Stem op dit idee")).to_have_count(0)
    check_both_widths(page)
