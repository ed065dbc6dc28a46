"""Issue 11 in Chromium: the Flevoland official starts a feedbackronde on the actieprogramma straight from
the document's page, and invites three partners and the adviesraad; at desktop width and at 320 px, with
zero axe violations and no sideways scrolling."""
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from consult.documents.models import Document
from consult.extensions import db
from tests.browser.test_round_pages import check_both_widths
from tests.browser.test_workbench_pages import log_in

pytestmark = pytest.mark.browser


def document_id(live_server, title: str) -> int:
    with live_server.app.app_context():
        return db.session.scalar(sa.select(Document.id).where(Document.title.like(f"{title}%")))


def test_the_official_starts_a_round_on_the_actieprogramma_from_its_page(page, live_server):
    log_in(page, "ambtenaar.flevoland@example.org")
    page.goto(f"/beheer/documenten/{document_id(live_server, 'Actieprogramma beschermd wonen')}")
    check_both_widths(page)
    page.get_by_role("link", name="Feedbackronde starten op deze versie").click()
    expect(page.get_by_role("heading", name="Feedbackronde starten")).to_be_visible()
    assert page.get_by_label("Contactpersoon").input_value() == "Fatima El Amrani"
    check_both_widths(page)
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.get_by_text("Vul 2 tot 10 hoofdletters in.").first).to_be_visible()
    check_both_widths(page)
    page.get_by_label("Letters voor het kenmerk").fill("FBAP")
    page.get_by_label("In het kort").fill("Wat vinden partners en de adviesraad van het concept-actieprogramma?")
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.get_by_text("De feedbackronde is bewaard als concept.")).to_be_visible()
    assert page.url.endswith("/ronde#uitnodigen")
    check_both_widths(page)
    page.get_by_label("Organisaties op naam").select_option(label=[
        "Stichting Beschermd Thuis Flevoland", "Woningcorporatie Flevowonen", "Welzijn Lelystad", "Participatieraad Almere"])
    page.get_by_role("button", name="Uitnodigen en e-mails versturen").click()
    for name in ("Stichting Beschermd Thuis Flevoland", "Woningcorporatie Flevowonen", "Welzijn Lelystad",
                 "Participatieraad Almere"):
        expect(page.get_by_role("rowheader", name=name)).to_be_visible()
    check_both_widths(page)


def test_the_management_tables_stack_at_320_px(page, live_server):
    """The consultations on /beheer and "Veranderingen sinds versie 1" on the agenda's page used to
    scroll sideways on a phone; each row is now a block of "label: value" lines."""
    log_in(page, "ambtenaar.flevoland@example.org")
    for url in ("/beheer/", f"/beheer/documenten/{document_id(live_server, 'Strategische agenda')}?versie=2"):
        page.goto(url)
        assert page.locator("table.consult-stack-table").count() >= 1  # /beheer: consultations and werkateliers
        page.set_viewport_size({"width": 320, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, url
        page.set_viewport_size({"width": 1280, "height": 900})
        check_both_widths(page)
