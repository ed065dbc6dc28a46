"""The actieprogramma in Chromium on the demo data: every new page at desktop width and at 320 px with
zero axe violations and no sideways scrolling, for the public, the region's official and an official of
a member municipality; also with errors beside the fields, from the workbench, and the stop link."""
import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from consult.actions.tokens import make_stop_token
from consult.documents.models import Document, DocumentKind
from consult.extensions import db
from consult.reactions.models import Reaction
from tests.browser.test_round_pages import check_both_widths
from tests.browser.test_workbench_pages import log_in

pytestmark = pytest.mark.browser

LONG_WORD = "ervaringsdeskundigheidzonderspatieszodatdetekstnietvanzelfafbreekt" * 3


def programme_id(live_server) -> int:
    with live_server.app.app_context():
        return db.session.scalar(sa.select(Document.id).where(Document.kind == DocumentKind.ACTION_PROGRAMME))


def test_the_public_reads_the_programme_per_theme_per_municipality_and_the_progress(page, live_server):
    page.goto("/")
    page.get_by_role("link", name="Actieprogramma's").click()
    check_both_widths(page)
    page.get_by_role("link", name="Actieprogramma beschermd wonen en maatschappelijke opvang").click()
    expect(page.get_by_text("Bestuurlijk duo: Wethouders Wmo van Almere en Dronten", exact=True)).to_be_visible()
    check_both_widths(page)
    page.get_by_role("link", name="Gemeente Dronten").click()
    expect(page.get_by_role("heading", name="Lokale taken")).to_be_visible()
    check_both_widths(page)
    page.get_by_role("link", name="Woonplekken voor uitstroom in Dronten").click()
    expect(page.get_by_text("de deadline is voorbij").first).to_be_visible()
    check_both_widths(page)
    page.goto(f"/actieprogrammas/{programme_id(live_server)}/voortgang")
    expect(page.get_by_role("heading", name=re.compile("^Te laat"))).to_be_visible()
    check_both_widths(page)
    page.get_by_label("Gewijzigd sinds").fill("niet-een-datum")
    page.get_by_role("button", name="Wijzigingen sinds deze dag tonen").click()
    check_both_widths(page)
    page.emulate_media(media="print")
    expect(page.get_by_role("link", name="Downloaden als CSV")).not_to_be_visible()
    page.emulate_media(media="screen")


def test_the_official_makes_an_action_from_a_round_comment_and_keeps_its_progress(page, live_server):
    with live_server.app.app_context():
        comment = db.session.scalar(sa.select(Reaction).where(Reaction.author_email == "m.dejong@flevowonen.example.org"))
        reaction_id = comment.id
    log_in(page, "ambtenaar.flevoland@example.org")
    page.goto(f"/beheer/reacties/{reaction_id}")
    expect(page.get_by_role("link", name="Woonplekken voor uitstroom in Dronten")).to_be_visible()
    page.get_by_role("link", name="Actie maken van deze inbreng").click()
    check_both_widths(page)
    page.get_by_role("link", name="Nieuwe actie in Actieprogramma beschermd wonen en maatschappelijke opvang").click()
    expect(page.get_by_text("Deze actie komt uit")).to_be_visible()
    page.get_by_role("button", name="Actie toevoegen").click()
    expect(page.get_by_text("Schrijf een korte titel.").first).to_be_visible()  # beside the field, in Dutch
    check_both_widths(page)
    page.get_by_label("Titel").fill("Begeleiding in de wijk bij uitstroom " + LONG_WORD)
    page.get_by_label("Beschrijving").fill("Corporatie en wijkteam maken samen afspraken. " + LONG_WORD)
    page.get_by_label("Thema").select_option(label="Zorglandschap Wmo")
    page.get_by_label("Lokale taak").check()
    page.get_by_label("Gemeente Lelystad").check()
    page.get_by_label("Uiterste datum").fill("2027-06-30")
    page.get_by_role("button", name="Actie toevoegen").click()
    expect(page.get_by_text("De actie is toegevoegd.")).to_be_visible()
    check_both_widths(page)
    page.get_by_role("button", name="Voortgang opslaan").click()
    expect(page.get_by_text("Schrijf wat er is gebeurd, of kies een nieuwe status.").first).to_be_visible()
    check_both_widths(page)
    page.get_by_label("Status").select_option(label="Loopt")
    page.get_by_role("textbox", name=re.compile("^Voortgang")).fill("Het eerste overleg was goed.")
    page.get_by_role("button", name="Voortgang opslaan").click()
    expect(page.get_by_text("Status van Gepland naar Loopt")).to_be_visible()
    page.get_by_role("link", name="Actie wijzigen").click()
    check_both_widths(page)


def test_an_official_of_almere_sees_the_region(page):
    log_in(page, "ambtenaar.almere@example.org")
    page.get_by_role("link", name="Beheer").click()
    page.get_by_role("link", name="Mijn regio").click()
    expect(page.get_by_role("heading", name="Regio Flevoland")).to_be_visible()
    expect(page.get_by_text("Eén regionale toegang tot beschermd wonen").first).to_be_visible()
    check_both_widths(page)


def test_the_stop_link_from_the_mail(page, live_server):
    with live_server.app.test_request_context():
        token = make_stop_token("secretaris@clientenraad-flevoland.example.org")
    page.goto(f"/terugkoppeling/stoppen/{token}")
    check_both_widths(page)
    page.get_by_role("button", name="Stuur mij deze e-mails niet meer").click()
    expect(page.get_by_role("heading", name="U krijgt deze e-mails niet meer")).to_be_visible()
    check_both_widths(page)
