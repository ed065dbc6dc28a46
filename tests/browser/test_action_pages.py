"""The actieprogramma in Chromium on the demo data: every new page at desktop width and at 320 px with
zero axe violations and no sideways scrolling, for the public, the region's official and an official of
a member municipality; also with errors beside the fields, from the workbench, and the stop link."""
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from consult.actions.models import Action, ActionScope, ActionStatus
from consult.actions.tokens import make_stop_token
from consult.consultations.models import Consultation
from consult.core.i18n import local_today
from consult.documents.models import Document, DocumentKind, DocumentVersion, Theme
from consult.documents.services import add_version_from_markdown
from consult.extensions import db
from consult.reactions.models import Reaction
from tests.actions.conftest import put_to_public
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
    expect(page.get_by_role("heading", name=re.compile("^Lokale taken")).first).to_be_visible()
    check_both_widths(page)
    page.get_by_role("link", name=re.compile("^Alle acties van .* voor Gemeente Dronten$")).first.click()
    expect(page.get_by_role("heading", name="Filteren")).to_be_visible()
    check_both_widths(page)
    page.go_back()
    page.get_by_role("link", name="Woonplekken voor uitstroom in Dronten").click()
    expect(page.get_by_text(re.compile(r"deadline \d+ \w+ \d{4} verstreken")).first).to_be_visible()
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


def _large_programme() -> tuple[int, int]:
    """A second programme of the demo region with 45 late regional actions in one theme: enough for pages."""
    region_programme = db.session.get(Document, programme_id_in_session())
    theme = db.session.scalars(sa.select(Theme).where(Theme.organisation_id == region_programme.organisation_id)
                               .order_by(Theme.position)).first()
    programme = Document(organisation=region_programme.organisation, title="Groot actieprogramma",
                         kind=DocumentKind.ACTION_PROGRAMME)
    db.session.add(programme)
    add_version_from_markdown(programme, "# Acties")
    put_to_public(db.session, programme)
    today = local_today()
    db.session.add_all([Action(programme=programme, theme=theme, scope=ActionScope.REGIONAL, title=f"Grote actie {n:02d}",
                               deadline=today - timedelta(days=50 - n),
                               status=ActionStatus.PLANNED if n % 2 else ActionStatus.RUNNING) for n in range(1, 46)])
    db.session.commit()
    return programme.id, theme.id


def programme_id_in_session() -> int:
    return db.session.scalar(sa.select(Document.id).where(Document.kind == DocumentKind.ACTION_PROGRAMME)
                             .order_by(Document.id))


def test_a_large_programme_pages_per_theme_with_its_filters_and_its_progress_lists(page, live_server):
    with live_server.app.app_context():
        programme, theme = _large_programme()
    try:
        page.goto(f"/actieprogrammas/{programme}")
        expect(page.get_by_text("45 acties").first).to_be_visible()
        check_both_widths(page)
        page.get_by_role("link", name=re.compile("^Alle 45 regionale verantwoordelijkheden van")).click()
        expect(page.get_by_role("heading", name="45 acties · Pagina 1 van 3")).to_be_visible()
        page.get_by_label("Status").select_option(label="Gepland")
        page.get_by_role("button", name="Filteren").click()
        expect(page.get_by_role("heading", name="23 acties · Pagina 1 van 2")).to_be_visible()
        check_both_widths(page)
        page.get_by_role("link", name="Volgende pagina").click()
        expect(page.get_by_role("heading", name="23 acties · Pagina 2 van 2")).to_be_visible()
        expect(page.get_by_role("link", name="Grote actie 41")).to_be_visible()  # the 21st planned one
        expect(page.get_by_label("Status")).to_have_value("planned")
        check_both_widths(page)
        page.goto(f"/actieprogrammas/{programme}/voortgang")
        page.get_by_role("link", name="Alle 45 te late acties tonen").click()
        expect(page.get_by_role("link", name="Volgende pagina")).to_be_visible()
        check_both_widths(page)
    finally:
        with live_server.app.app_context():
            db.session.execute(sa.delete(Action).where(Action.programme_id == programme))
            # the consultation that put it to the public goes first: it names the programme's version
            db.session.execute(sa.delete(Consultation).where(Consultation.document_version_id.in_(
                sa.select(DocumentVersion.id).where(DocumentVersion.document_id == programme))))
            db.session.execute(sa.delete(Document).where(Document.id == programme))
            db.session.commit()
        assert theme


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
    action_url = page.url.split("#")[0]
    page.get_by_role("link", name="Actie wijzigen").click()
    check_both_widths(page)
    # Made by mistake after all: removed after a confirmation, and its link says so.
    page.goto(action_url)
    page.get_by_role("link", name="Actie verwijderen").click()
    expect(page.get_by_role("heading", name="Actie verwijderen")).to_be_visible()
    check_both_widths(page)
    page.get_by_role("button", name="Ja, verwijder deze actie").click()
    expect(page.get_by_text(re.compile("^De actie is verwijderd"))).to_be_visible()
    page.goto(action_url)
    expect(page.get_by_role("heading", name="Deze actie is verwijderd")).to_be_visible()
    check_both_widths(page)


def test_an_official_of_almere_sees_the_region(page):
    log_in(page, "ambtenaar.almere@example.org")
    page.get_by_role("link", name="Beheer").click()
    page.get_by_role("link", name="Mijn regio").click()
    expect(page.get_by_role("heading", name="Regio Flevoland")).to_be_visible()
    expect(page.get_by_text("Eén regionale toegang tot beschermd wonen").first).to_be_visible()
    check_both_widths(page)
    page.get_by_role("link", name=re.compile("^Alle acties voor Gemeente Almere in")).first.click()
    expect(page.get_by_role("heading", name="Gemeente Almere in het actieprogramma")).to_be_visible()


def test_the_stop_link_from_the_mail(page, live_server):
    with live_server.app.test_request_context():
        token = make_stop_token("secretaris@clientenraad-flevoland.example.org")
    page.goto(f"/terugkoppeling/stoppen/{token}")
    check_both_widths(page)
    page.get_by_role("button", name="Stuur mij deze e-mails niet meer").click()
    expect(page.get_by_role("heading", name="U krijgt deze e-mails niet meer")).to_be_visible()
    check_both_widths(page)
