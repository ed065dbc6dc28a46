"""The kennisgeving and the stukken (Awb 3:11, 3:12; Woo 5.1): the stukken beside the draft are set while
a concept and lie unchanged for the whole term; the kennisgeving names them, where they lie on paper, the
legal basis, who may react until when, and where the official publication is."""
from io import BytesIO

import sqlalchemy as sa

from consult.consultations.models import ConsultationFile, State
from tests.conftest import csrf_token

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_an_official_adds_stukken_to_a_concept_and_everyone_reads_them_on_the_kennisgeving(
        client, login, make_user, make_consultation, session):
    consultation = make_consultation(state=State.DRAFT, summary="De gemeente maakt een agenda voor zorg en welzijn.",
                                     legal_basis="artikel 3 van de Inspraakverordening Vijfheerenlanden 2019",
                                     inspection_place="Stadhuis Vianen\nVoorstraat 30\n4132 AS Vianen",
                                     inspection_hours="maandag tot en met vrijdag, 9.00 tot 17.00 uur",
                                     official_publication="Gemeenteblad 2026, 123456",
                                     publication_url="https://zoek.officielebekendmakingen.nl/gmb-2026-123456")
    login(make_user(official_of=consultation.organisation))
    url = f"/beheer/consultaties/{consultation.slug}/stukken"
    token = csrf_token(client.get(url).text)

    not_a_pdf = client.post(url, data={"csrf_token": token, "title": "Raadsvoorstel",
                                       "file": (BytesIO(b"<script>alert(1)</script>"), "raadsvoorstel.pdf")})
    assert not_a_pdf.status_code == 400 and "Dit bestand is geen PDF-" in not_a_pdf.text
    assert 'value="Raadsvoorstel"' in not_a_pdf.text  # the title typed stays
    client.post(url, data={"csrf_token": token, "title": "Raadsvoorstel", "file": (BytesIO(PDF), "raadsvoorstel.pdf")})
    client.post(f"{url}/niet-openbaar", data={"csrf_token": token, "withheld_title": "Advies van de jurist",
                                              "ground": "art. 5.1 lid 2 sub e Woo"})
    stuk = session.scalar(sa.select(ConsultationFile))
    assert stuk.title == "Raadsvoorstel" and stuk.content_type == "application/pdf"

    consultation.state = State.PUBLISHED
    session.commit()
    refused = client.post(url, data={"csrf_token": token, "title": "Nog een", "file": (BytesIO(PDF), "twee.pdf")},
                          follow_redirects=True)
    assert "De stukken liggen de hele termijn ongewijzigd ter inzage." in refused.text
    client.post(f"{url}/{stuk.id}/verwijderen", data={"csrf_token": token})
    assert session.scalar(sa.select(sa.func.count()).select_from(ConsultationFile)) == 1

    client.post("/uitloggen", data={"csrf_token": token})
    notice = client.get(f"/consultaties/{consultation.slug}/kennisgeving").text
    for text in ("De gemeente maakt een agenda voor zorg en welzijn.",
                 "gebaseerd op artikel 3 van de Inspraakverordening Vijfheerenlanden 2019",
                 "Stadhuis Vianen<br>Voorstraat 30<br>4132 AS Vianen", "maandag tot en met vrijdag",
                 "Raadsvoorstel", "Advies van de jurist (art. 5.1 lid 2 sub e Woo)", "Iedereen kan reageren.",
                 "De officiële bekendmaking staat in Gemeenteblad 2026, 123456.",
                 "Als ze verschillen, geldt de officiële bekendmaking.",
                 'href="https://zoek.officielebekendmakingen.nl/gmb-2026-123456"'):
        assert text in notice, text
    download = client.get(f"/consultaties/{consultation.slug}/stukken/{stuk.id}")
    assert download.status_code == 200 and download.data == PDF
    assert "attachment" in download.headers["Content-Disposition"]
    download.close()


def test_the_stukken_of_a_concept_stay_hidden_and_another_consultations_id_is_not_found(
        client, make_consultation, session):
    concept = make_consultation(state=State.DRAFT)
    other = make_consultation()
    stuk = ConsultationFile(consultation_id=concept.id, title="Concept", filename="c.pdf", content_type="application/pdf",
                            size=3, storage_name="0" * 32)
    session.add(stuk)
    session.commit()
    assert client.get(f"/consultaties/{concept.slug}/stukken/{stuk.id}").status_code == 404
    assert client.get(f"/consultaties/{other.slug}/stukken/{stuk.id}").status_code == 404
