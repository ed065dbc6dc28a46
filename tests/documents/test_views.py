import io
from datetime import date, timedelta

import docx
import sqlalchemy as sa
from babel.dates import format_date

from consult.consultations.models import Consultation, Phase, Procedure, State
from consult.consultations.term import awb_last_day, end_of_day
from consult.core.db import utcnow
from consult.core.i18n import local_today
from consult.documents.models import Document
from tests.conftest import csrf_token


def word_file() -> bytes:
    document = docx.Document()
    document.add_heading("Actieprogramma", 0)
    document.add_heading("Inleiding", 1)
    document.add_paragraph("De regio werkt samen.")
    document.add_heading("Acties", 1)
    document.add_heading("Lokaal", 2)
    document.add_paragraph("Elke gemeente zorgt voor opvang.", style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def upload(client, url, **data):
    page = client.get(url)
    return client.post(url, data={**data, "csrf_token": csrf_token(page.text)}, content_type="multipart/form-data")


def test_official_uploads_a_word_draft_and_gets_numbered_sections(client, login, make_user, make_organisation, session):
    municipality = make_organisation(name="Gemeente Vijfheerenlanden")
    login(make_user(official_of=municipality))

    response = upload(client, "/beheer/documenten/nieuw", organisation=str(municipality.id), title="Actieprogramma",
                      kind="action_programme", source_file=(io.BytesIO(word_file()), "ontwerp.docx"))

    assert response.status_code == 302
    document = session.scalars(sa.select(Document)).one()
    assert [(s.number, s.title) for s in document.latest_version.sections] == [
        ("1", "Inleiding"), ("2", "Acties"), ("2.1", "Lokaal")]
    assert "Elke gemeente zorgt voor opvang." in document.latest_version.sections[2].body_html
    page = client.get(response.headers["Location"])
    assert "Het document is opgeslagen met 3 hoofdstukken." in page.text


def test_a_file_that_is_neither_word_nor_text_gets_a_message_and_the_title_is_kept(client, login, make_user, make_organisation):
    municipality = make_organisation()
    login(make_user(official_of=municipality))
    page = upload(client, "/beheer/documenten/nieuw", organisation=str(municipality.id), title="Mijn agenda",
                  kind="other", source_file=(io.BytesIO(b"\xff\xfe\x00garbage\x80"), "agenda.docx"))
    assert "Dit is geen Word-bestand" in page.text
    assert 'value="Mijn agenda"' in page.text


def test_a_new_version_shows_which_sections_changed_and_keeps_old_reactions(client, login, make_user, make_consultation, session):
    consultation = make_consultation(markdown="# Inleiding\n\nOud.\n\n# Planning\n\nZo.")
    old_version = consultation.document_version
    login(make_user(official_of=consultation.organisation))

    response = upload(client, f"/beheer/documenten/{old_version.document_id}/nieuwe-versie", note="Na de inspraak",
                      source_text="# Inleiding\n\nNieuw.\n\n# Planning\n\nZo.\n\n# Uitvoering\n\nErbij.")
    page = client.get(response.headers["Location"]).text

    assert "Veranderingen sinds versie 1" in page
    rows = page.split("Hoofdstukken van versie 2", 1)[1].split("</table>", 1)[0]
    assert "1 Inleiding" in rows and "veranderd" in rows
    assert "2 Planning" in rows and "niet veranderd" in rows
    assert "3 Uitvoering" in rows and "nieuw" in rows
    assert consultation.document_version_id == old_version.id  # the open consultation stays on its version


def format_day(day: date) -> str:
    return format_date(day, "d MMMM y", locale="nl")


def consultation_form(version_id, **overrides):
    today = local_today()
    data = {
        "document_version": str(version_id), "title": "Sociaal Maatschappelijke Agenda 2027", "reference_prefix": "SMA",
        "summary": "De gemeente vraagt uw mening.", "introduction": "Lees **alles**.", "procedure": "awb_uniform",
        "opens_on": today.isoformat(), "opens_time": "09:00",
        # Awb: six weeks to the end of a working day (the last day may move past a weekend or holiday).
        "closes_on": awb_last_day(today).isoformat(), "closes_time": "",
        "publishes_reactions": "y", "requires_email_confirmation": "y", "decision_body": "de gemeenteraad",
        "contact_name": "Vera Jansen", "contact_email": "vera@example.org",
    }
    data.update(overrides)
    return data


def test_official_opens_a_ter_inzage_consultation_on_the_uploaded_draft(client, login, make_user, make_consultation, session):
    existing = make_consultation()
    version = existing.document_version
    login(make_user(official_of=existing.organisation))

    response = upload(client, f"/beheer/consultaties/nieuw?version={version.id}", **consultation_form(version.id))
    assert response.status_code == 302
    consultation = session.scalar(sa.select(Consultation).where(Consultation.title == "Sociaal Maatschappelijke Agenda 2027"))
    assert consultation.state is State.DRAFT and consultation.procedure is Procedure.AWB_UNIFORM
    # Six weeks to the end of the last day, moved past a weekend or holiday (Awb 3:16, Atw art. 1).
    assert consultation.closes_at == end_of_day(awb_last_day(local_today()))
    assert consultation.opens_at.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Amsterdam")).hour == 9
    assert "<strong>alles</strong>" in consultation.introduction_html
    assert consultation.slug not in client.get("/").text  # a draft is not public

    manage = client.get(response.headers["Location"])
    client.post(f"/beheer/consultaties/{consultation.slug}/publiceren", data={"csrf_token": csrf_token(manage.text)})
    assert consultation.phase(utcnow() + timedelta(hours=10)) is Phase.OPEN
    notice = client.get(f"/consultaties/{consultation.slug}/kennisgeving").text
    assert "Uniforme openbare voorbereidingsprocedure" in notice and "de gemeenteraad" in notice


def test_awb_period_of_less_than_six_weeks_is_refused_with_the_reason(client, login, make_user, make_consultation):
    existing = make_consultation()
    login(make_user(official_of=existing.organisation))
    short = (local_today() + timedelta(weeks=4)).isoformat()
    page = upload(client, "/beheer/consultaties/nieuw", **consultation_form(existing.document_version_id, closes_on=short))
    assert f"Bij de Awb-procedure is de laatste dag {format_day(awb_last_day(local_today()))} of later" in page.text
    assert 'value="Sociaal Maatschappelijke Agenda 2027"' in page.text

    page = upload(client, "/beheer/consultaties/nieuw", **consultation_form(
        existing.document_version_id, procedure="informal", closes_on=local_today().isoformat(), closes_time="08:00"))
    assert "De termijn moet sluiten na het openen." in page.text


def test_officials_cannot_use_or_see_documents_of_another_municipality(client, login, make_user, make_organisation, make_consultation, session):
    theirs = make_consultation()
    login(make_user(official_of=make_organisation()))
    assert client.get(f"/beheer/documenten/{theirs.document_version.document_id}").status_code == 403
    page = client.get("/beheer/consultaties/nieuw", follow_redirects=True)
    assert theirs.document_version.document.title not in page.text
    response = upload(client, "/beheer/documenten/nieuw", organisation=str(theirs.organisation_id), title="x",
                      kind="other", source_text="# Een\n\ntekst")
    assert "Gemeente of regio: Kies een van de mogelijkheden bij ‘Gemeente of regio’." in response.text
    assert session.scalar(sa.select(sa.func.count()).select_from(Document)) == 1
