"""The officials' side of a feedbackronde in Chromium: the progress view with reminders, one
organisation's page with a later deadline and a late comment, at desktop width and at 320 px, with zero
axe violations and no sideways scrolling, also with a very long organisation name."""
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from consult.accounts.models import Membership, MembershipRole, User
from consult.consultations.models import Audience, Consultation, ConsultationKind, State
from consult.core.db import utcnow
from consult.documents.models import Document
from consult.extensions import db
from consult.organisations.models import Organisation, OrganisationKind
from consult.rounds.models import FeedbackRound, RoundInvitation
from tests.browser.test_round_pages import check_both_widths
from tests.browser.test_workbench_pages import log_in

pytestmark = pytest.mark.browser

SLUG = "strategische-agenda-feedbackronde"
LONG_NAME = ("Stichting Samenwerkende Cliëntenraden Maatschappelijke Opvang en Beschermd Wonen "
             "Flevoland-Noordoostpolder-Urkenomstrekenzonderspatiesdiedoorlopen")


def a_closed_round_with_a_long_organisation_name(live_server) -> tuple[str, str]:
    """A second round of Regio Flevoland on the strategische agenda, closed yesterday."""
    now = utcnow()
    with live_server.app.app_context():
        region = db.session.scalar(sa.select(Organisation).where(Organisation.slug == "regio-flevoland"))
        document = db.session.scalar(sa.select(Document).where(Document.organisation_id == region.id).order_by(Document.id))
        partner = Organisation(name=LONG_NAME, slug="clientenraden-lang", kind=OrganisationKind.CLIENT_COUNCIL, region=region)
        db.session.add(partner)
        member = User(email="lang@example.org", name="Lid van de cliëntenraden")
        member.memberships.append(Membership(organisation=partner, role=MembershipRole.PARTNER))
        consultation = Consultation(
            organisation=region, kind=ConsultationKind.PARTNER_ROUND, audience=Audience.INVITED, state=State.PUBLISHED,
            slug="strategische-agenda-gesloten-ronde", title="Gesloten feedbackronde strategische agenda",
            reference_prefix="SAG", document_version=document.versions[0], opens_at=now - timedelta(days=30),
            closes_at=now - timedelta(days=1))
        db.session.add_all([member, RoundInvitation(round=FeedbackRound(consultation=consultation), organisation=partner,
                                                    invited_at=now - timedelta(days=29))])
        db.session.commit()
        return consultation.slug, partner.slug


def test_the_official_follows_progress_and_reminds(page):
    log_in(page, "ambtenaar.flevoland@example.org")
    page.goto(f"/beheer/consultaties/{SLUG}/ronde")
    check_both_widths(page)
    page.get_by_role("link", name="Toon alleen wie nog niet heeft gereageerd", exact=False).click()
    check_both_widths(page)
    # The first organisation that has not responded (other browser tests may have submitted for some).
    button = page.get_by_role("button", name=re.compile("^Stuur herinnering · ")).first
    organisation = button.inner_text().split("·", 1)[1].strip()
    button.click()
    expect(page.get_by_text(f"{organisation} kreeg een herinnering", exact=False)).to_be_visible()
    check_both_widths(page)
    page.get_by_role("link", name=organisation, exact=True).first.click()
    expect(page.get_by_text("door Fatima El Amrani", exact=False)).to_be_visible()
    check_both_widths(page)
    page.get_by_label("Reden").fill("")
    page.get_by_role("button", name="Nieuwe deadline opslaan").click()
    expect(page.get_by_text("Vul de reden voor de latere deadline in.").first).to_be_visible()
    check_both_widths(page)


def test_a_late_comment_for_an_organisation_with_a_very_long_name(page, live_server):
    slug, organisation = a_closed_round_with_a_long_organisation_name(live_server)
    log_in(page, "ambtenaar.flevoland@example.org")
    page.goto(f"/beheer/consultaties/{slug}/ronde")
    expect(page.get_by_role("rowheader", name=LONG_NAME, exact=False)).to_be_visible()
    check_both_widths(page)
    page.goto(f"/beheer/consultaties/{slug}/ronde/organisaties/{organisation}")
    check_both_widths(page)
    page.get_by_role("button", name="Te late opmerking toevoegen").click()
    expect(page.get_by_text("Schrijf uw opmerking.").first).to_be_visible()
    check_both_widths(page)
    page.get_by_label("Opmerking", exact=True).fill("Wij reageren later, omdat onze raad pas gisteren vergaderde.")
    page.get_by_role("button", name="Te late opmerking toevoegen").click()
    expect(page.get_by_text("staat als te laat gemarkeerd", exact=False)).to_be_visible()
    check_both_widths(page)
    page.goto(f"/beheer/consultaties/{slug}/ronde")
    check_both_widths(page)
