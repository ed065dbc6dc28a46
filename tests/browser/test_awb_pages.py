"""Issue 12's new pages in Chromium, at desktop width and at 320 px: the accessibility statements (consult's
own, a tenant's default and a tenant's own), its form with an error, a consultation's house rules, and
correcting a recorded decision with its preview. Zero axe violations, no sideways scrolling."""
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from consult.consultations.models import Audience, Consultation, ConsultationKind, State
from consult.core.db import utcnow
from consult.decisions.services import DecisionInput, record_decision
from consult.documents.models import Document, DocumentKind
from consult.documents.services import add_version_from_markdown
from consult.extensions import db
from consult.organisations.models import Organisation
from consult.reactions.models import Channel, Publication, Reaction, ReactionStatus
from consult.reports.models import Adopter
from tests.browser.test_round_pages import check_both_widths
from tests.browser.test_workbench_pages import log_in

pytestmark = pytest.mark.browser


def test_the_accessibility_statements_and_their_form(page):
    page.goto("/toegankelijkheid")
    expect(page.get_by_text("B: voldoet gedeeltelijk")).to_be_visible()
    check_both_widths(page)
    page.goto("/organisaties/vijfheerenlanden/toegankelijkheid")
    expect(page.get_by_text("De inspraakpagina's van Gemeente Vijfheerenlanden op consult")).to_be_visible()
    check_both_widths(page)
    page.goto("/organisaties/apeldoorn")
    page.get_by_role("contentinfo").get_by_role("link", name="Toegankelijkheidsverklaring", exact=True).click()  # the footer
    expect(page.get_by_role("heading", name="Toegankelijkheidsverklaring van Gemeente Apeldoorn")).to_be_visible()
    check_both_widths(page)

    log_in(page, "ambtenaar@apeldoorn.example.org")
    page.goto("/organisaties/apeldoorn/toegankelijkheid")
    page.get_by_role("link", name="Deze verklaring aanpassen").click()
    check_both_widths(page)
    page.get_by_role("button", name="Verklaring opslaan").click()  # consult's default has no contact yet
    expect(page.get_by_text("Vul een e-mailadres of telefoonnummer voor meldingen in.").first).to_be_visible()
    check_both_widths(page)
    page.get_by_label("E-mailadres voor meldingen").fill("toegankelijkheid@apeldoorn.example.org")
    page.get_by_role("button", name="Verklaring opslaan").click()
    expect(page.get_by_text("De toegankelijkheidsverklaring is opgeslagen.")).to_be_visible()
    expect(page.get_by_role("link", name="toegankelijkheid@apeldoorn.example.org")).to_be_visible()


def test_a_consultations_house_rules(page):
    log_in(page, "ambtenaar@apeldoorn.example.org")
    page.goto("/beheer/consultaties/koersdocument-sociaal-domein")
    page.get_by_role("link", name="Huisregels", exact=True).click()
    check_both_widths(page)
    page.get_by_label("Huisregels voor reacties").fill("Schrijf over het koersdocument.")
    page.get_by_role("button", name="Huisregels opslaan").click()
    expect(page.get_by_text("De huisregels zijn opgeslagen.")).to_be_visible()


@pytest.fixture
def decided_slug(live_server):
    """A small Apeldoorn consultation whose decision was recorded and sent to one person."""
    app = live_server.app
    with app.test_request_context():
        apeldoorn = db.session.scalar(sa.select(Organisation).where(Organisation.slug == "apeldoorn"))
        document = Document(organisation=apeldoorn, title="Nota armoedebeleid", kind=DocumentKind.POLICY_FRAMEWORK)
        db.session.add(document)
        now = utcnow()
        consultation = Consultation(
            organisation=apeldoorn, kind=ConsultationKind.PUBLIC_INSPECTION, audience=Audience.PUBLIC,
            state=State.PUBLISHED, slug="nota-armoedebeleid", title="Nota armoedebeleid", reference_prefix="ARM",
            document_version=add_version_from_markdown(document, "# Inleiding\n\nTekst."),
            opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=10))
        db.session.add(consultation)
        db.session.add(Reaction(consultation=consultation, reference="ARM-2026-0001", status=ReactionStatus.APPROVED,
                                publication=Publication.NAMED, channel=Channel.WEB, author_name="Iris de Boer",
                                author_email="inwoner@example.org", body="Denk aan gezinnen met schulden.",
                                submitted_at=now - timedelta(days=20)))
        db.session.flush()
        record_decision(consultation, DecisionInput(taken_on=date(2027, 1, 12), adopted_by=Adopter.COUNCIL,
                                                    decision_number="2027-014", outcome="De raad stelde de nota vast."),
                        None, now)
        db.session.commit()
    return "nota-armoedebeleid"


def test_correcting_a_recorded_decision(page, decided_slug):
    log_in(page, "ambtenaar@apeldoorn.example.org")
    page.goto(f"/beheer/consultaties/{decided_slug}")
    page.get_by_role("link", name="Besluit corrigeren").click()
    check_both_widths(page)
    page.get_by_label("Besluitnummer").fill("2027-041")
    page.get_by_role("button", name="Voorbeeld tonen").click()
    expect(page.get_by_text("Schrijf waarom het besluit wordt gecorrigeerd.").first).to_be_visible()
    check_both_widths(page)
    page.get_by_label("Waarom wordt het gecorrigeerd?").fill("Tikfout in het besluitnummer.")
    page.get_by_label("Stuur de correctie per e-mail naar de mensen die het besluit per e-mail kregen").check()
    page.get_by_role("button", name="Voorbeeld tonen").click()
    expect(page.get_by_role("heading", name="Correctie controleren")).to_be_visible()
    expect(page.get_by_text("1 persoon krijgt de correctie per e-mail.")).to_be_visible()
    check_both_widths(page)
    page.get_by_role("button", name="Correctie opslaan").click()
    expect(page.get_by_text("Het besluit is gecorrigeerd.")).to_be_visible()
    page.get_by_text("Gecorrigeerd op", exact=False).first.click()  # the earlier version, folded open
    check_both_widths(page)
    page.goto(f"/consultaties/{decided_slug}/reactienota")
    expect(page.get_by_text("Voor de correctie: vastgesteld door de gemeenteraad")).to_be_visible()
    check_both_widths(page)
