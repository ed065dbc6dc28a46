"""An official starts a feedbackronde straight from a document's page, on any of its versions, and lands
on the round's page to invite organisations (issue 11). Before, a round could only follow an earlier
consultation on the same document."""
from datetime import timedelta

import sqlalchemy as sa

from consult.consultations.models import Audience, Consultation, ConsultationKind, State
from consult.core.db import utcnow
from consult.core.i18n import AMSTERDAM
from consult.documents.services import add_version_from_markdown
from consult.rounds.models import FeedbackRound, RoundInvitation
from tests.conftest import csrf_token
from tests.rounds.test_views import mails_to


def round_data(page_text, **changes):
    last_day = (utcnow().astimezone(AMSTERDAM) + timedelta(days=21)).date()
    return {"title": "Feedbackronde actieprogramma", "reference_prefix": "FAP", "summary": "Wat vindt u van het concept?",
            "procedure": "informal", "opens_on": utcnow().astimezone(AMSTERDAM).date().isoformat(), "opens_time": "09:00",
            "closes_on": last_day.isoformat(), "closes_time": "17:00", "contact_name": "Anna Ambtenaar",
            "contact_email": "anna@gemeente-a.example.org", "csrf_token": csrf_token(page_text), **changes}


def test_from_the_document_page_to_a_concept_round_and_its_invitations(client, login, round_world, session):
    document = round_world.consultation.document_version.document
    add_version_from_markdown(document, "# Wonen\n\nVersie 2.")
    session.commit()
    login(round_world.users["official_a"])
    assert "Feedbackronde starten op deze versie" in client.get("/beheer/consultaties/nieuw").text  # where to go
    page = client.get(f"/beheer/documenten/{document.id}?versie=1")
    url = f"/beheer/documenten/{document.id}/versie/1/feedbackronde"
    assert "Feedbackronde starten op deze versie" in page.text and f'href="{url}"' in page.text

    form = client.get(url)
    assert form.status_code == 200
    assert f'value="Feedbackronde {document.title}"' in form.text
    assert 'value="Anna Ambtenaar"' in form.text  # the official is the contact person until changed
    refused = client.post(url, data=round_data(form.text, contact_name="", title="Ronde met mijn eigen titel"))
    assert refused.status_code == 400
    assert "Vul een contactpersoon in." in refused.text and 'value="Ronde met mijn eigen titel"' in refused.text
    assert session.scalar(sa.select(Consultation).where(Consultation.reference_prefix == "FAP")) is None

    response = client.post(url, data=round_data(form.text))
    new = session.scalar(sa.select(Consultation).where(Consultation.reference_prefix == "FAP"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/beheer/consultaties/{new.slug}/ronde#uitnodigen")
    assert (new.kind, new.audience, new.state) == (ConsultationKind.PARTNER_ROUND, Audience.INVITED, State.DRAFT)
    assert new.document_version.number == 1  # the version chosen, not the newest
    assert (new.contact_name, new.contact_email) == ("Anna Ambtenaar", "anna@gemeente-a.example.org")
    last_day = (utcnow().astimezone(AMSTERDAM) + timedelta(days=21)).date()
    closes = new.closes_at.astimezone(AMSTERDAM)
    assert (closes.date(), closes.hour, closes.minute) == (last_day, 17, 0)  # 17:00 Dutch time, whatever UTC says

    invite_page = client.get(response.headers["Location"])
    assert invite_page.status_code == 200 and "Feedbackronde actieprogramma" in invite_page.text
    client.post(f"/beheer/consultaties/{new.slug}/ronde/uitnodigen",
                data={"organisations": [str(round_world.x.id), str(round_world.z.id)], "csrf_token": csrf_token(invite_page.text)})
    feedback_round = session.scalar(sa.select(FeedbackRound).where(FeedbackRound.consultation_id == new.id))
    invited = set(session.scalars(sa.select(RoundInvitation.organisation_id).where(RoundInvitation.round_id == feedback_round.id)))
    assert invited == {round_world.x.id, round_world.z.id}
    # A concept round records the invitations; they are mailed when the round is published.
    assert not any("Feedbackronde actieprogramma" in m.subject for m in mails_to(session, round_world.users["partner_z"].email))
    manage = client.get(f"/beheer/consultaties/{new.slug}")
    client.post(f"/beheer/consultaties/{new.slug}/publiceren", data={"csrf_token": csrf_token(manage.text)})
    assert any("Feedbackronde actieprogramma" in m.subject for m in mails_to(session, round_world.users["partner_z"].email))


def test_only_the_documents_own_officials_start_a_round_on_it(client, login, round_world, session):
    document = round_world.consultation.document_version.document
    url = f"/beheer/documenten/{document.id}/versie/1/feedbackronde"
    assert client.get(url).status_code == 302  # to the log-in page
    for outsider in ("official_b", "partner_x", "admin"):
        login(round_world.users[outsider])
        token = csrf_token(client.get("/mijn-gegevens").text)
        assert client.get(url).status_code == 403
        assert client.post(url, data=round_data(client.get("/mijn-gegevens").text)).status_code == 403
        client.post("/uitloggen", data={"csrf_token": token})
    assert session.scalar(sa.select(Consultation).where(Consultation.reference_prefix == "FAP")) is None
    login(round_world.users["official_a"])
    assert client.get(f"/beheer/documenten/{document.id}/versie/2/feedbackronde").status_code == 404


def test_the_next_version_keeps_the_contact_person_or_offers_the_official(client, login, round_world, session):
    document = round_world.consultation.document_version.document
    add_version_from_markdown(document, "# Wonen\n\nVersie 2.")
    round_world.consultation.contact_name = ""  # like the demo's round: the next one was refused without one
    session.commit()
    slug = round_world.consultation.slug
    login(round_world.users["official_a"])
    form = client.get(f"/beheer/consultaties/{slug}/volgende-versie")
    assert 'value="Anna Ambtenaar"' in form.text
    data = round_data(form.text, kind="partner_round", reference_prefix="NXT")
    data.pop("contact_name")
    data["contact_name"] = "Anna Ambtenaar"  # what the browser sends back from the filled-in field
    assert client.post(f"/beheer/consultaties/{slug}/volgende-versie", data=data).status_code == 302
    round_world.consultation.contact_name = "Vera Jansen"
    session.commit()
    assert 'value="Vera Jansen"' in client.get(f"/beheer/consultaties/{slug}/volgende-versie").text


def test_starting_rounds_is_rate_limited(client, login, round_world, session):
    document = round_world.consultation.document_version.document
    login(round_world.users["official_a"])
    url = f"/beheer/documenten/{document.id}/versie/1/feedbackronde"
    data = round_data(client.get(url).text, title="")  # refused, so nothing is saved
    codes = [client.post(url, data=data).status_code for _ in range(61)]
    assert codes[-1] == 429 and 429 not in codes[:60]
