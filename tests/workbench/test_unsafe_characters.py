"""Characters XML forbids (U+FFFE, C0 controls, lone surrogates) never break a download.

They are taken out where text enters (the public form), and every file format copes with text that
was stored with them before: the reactienota (DOCX, ODT, PDF), the officials' CSV and XLSX, open data
(JSON, CSV) and the archive dossier.
"""
import csv
import io
import json
import re
import zipfile
from urllib.parse import urlencode

import docx
import openpyxl
import pypdf
import sqlalchemy as sa
from odf import teletype
from odf.opendocument import load
from odf.text import P

from consult.core.text import UNSAFE_CHARACTERS
from consult.exports.formats import csv_text
from consult.extensions import db
from consult.jobs.models import Job
from consult.reactions.models import Reaction, ReactionStatus
from consult.reports.models import ResponseReport
from tests.conftest import csrf_token
from tests.reactions.conftest import form_data

# Every C0 control (tab, line feed and carriage return are allowed and stay), DEL, the two XML
# non-characters and lone surrogates: what a hostile or broken client can put in a text field.
CONTROLS = "".join(chr(code) for code in range(0x20)) + "\x7f"
HOSTILE = f"Mantelzorg\ufffe verdient\uffff steun.{CONTROLS} Zeker\ud800 in\udfff Leerdam."
STORABLE = HOSTILE.replace("\x00", "").replace("\ud800", "").replace("\udfff", "")  # what both databases take


def downloads(app, client, consultation, run_jobs) -> dict[str, str]:
    """Every file an official or a visitor can download about the consultation, read back with the
    library of its format; the text found in each."""
    base, manage = f"/consultaties/{consultation.slug}", f"/beheer/consultaties/{consultation.slug}"

    def fetch(url):
        response = client.get(url)
        status, data = response.status_code, response.data  # read to the end: streamed responses
        response.close()
        return status, data

    files = {extension: fetch(f"{manage}/reactienota/concept.{extension}") for extension in ("docx", "odt", "pdf")}
    files["csv"] = fetch(f"{manage}/export.csv")
    files["open.json"] = fetch(f"{base}/open-data.json")
    files["open.csv"] = fetch(f"{base}/open-data.csv")
    token = csrf_token(client.get(f"{manage}/moderatie").text)
    client.post(f"{manage}/export.xlsx", data={"csrf_token": token})
    client.post(f"{manage}/dossier", data={"csrf_token": token})
    run_jobs()
    with app.app_context():
        jobs = {job.kind: job.id for job in db.session.scalars(sa.select(Job))}
    files["xlsx"] = fetch(f"/beheer/bestanden/{jobs['export_xlsx']}")
    files["zip"] = fetch(f"/beheer/bestanden/{jobs['dossier']}")
    assert {name: status for name, (status, _data) in files.items()} == {name: 200 for name in files}

    data = {name: content for name, (_status, content) in files.items()}
    archive = zipfile.ZipFile(io.BytesIO(data["zip"]))
    book = openpyxl.load_workbook(io.BytesIO(data["xlsx"]))
    return {
        "docx": "\n".join(p.text for p in docx.Document(io.BytesIO(data["docx"])).paragraphs),
        "odt": "\n".join(teletype.extractText(p) for p in load(io.BytesIO(data["odt"])).getElementsByType(P)),
        "pdf": " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data["pdf"])).pages),
        "csv": data["csv"].decode(),
        "xlsx": "\n".join(str(cell) for row in book.active.iter_rows(values_only=True) for cell in row),
        "open.json": json.dumps(json.loads(data["open.json"]), ensure_ascii=False),
        "open.csv": data["open.csv"].decode(),
        **{f"dossier/{name}": archive.read(name).decode() for name in archive.namelist() if name.endswith((".csv", ".json", ".html"))},
        "dossier/dossier.pdf": " ".join(page.extract_text() for page in
                                        pypdf.PdfReader(io.BytesIO(archive.read("dossier.pdf"))).pages),
    }


def assert_readable_everywhere(texts: dict[str, str]) -> None:
    for name, text in texts.items():
        if not name.startswith(("dossier/antwoorden", "dossier/logboek", "dossier/documenten", "dossier/besluit")):
            assert "Mantelzorg" in text and "Leerdam" in text, name
        assert not UNSAFE_CHARACTERS.search(text), name


def test_hostile_characters_sent_through_the_public_form_are_dropped_and_every_format_downloads(
        app, client, workbench, session, run_jobs):
    resident = app.test_client()
    url = f"/consultaties/{workbench.slug}/reageren"
    page = resident.get(url).text
    key = re.search(r'name="submission_key" type="hidden" value="([^"]+)"', page).group(1)
    fields = {**form_data(body=HOSTILE, author_name="Iris\x00\x01\x1b\x7f\ufffe de Boer", author_place="Leerdam\uffff"),
              "csrf_token": csrf_token(page), "submission_key": key}
    # Lone surrogates travel as the bytes a careless client would send for them (not valid UTF-8).
    body = urlencode(fields, encoding="utf-8", errors="surrogatepass")
    response = resident.post(url, data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302

    reaction = session.scalars(sa.select(Reaction).where(Reaction.consultation_id == workbench.id)).one()
    for stored in (reaction.body, reaction.author_name, reaction.author_place):
        assert not UNSAFE_CHARACTERS.search(stored)
    assert reaction.body.startswith("Mantelzorg verdient steun.\t\n\r Zeker") and reaction.body.endswith("Leerdam.")
    assert reaction.author_name == "Iris de Boer"
    reaction.status = ReactionStatus.APPROVED
    session.commit()

    assert_readable_everywhere(downloads(app, client, workbench, run_jobs))


def test_text_stored_with_forbidden_characters_before_the_rule_still_downloads_in_every_format(
        app, client, workbench, make_reaction, run_jobs):
    make_reaction(workbench, body=STORABLE, status=ReactionStatus.APPROVED, author_name="Iris\ufffe de Boer",
                  organisation_name="Zorg\x01groep\uffff Leerdam")

    texts = downloads(app, client, workbench, run_jobs)

    assert_readable_everywhere(texts)
    assert "Zorggroep Leerdam" in texts["open.csv"] and "Zorggroep Leerdam" in texts["xlsx"]


def test_officials_texts_outside_forms_lose_the_characters_too(client, workbench, make_reaction, session):
    reaction = make_reaction(workbench)
    page = client.get(f"/beheer/reacties/{reaction.id}").text
    client.post(f"/beheer/reacties/{reaction.id}/deelpunten",
                data={"csrf_token": csrf_token(page), "summary": "Punt\ufffe over\x01 mantelzorg"})
    report = client.get(f"/beheer/consultaties/{workbench.slug}/reactienota").text
    client.post(f"/beheer/consultaties/{workbench.slug}/reactienota",
                data={"csrf_token": csrf_token(report), "introduction": "Inleiding\uffff\x02 van de nota"})

    session.refresh(reaction)
    assert [point.summary for point in reaction.points] == ["Punt over mantelzorg"]
    assert session.scalars(sa.select(ResponseReport.introduction)).one() == "Inleiding van de nota"


def test_csv_cells_are_split_by_semicolons():
    rows = list(csv.reader(io.StringIO(csv_text(["a", "b"], [["=1", "x\ufffey"]]).lstrip("\ufeff")), delimiter=";"))
    assert rows == [["a", "b"], ["'=1", "xy"]]
