"""The done-when scenario on the demo data: Participatieraad Almere gives advice with three points on
the strategische agenda; the Flevoland official answers every point and only then publishes the nota."""
from datetime import timedelta

import sqlalchemy as sa

from consult.advice.models import Advice, AdviceState
from consult.consultations.models import Consultation, State
from consult.core.db import utcnow
from consult.demo import data
from consult.mail.models import OutboxMessage
from tests.conftest import csrf_token, run_jobs, submit_form

SLUG = "strategische-agenda-feedbackronde"
COUNCIL = "participatieraad-almere"


def test_the_participatieraad_advises_and_the_official_answers_before_publishing(app, client, session):
    with app.app_context():
        data.load(utcnow())
    session.commit()
    submit_form(client, "/inloggen", {"email": "participatieraad@example.org", "password": data.DEMO_PASSWORD})
    url = f"/consultaties/{SLUG}/advies/{COUNCIL}"
    assert url in client.get("/mijn-organisatie").text
    page = client.get(url)
    assert page.status_code == 200 and "Gevraagd advies" in page.text
    token = csrf_token(page.text)
    client.post(url, data={"overall": "De participatieraad steunt de agenda, met drie adviezen.", "csrf_token": token})
    for text in ("Betrek ervaringsdeskundigen.", "Maak de toegang eenvoudiger.", "Meet wat het oplevert."):
        client.post(url + "/punten", data={"section": "", "body": text, "csrf_token": token})
    client.post(url + "/indienen", data={"csrf_token": token})
    advice = session.scalars(sa.select(Advice)).one()
    assert advice.state is AdviceState.SUBMITTED and len(advice.points) == 3
    client.post("/uitloggen", data={"csrf_token": token})

    consultation = session.scalar(sa.select(Consultation).where(Consultation.slug == SLUG))
    consultation.closes_at = utcnow() - timedelta(minutes=1)
    session.commit()
    submit_form(client, "/inloggen", {"email": "ambtenaar.flevoland@example.org", "password": data.DEMO_PASSWORD})
    assert f"/beheer/consultaties/{SLUG}/advies" in client.get(f"/beheer/consultaties/{SLUG}").text
    nota = f"/beheer/consultaties/{SLUG}/reactienota"
    refused = client.post(nota + "/publiceren", data={"csrf_token": csrf_token(client.get(nota).text)},
                          follow_redirects=True)
    assert "3 adviespunten hebben geen antwoord" in refused.text
    manage = f"/beheer/consultaties/{SLUG}/advies"
    for point in advice.points:
        token = csrf_token(client.get(manage).text)
        client.post(f"{manage}/punten/{point.id}", data={f"punt-{point.id}-verdict": "adopted",
                                                         f"punt-{point.id}-reasons": "Dat nemen we over.",
                                                         "csrf_token": token})
    mail = session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == "participatieraad@example.org")
                           .order_by(OutboxMessage.id.desc())).first()
    assert mail.subject.startswith("De antwoorden op het advies van Participatieraad Almere")
    client.post(nota + "/publiceren", data={"csrf_token": csrf_token(client.get(nota).text)})
    run_jobs()
    session.refresh(consultation)
    assert consultation.state is State.PROCESSED
    public = client.get(f"/consultaties/{SLUG}/reactienota").text
    assert "Advies van de adviesraad" in public and "Meet wat het oplevert." in public
    assert "Youssef Amrani" not in public
