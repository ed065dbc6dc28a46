"""Replies between organisations, the round in public afterwards and the officials' comparison in
Chromium, at desktop width and at 320 px, with zero axe violations and no sideways scrolling."""
from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from consult.consultations.models import Audience, Consultation, ConsultationKind, State
from consult.core.db import utcnow
from consult.documents.models import Document
from consult.extensions import db
from consult.organisations.models import Organisation
from consult.reactions.models import Channel, Publication, Reaction, ReactionStatus
from consult.rounds.models import FeedbackRound, RoundInvitation
from tests.browser.test_round_pages import check_both_widths
from tests.browser.test_workbench_pages import log_in

pytestmark = pytest.mark.browser

LONG_TEXT = ("Wij vragen aandacht voor de wachtlijsten bij beschermd wonen in Lelystad en Almere, "
             "en voor woningzoekendenmetvoorrangdieweken­lang­wachten op een plek. ") * 3


def a_round(live_server, slug: str, prefix: str, closed: bool) -> Consultation:
    """A round of Regio Flevoland on the strategische agenda, with the care provider and the housing
    corporation invited and one published comment of each; open with replies allowed, or closed and public."""
    now = utcnow()
    with live_server.app.app_context():
        region = db.session.scalar(sa.select(Organisation).where(Organisation.slug == "regio-flevoland"))
        care = db.session.scalar(sa.select(Organisation).where(Organisation.slug == "beschermd-thuis-flevoland"))
        housing = db.session.scalar(sa.select(Organisation).where(Organisation.slug == "flevowonen"))
        document = db.session.scalar(sa.select(Document).where(Document.organisation_id == region.id).order_by(Document.id))
        version = document.versions[0]
        consultation = Consultation(
            organisation=region, kind=ConsultationKind.PARTNER_ROUND, audience=Audience.INVITED, state=State.PUBLISHED,
            slug=slug, title=f"Ronde {slug}", reference_prefix=prefix,
            document_version=version, opens_at=now - timedelta(days=30), last_reference_number=2,
            closes_at=now - timedelta(days=1) if closed else now + timedelta(days=10))
        feedback_round = FeedbackRound(consultation=consultation, partners_see_each_other=True, allows_replies=True,
                                       is_public_afterwards=closed, made_public_at=now if closed else None)
        db.session.add_all([RoundInvitation(round=feedback_round, organisation=o, invited_at=now - timedelta(days=29))
                            for o in (care, housing)])
        for n, organisation in enumerate((housing, care)):
            db.session.add(Reaction(
                consultation=consultation, document_version_id=version.id, section=version.sections[n + 1],
                reference=f"{consultation.reference_prefix}-2026-{n + 1:04d}", channel=Channel.PARTNER_ROUND,
                status=ReactionStatus.APPROVED, publication=Publication.ANONYMOUS, author_name="Demo",
                organisation_id=organisation.id, organisation_name=organisation.name, organisation_kind=organisation.kind,
                body=LONG_TEXT, submitted_at=now - timedelta(days=2)))
        db.session.commit()
        return slug


def test_a_partner_replies_to_another_organisations_comment(page, live_server):
    slug = a_round(live_server, "ronde-met-reacties", "RMR", closed=False)
    log_in(page, "zorgaanbieder@example.org")
    page.goto(f"/rondes/{slug}/beschermd-thuis-flevoland")
    check_both_widths(page)
    page.get_by_role("link", name="Reageer namens", exact=False).first.click()
    check_both_widths(page)
    page.get_by_role("button", name="Reactie indienen").click()
    expect(page.get_by_text("Schrijf uw reactie.").first).to_be_visible()
    check_both_widths(page)
    page.get_by_role("textbox", name="Uw reactie").fill("Wij bieden graag plekken aan in Lelystad.")
    page.get_by_role("button", name="Reactie indienen").click()
    expect(page.get_by_text("is ingediend namens", exact=False)).to_be_visible()
    check_both_widths(page)


def test_the_official_compares_and_everyone_reads_a_round_made_public(page, live_server):
    open_slug = a_round(live_server, "ronde-om-te-vergelijken", "ROV", closed=False)
    public_slug = a_round(live_server, "ronde-openbaar", "ROB", closed=True)
    page.goto(f"/openbare-rondes/{public_slug}")
    expect(page.get_by_role("heading", name="Opmerkingen van de organisaties")).to_be_visible()
    check_both_widths(page)
    log_in(page, "ambtenaar.flevoland@example.org")
    page.goto(f"/beheer/consultaties/{open_slug}/ronde")
    page.get_by_role("link", name="Vergelijk de opmerkingen per onderdeel").click()
    check_both_widths(page)
    page.get_by_label("Soort organisatie").select_option("housing_corporation")
    page.get_by_role("button", name="Tonen").click()
    check_both_widths(page)
    page.get_by_label("Hoofdstuk", exact=True).select_option(index=2)
    page.get_by_role("button", name="Tonen").click()
    check_both_widths(page)
    page.goto(f"/beheer/consultaties/{public_slug}/ronde")
    expect(page.get_by_text("De ronde is openbaar sinds", exact=False)).to_be_visible()
    check_both_widths(page)
