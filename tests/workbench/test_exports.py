import csv
import io
import json
import re
import zipfile

import openpyxl
import sqlalchemy as sa

from consult.audit.models import AuditEvent
from consult.exports.formats import neutralise
from consult.privacy.dossier import write_dossier
from consult.reactions.models import Publication, ReactionStatus
from tests.conftest import csrf_token


def test_cells_a_spreadsheet_would_run_are_neutralised():
    assert neutralise("=HYPERLINK(\"http://evil\")") == "'=HYPERLINK(\"http://evil\")"
    for start in "+-@\t\r":
        assert neutralise(start + "1") == "'" + start + "1"
    assert neutralise("Gewone tekst") == "Gewone tekst" and neutralise(12) == 12


def test_officials_export_every_reaction_as_csv_and_xlsx_and_it_is_audited(client, workbench, make_reaction, session, run_jobs):
    make_reaction(workbench, body="=1+1 mantelzorg", author_name="Iris", author_email="iris@example.org")
    make_reaction(workbench, body="Tweede", status=ReactionStatus.APPROVED)

    response = client.get(f"/beheer/consultaties/{workbench.slug}/export.csv")
    assert response.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert rows[0][0] == "Kenmerk" and len(rows) == 3
    iris = next(row for row in rows if "Iris" in row)
    assert "iris@example.org" in iris and "'=1+1 mantelzorg" in iris

    queue = client.get(f"/beheer/consultaties/{workbench.slug}/moderatie").text
    client.post(f"/beheer/consultaties/{workbench.slug}/export.xlsx", data={"csrf_token": csrf_token(queue)})
    assert "Het Excel-bestand wordt gemaakt" in client.get(f"/beheer/consultaties/{workbench.slug}/moderatie").text
    run_jobs()
    queue = client.get(f"/beheer/consultaties/{workbench.slug}/moderatie").text
    download = re.search(r'href="(/beheer/bestanden/\d+)">Download het Excel-bestand', queue).group(1)
    xlsx = client.get(download)
    assert xlsx.headers["Content-Disposition"].startswith("attachment")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.data))
    xlsx.close()
    values = [[cell for cell in row] for row in book.active.iter_rows(values_only=True)]
    assert len(values) == 3 and "'=1+1 mantelzorg" in values[1] + values[2]

    events = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "reactions_exported").order_by(AuditEvent.id)).all()
    assert [e.details["format"] for e in events] == ["csv", "xlsx"]
    assert session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "reactions_downloaded")).one()


def test_open_data_has_published_reactions_without_personal_data(client, make_consultation, make_reaction):
    consultation = make_consultation()
    make_reaction(consultation, body="Openbaar", status=ReactionStatus.APPROVED, author_name="Iris de Boer", author_email="iris@example.org")
    make_reaction(consultation, body="Niet openbaar", status=ReactionStatus.APPROVED, publication=Publication.NOT_PUBLISHED)
    make_reaction(consultation, body="Nog niet beoordeeld")

    data = json.loads(client.get(f"/consultaties/{consultation.slug}/open-data.json").data)
    assert [r["text"] for r in data["reactions"]] == ["Openbaar"]
    assert data["reactions"][0]["sender"] == "Inwoner"
    text = client.get(f"/consultaties/{consultation.slug}/open-data.csv").get_data(as_text=True)
    assert "Openbaar" in text and "Iris" not in text and "example.org" not in text and "Niet openbaar" not in text


def test_residents_cannot_export(client, make_consultation):
    consultation = make_consultation()
    assert client.get(f"/beheer/consultaties/{consultation.slug}/export.csv").status_code == 302


def test_open_data_csv_neutralises_formulas_like_the_officials_files(client, make_consultation, make_reaction):
    consultation = make_consultation()
    make_reaction(consultation, body='=HYPERLINK("http://evil.example","Klik")', status=ReactionStatus.APPROVED,
                  organisation_name="@SUM(1+1)*cmd|' /C calc'!A0")

    response = client.get(f"/consultaties/{consultation.slug}/open-data.csv")

    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["text"] == '\'=HYPERLINK("http://evil.example","Klik")'
    assert record["sender"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"


def test_every_csv_is_separated_by_semicolons_with_one_charset(app, client, workbench, make_reaction, session, tmp_path):
    make_reaction(workbench, body="Meer dagbesteding, graag; ook in Vianen.", status=ReactionStatus.APPROVED)
    response = client.get(f"/beheer/consultaties/{workbench.slug}/export.csv")
    files = {"reacties.csv (export)": response.get_data(as_text=True)}
    with app.test_request_context():
        write_dossier(workbench, tmp_path / "dossier.zip")
    with zipfile.ZipFile(tmp_path / "dossier.zip") as archive:
        files.update({name: archive.read(name).decode() for name in archive.namelist() if name.endswith(".csv")})

    assert set(files) == {"reacties.csv (export)", "reacties.csv", "antwoorden.csv", "logboek.csv", "besluit-verzendlijst.csv"}
    for name, text in files.items():
        assert text.startswith("\ufeff"), name
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
        assert len(rows[0]) > 3 and all(len(row) == len(rows[0]) for row in rows), name
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
