"""Every workbench page an official can open, in Chromium with axe: zero violations."""
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from consult.answers.models import Answer
from consult.consultations.models import Consultation
from consult.demo.data import DEMO_PASSWORD
from consult.extensions import db
from consult.reactions.models import Reaction
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def log_in(page, email):
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_every_workbench_page_of_a_finished_consultation(page, live_server, run_mail_worker):
    slug = "koersdocument-sociaal-domein"
    with live_server.app.app_context():
        consultation = db.session.scalar(sa.select(Consultation).where(Consultation.slug == slug))
        reaction_id = db.session.scalar(sa.select(Reaction.id).where(Reaction.consultation_id == consultation.id,
                                                                     Reaction.organisation_name != "").limit(1))
        document_id = consultation.document_version.document_id
        answer_id = db.session.scalar(sa.select(Answer.id).where(Answer.consultation_id == consultation.id).limit(1))
    log_in(page, "ambtenaar@apeldoorn.example.org")
    page.goto(f"/beheer/consultaties/{slug}/codes")
    page.get_by_role("button", name="Onderwerpen zoeken").click()
    run_mail_worker()  # runs the topics job
    for path in (
        "/beheer/", f"/beheer/consultaties/{slug}", f"/beheer/consultaties/{slug}/moderatie?status=all",
        f"/beheer/consultaties/{slug}/moderatie?status=all&q=keuzevrijheid&sort=newest",
        f"/beheer/reacties/{reaction_id}", f"/beheer/consultaties/{slug}/codes", f"/beheer/consultaties/{slug}/antwoorden",
        f"/beheer/consultaties/{slug}/antwoorden/nieuw?reactie={reaction_id}", f"/beheer/antwoorden/{answer_id}",
        f"/beheer/consultaties/{slug}/dashboard",
        f"/beheer/consultaties/{slug}/reactienota", f"/beheer/consultaties/{slug}/reactie-invoeren",
        f"/beheer/consultaties/{slug}/besluit", f"/beheer/documenten/{document_id}",
        f"/beheer/documenten/{document_id}/nieuwe-versie", "/beheer/documenten/nieuw", "/beheer/consultaties/nieuw",
        f"/consultaties/{slug}/reactienota", f"/consultaties/{slug}",
    ):
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page)
    expect(page.get_by_role("link", name="Lees de reactienota")).to_be_visible()


def test_the_admin_pages(page, live_server):
    log_in(page, "beheerder@example.org")
    page.get_by_role("link", name="Accounts").click()
    assert_accessible(page)
    page.get_by_label("Zoek op naam of e-mailadres").fill("vijfheerenlanden")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="Vera Jansen").click()
    expect(page.get_by_role("cell", name="Gemeente Vijfheerenlanden", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Rol toevoegen").click()
    expect(page.get_by_text("Kies een organisatie.").first).to_be_visible()
    assert_accessible(page)
