"""The archive dossier: everything about a consultation in one zip, made in the background, audited."""
import csv
import io
import json
import time
import zipfile

import pypdf
import sqlalchemy as sa

from consult.audit.models import AuditEvent
from consult.core.uploads import store
from consult.reactions.models import Attachment, ReactionStatus
from tests.conftest import csrf_token
from tests.reactions.conftest import MARKDOWN


def test_an_official_exports_the_complete_dossier(app, client, session, login, make_consultation, make_user,
                                                  make_reaction, run_jobs):
    consultation = make_consultation(markdown=MARKDOWN)
    official = make_user(official_of=consultation.organisation)
    letter = make_reaction(consultation, body="Wij willen meer dagbesteding.", author_name="Familie Jansen",
                           author_email="jansen@voorbeeld.nl", author_address="Dorpsstraat 1", status=ReactionStatus.APPROVED)
    with app.app_context():
        session.add(Attachment(reaction=letter, filename="brief.pdf", content_type="application/pdf", size=15,
                               storage_name=store(b"%PDF-1.4\n%%EOF\n")))
    session.commit()
    login(official)
    manage = client.get(f"/beheer/consultaties/{consultation.slug}").text
    assert "Dossier exporteren" in manage

    waiting = client.post(f"/beheer/consultaties/{consultation.slug}/dossier", data={"csrf_token": csrf_token(manage)},
                          follow_redirects=True).text
    assert "Het dossier wordt gemaakt" in waiting
    run_jobs()
    page = client.get(f"/beheer/consultaties/{consultation.slug}").text
    assert "Download het dossier" in page
    link = page.split("Download het dossier")[0].rsplit('href="', 1)[1].split('"')[0]
    download = client.get(link)
    assert download.headers["Content-Disposition"] == f"attachment; filename=dossier-{consultation.slug}.zip"

    archive = zipfile.ZipFile(io.BytesIO(download.data))
    names = set(archive.namelist())
    assert {"dossier.pdf", "dossier.json", "reacties.csv", "antwoorden.csv", "logboek.csv", "reactienota.pdf",
            "documenten/versie-1.html", f"bijlagen/{letter.reference}-1-brief.pdf"} <= names
    data = json.loads(archive.read("dossier.json"))
    assert data["consultation"]["title"] == consultation.title
    assert data["reactions"][0]["email"] == "jansen@voorbeeld.nl" and data["reactions"][0]["address"] == "Dorpsstraat 1"
    assert data["document_versions"][0]["sections"][0]["text"]
    assert "jansen@voorbeeld.nl" in archive.read("reacties.csv").decode()
    for name, columns in (("reacties.csv", 10), ("antwoorden.csv", 4), ("logboek.csv", 5)):
        # One separator for every CSV: ';', which a Dutch spreadsheet opens in columns.
        header = next(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig")), delimiter=";"))
        assert len(header) >= columns, (name, header)
    pdf_text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(archive.read("dossier.pdf"))).pages)
    assert letter.reference in pdf_text and "Familie Jansen" in pdf_text and "Logboek" in pdf_text
    actions = set(session.scalars(sa.select(AuditEvent.action).where(AuditEvent.actor_id == official.id)))
    assert {"dossier_exported", "dossier_downloaded"} <= actions
    download.close()


def test_the_dossier_asks_for_the_password_again_and_comes_back_to_the_button(app, client, session, login,
                                                                              make_consultation, make_user):
    consultation = make_consultation()
    login(make_user(official_of=consultation.organisation))
    with client.session_transaction() as browser_session:
        browser_session["login_at"] = browser_session["auth_at"] = time.time() - 3600
    manage_url = f"/beheer/consultaties/{consultation.slug}"
    manage = client.get(manage_url).text

    response = client.post(f"{manage_url}/dossier", data={"csrf_token": csrf_token(manage)},
                           headers={"Referer": f"http://consult.test{manage_url}"})

    assert response.status_code == 302
    assert response.headers["Location"] == f"/wachtwoord-bevestigen?next={manage_url}"
