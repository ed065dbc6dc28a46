"""A resident asks for their data by mail and asks to remove it; the official handles it. Chromium, axe."""
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from consult.consultations.models import Consultation
from consult.core.db import utcnow
from consult.extensions import db
from consult.privacy.models import ErasureRequest
from consult.reactions.models import Publication, Reaction, ReactionStatus
from tests.browser.conftest import assert_accessible
from tests.browser.test_resident_journey import mail_to, smtp_inbox  # noqa: F401  (fixture)
from tests.browser.test_workbench_pages import log_in

pytestmark = pytest.mark.browser

RESIDENT = "gegevens@example.org"


def test_a_resident_gets_their_data_and_the_official_removes_it(page, live_server, smtp_inbox, run_mail_worker):  # noqa: F811
    with live_server.app.app_context():
        consultation = db.session.scalar(sa.select(Consultation).where(Consultation.slug == "koersdocument-sociaal-domein"))
        db.session.add(Reaction(consultation=consultation, reference="APL-2026-9001", status=ReactionStatus.APPROVED,
                                publication=Publication.NAMED, author_name="Gerda Gegevens", author_email=RESIDENT,
                                body="Meer ontmoetingsplekken in Zuidbroek. Groet, Gerda Gegevens", submitted_at=utcnow()))
        db.session.commit()

    page.goto("/")
    page.get_by_role("link", name="Uw gegevens").click()
    assert_accessible(page)
    page.get_by_label("Uw e-mailadres").fill(RESIDENT)
    page.get_by_role("button", name="Stuur mij een link").click()
    expect(page.get_by_text(f"We hebben een e-mail gestuurd naar {RESIDENT}")).to_be_visible()
    run_mail_worker()

    link = next(line for line in mail_to(smtp_inbox, RESIDENT).splitlines() if "/mijn-gegevens/" in line)
    page.goto(link.strip())
    expect(page.get_by_role("heading", name="Uw gegevens", exact=True)).to_be_visible()
    expect(page.get_by_text("APL-2026-9001")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download al uw gegevens (JSON-bestand)").click()
    assert download.value.suggested_filename == "mijn-gegevens-consult.json"
    page.get_by_label("Wilt u ons iets laten weten?").fill("Haal mijn naam weg, alstublieft.")
    page.get_by_role("button", name="Vraag om mijn gegevens te verwijderen").click()
    expect(page.get_by_text("Uw verzoek is gestuurd naar: Gemeente Apeldoorn.")).to_be_visible()
    assert_accessible(page)

    log_in(page, "ambtenaar@apeldoorn.example.org")
    page.goto("/beheer/")
    page.get_by_role("link", name="Verzoeken over persoonsgegevens").click()
    assert_accessible(page)
    # Other browser tests on this live server may have left requests of their own in the list.
    with live_server.app.app_context():
        number = db.session.scalar(sa.select(ErasureRequest.id).where(ErasureRequest.email == RESIDENT))
    page.get_by_role("link", name=f"Verzoek {number}", exact=True).click()
    expect(page.get_by_text("Haal mijn naam weg, alstublieft.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Besluit opslaan").click()
    expect(page.get_by_text("Kies wat u besluit.").first).to_be_visible()
    page.get_by_label("De persoonsgegevens uit deze reacties verwijderen").check()
    page.get_by_label("Ik begrijp dat het verwijderen niet ongedaan kan worden gemaakt").check()
    page.get_by_role("button", name="Besluit opslaan").click()
    expect(page.get_by_text("De persoonsgegevens zijn uit 1 reactie verwijderd.")).to_be_visible()
    assert_accessible(page)
    run_mail_worker()
    assert "heeft uw persoonsgegevens verwijderd uit 1 reactie" in mail_to(smtp_inbox, RESIDENT)
