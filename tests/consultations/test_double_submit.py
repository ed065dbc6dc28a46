"""A stuk and a withheld document, each sent twice (a double click), are listed once."""
import re
from io import BytesIO

import sqlalchemy as sa

from consult.consultations.models import ConsultationFile, State, WithheldDocument
from tests.conftest import csrf_token
from tests.consultations.test_stukken import PDF


def test_a_stuk_and_a_withheld_document_sent_twice_are_listed_once(client, login, make_user, make_consultation, session):
    consultation = make_consultation(state=State.DRAFT)
    login(make_user(official_of=consultation.organisation))
    url = f"/beheer/consultaties/{consultation.slug}/stukken"
    page = client.get(url).text
    keys = re.findall(r'name="submission_key" (?:type="hidden" )?value="([^"]*)"', page) or ["", ""]
    answers = [client.post(url, data={"csrf_token": csrf_token(page), "submission_key": keys[0], "title": "Raadsvoorstel",
                                      "file": (BytesIO(PDF), "raadsvoorstel.pdf")}) for _ in range(2)]
    answers += [client.post(f"{url}/niet-openbaar", data={"csrf_token": csrf_token(page), "submission_key": keys[1],
                                                          "withheld_title": "Advies", "ground": "art. 5.1 Woo"}) for _ in range(2)]
    assert [a.status_code for a in answers] == [302] * 4
    assert session.scalars(sa.select(ConsultationFile.title)).all() == ["Raadsvoorstel"]
    assert session.scalars(sa.select(WithheldDocument.title)).all() == ["Advies"]
