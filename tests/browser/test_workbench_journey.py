"""The workbench in Chromium: filter, code, group campaign letters, answer them, publish the reactienota."""
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from consult.consultations.models import Consultation
from consult.core.db import utcnow
from consult.demo.data import DEMO_PASSWORD
from consult.extensions import db
from consult.reactions.models import Channel, Publication, Reaction, ReactionStatus
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser

LETTER = ("Geachte raad, ik maak bezwaar tegen het sluiten van het buurthuis in Vianen. Het buurthuis is de enige "
          "plek waar ouderen elkaar ontmoeten. Ik vraag u het buurthuis open te houden. Groet, {name}")


@pytest.fixture
def closed_consultation(live_server):
    """A closed copy of the demo consultation with campaign letters, on the live server's database."""
    with live_server.app.app_context():
        demo = db.session.scalar(sa.select(Consultation).where(Consultation.slug == "sociaal-maatschappelijke-agenda"))
        now = utcnow()
        closed = Consultation(
            organisation_id=demo.organisation_id, kind=demo.kind, audience=demo.audience, state=demo.state,
            slug=f"gesloten-{now.timestamp():.0f}", title="Gesloten agenda", reference_prefix="GSL" + "".join(chr(65 + int(d)) for d in f"{now.timestamp():.0f}"),
            document_version_id=demo.document_version_id, opens_at=now - timedelta(days=50), closes_at=now - timedelta(days=1),
            reaction_count=4,
        )
        db.session.add(closed)
        db.session.flush()
        for n, name in enumerate(["Jan Smit", "Piet Bos", "Anna Vos", "Mo Ali"], start=1):
            db.session.add(Reaction(
                consultation_id=closed.id, reference=f"GSL-2026-{closed.id:03d}{n}", channel=Channel.WEB,
                status=ReactionStatus.PENDING, publication=Publication.ANONYMOUS, author_name=name,
                author_email=f"brief{n}@example.org", body=LETTER.format(name=name), submitted_at=now - timedelta(days=10 - n),
            ))
        db.session.commit()
        return closed.slug


def test_official_groups_answers_and_publishes_the_reactienota(page, closed_consultation, run_mail_worker):
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill("ambtenaar@vijfheerenlanden.example.org")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    page.goto(f"/beheer/consultaties/{closed_consultation}/moderatie")
    assert_accessible(page)
    page.get_by_label("Zoek in tekst, kenmerk, naam of organisatie").fill("buurthuis")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_role("heading", name="4 reacties")).to_be_visible()
    for checkbox in page.get_by_role("checkbox", name=re.compile("Selecteer GSL")).all():
        checkbox.check()
    page.get_by_label("Actie", exact=True).select_option("approve")
    page.get_by_role("button", name="Uitvoeren").click()
    expect(page.get_by_text("Gedaan voor 4 reacties.")).to_be_visible()

    page.get_by_role("link", name="Codes en groepen").click()
    assert_accessible(page)
    page.get_by_role("button", name="Campagnebrieven zoeken").click()
    expect(page.get_by_text("Bezig met zoeken")).to_be_visible()
    assert_accessible(page)
    run_mail_worker()
    page.get_by_role("button", name="Ververs deze pagina").click()
    expect(page.get_by_role("heading", name="Voorstel 1: 4 reacties")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Groep maken").click()
    page.get_by_role("link", name=re.compile("De hele groep beantwoorden")).click()
    assert_accessible(page)
    page.get_by_label("Antwoord", exact=True).fill("Het buurthuis blijft open. Wij zoeken samen met de buurt naar een nieuwe plek.")
    page.get_by_label("Kennisgenomen").check()
    page.get_by_role("button", name="Antwoord opslaan").click()
    assert_accessible(page)

    page.goto(f"/beheer/consultaties/{closed_consultation}/moderatie?status=all")
    page.get_by_role("link", name=re.compile("GSL-2026-.*1 · Jan Smit")).click()
    expect(page.get_by_text("Tekst zoals verstuurd")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/beheer/consultaties/{closed_consultation}/dashboard")
    expect(page.get_by_role("img", name="Reacties per week")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/beheer/consultaties/{closed_consultation}/reactienota")
    assert_accessible(page)
    page.get_by_role("button", name="Reactienota publiceren").click()
    expect(page.get_by_text("De reactienota wordt gepubliceerd…")).to_be_visible()  # by the worker
    assert_accessible(page)
    run_mail_worker()
    page.reload()
    expect(page.get_by_text("4 personen krijgen een e-mail met het antwoord.")).to_be_visible()
    page.goto(f"/consultaties/{closed_consultation}/reactienota")
    expect(page.get_by_text("Het buurthuis blijft open.")).to_be_visible()
    assert "Jan Smit" not in page.content()
    assert_accessible(page)
    assert run_mail_worker().sent >= 4

    with page.expect_download() as download:
        page.get_by_role("link", name="Word (DOCX)").click()
    assert download.value.suggested_filename.endswith(".docx")
