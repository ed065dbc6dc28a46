"""The reactienota's chapter "Advies van de adviesraad": the overall advice, each point and its answer,
on the page and read back from DOCX, ODT and PDF; the council is named, its members are not."""
import io
from datetime import timedelta

import docx
import pypdf
from odf import teletype
from odf.opendocument import load
from odf.text import P

from consult.advice.models import Verdict
from consult.core.db import utcnow
from consult.reports.snapshot import freeze, thaw
from tests.advice.conftest import given_advice
from tests.conftest import csrf_token, run_jobs


def answered_and_closed(session, world):
    advice = given_advice(session, world, points=3, answered=3)
    advice.body = "Wij adviseren positief. Vragen? Bel Youssef van C op 06-12345678."
    advice.points[1].verdict, advice.points[1].reasons = Verdict.PARTLY, "We nemen de helft over."
    advice.points[2].verdict, advice.points[2].reasons = Verdict.NOT_ADOPTED, "Daar is geen geld voor."
    world.round.closes_at = utcnow() - timedelta(minutes=1)
    session.commit()
    return advice


def test_the_published_nota_has_the_advice_chapter_in_every_format(client, login, advice_world, session):
    advice = answered_and_closed(session, advice_world)
    login(advice_world.users["official_a"])
    nota = f"/beheer/consultaties/{advice_world.round.slug}/reactienota"
    client.post(nota + "/publiceren", data={"csrf_token": csrf_token(client.get(nota).text)})
    run_jobs()

    page = client.get(f"/consultaties/{advice_world.round.slug}/reactienota").text
    assert "Advies van de adviesraad" in page
    assert f"Participatieraad C · <span id=\"{advice.reference}\">{advice.reference}</span>" in page
    assert "Gevraagd advies, ingediend op" in page and "Wij adviseren positief." in page
    assert "Adviespunt 2" in page and "Adviespunt nummer 2." in page
    assert "Antwoord (Gedeeltelijk overgenomen):" in page and "We nemen de helft over." in page
    assert "Antwoord (Niet overgenomen):" in page and "Daar is geen geld voor." in page
    assert "Youssef" not in page and "12345678" not in page  # the advice is the council's, not a member's

    files = {ext: client.get(f"/consultaties/{advice_world.round.slug}/reactienota.{ext}").data for ext in ("docx", "odt", "pdf")}
    word = [p.text for p in docx.Document(io.BytesIO(files["docx"])).paragraphs]
    assert "Advies van de adviesraad" in word
    assert "Antwoord (Overgenomen): Zo doen we het." in word
    assert "Antwoord (Niet overgenomen): Daar is geen geld voor." in word
    odt = [teletype.extractText(p) for p in load(io.BytesIO(files["odt"])).getElementsByType(P)]
    assert "Antwoord (Gedeeltelijk overgenomen): We nemen de helft over." in odt
    pdf = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(files["pdf"])).pages)
    assert "Advies van de adviesraad" in pdf and "Daar is geen geld voor." in pdf
    assert "Youssef" not in " ".join(word + odt) + pdf


def test_the_draft_preview_shows_the_chapter_and_an_open_point(client, login, advice_world, session):
    given_advice(session, advice_world, points=2, answered=1)
    login(advice_world.users["official_a"])
    page = client.get(f"/beheer/consultaties/{advice_world.round.slug}/reactienota").text
    assert "Advies van de adviesraad" in page and "Antwoord (Nog niet beantwoord.):" in page


def test_a_nota_without_advice_has_no_chapter_and_old_versions_still_read(app, advice_world, session):
    from consult.reports.services import build_draft

    with app.test_request_context():
        report, _summary = build_draft(advice_world.public)
        assert report.advice == []
        content = freeze(report)
        del content["advice"]  # a version published before advice existed
        assert thaw(content).advice == []
