"""Given advice is in the archive dossier: the council, who submitted it, every point and its answer."""
import io
import json
import zipfile

import pypdf

from consult.advice.models import Verdict
from consult.advice.services import answer_point
from consult.core.db import utcnow
from consult.privacy.dossier import write_dossier
from tests.advice.conftest import given_advice


def test_the_dossier_keeps_the_advice_and_its_answers(app, advice_world, session, tmp_path):
    advice = given_advice(session, advice_world, points=2, answered=1)
    target = tmp_path / "dossier.zip"
    with app.test_request_context():
        answer_point(advice.points[1], advice_world.users["official_a"], Verdict.NOT_ADOPTED, "Geen budget.", utcnow())
        session.commit()
        write_dossier(advice_world.round, target)
    archive = zipfile.ZipFile(io.BytesIO(target.read_bytes()))
    data = json.loads(archive.read("dossier.json"))
    [kept] = data["advice"]
    assert kept["reference"] == advice.reference and kept["submitted_by"] == "Youssef van C"
    assert [(p["number"], p["verdict"]) for p in kept["points"]] == [(1, "adopted"), (2, "not_adopted")]
    assert any(event["action"] == "advice_point_answered" for event in data["audit_log"])
    pdf = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(archive.read("dossier.pdf"))).pages)
    assert "Advies van de adviesraad" in pdf and "Geen budget." in pdf
    nota = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(archive.read("reactienota.pdf"))).pages)
    assert "Adviespunt nummer 2." in nota
