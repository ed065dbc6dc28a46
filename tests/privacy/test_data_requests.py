"""A person sees, downloads and asks to remove their data through a link sent to their address;
officials of the municipality handle the request in the workbench."""
import json
import re
import time

import sqlalchemy as sa

from consult.audit.models import AuditEvent
from consult.mail.models import OutboxMessage
from consult.privacy.models import ErasureRequest, RequestStatus
from consult.reactions.models import Publication
from tests.conftest import csrf_token, submit_form

ADDRESS = "iris@voorbeeld.nl"


def mails_to(session, recipient):
    return session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == recipient)
                           .order_by(OutboxMessage.id)).all()


def access_link(client, session, email=ADDRESS):
    page = submit_form(client, "/mijn-gegevens", {"email": email})
    assert f"We hebben een e-mail gestuurd naar {email}" in page.text
    body = mails_to(session, email)[-1].body_text
    match = re.search(r"https?://[^/\s]+(/mijn-gegevens/\S+)", body)
    return match.group(1) if match else None


def test_a_person_sees_downloads_and_asks_to_remove_their_data(client, session, make_consultation, make_user,
                                                               make_reaction, make_organisation):
    vianen, almere = make_organisation(name="Gemeente Vianen"), make_organisation(name="Gemeente Almere")
    first, second = make_consultation(organisation=vianen), make_consultation(organisation=almere)
    official = make_user(official_of=vianen, email="ambtenaar@vianen.example.org")
    make_reaction(first, body="Meer bankjes in het park.", author_name="Iris de Boer", author_email=ADDRESS,
                  author_place="Vianen")
    make_reaction(second, body="Betere bus naar het ziekenhuis.", author_name="Iris de Boer", author_email=ADDRESS)
    make_reaction(first, body="Iets van iemand anders.", author_name="Piet Bos", author_email="piet@voorbeeld.nl")

    link = access_link(client, session)
    page = client.get(link).text
    assert "Meer bankjes in het park." in page and "Betere bus naar het ziekenhuis." in page
    assert "Iets van iemand anders." not in page and "Vianen" in page

    download = client.get(f"{link}/gegevens.json")
    assert download.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(download.data)
    assert {r["text"] for r in data["reactions"]} == {"Meer bankjes in het park.", "Betere bus naar het ziekenhuis."}
    assert data["reactions"][0]["email"] == ADDRESS

    done = client.post(f"{link}/verwijderen", data={"csrf_token": csrf_token(page), "message": "Graag alles weg."},
                       follow_redirects=True).text
    assert "Uw verzoek is gestuurd naar: Gemeente Almere, Gemeente Vianen." in done
    requests = session.scalars(sa.select(ErasureRequest).order_by(ErasureRequest.id)).all()
    assert [(r.organisation.name, r.message) for r in requests] == [("Gemeente Almere", "Graag alles weg."),
                                                                   ("Gemeente Vianen", "Graag alles weg.")]
    assert "verzoek" in mails_to(session, official.email)[-1].body_text
    again = client.post(f"{link}/verwijderen", data={"csrf_token": csrf_token(page)}, follow_redirects=True).text
    assert "Er is niets nieuws te vragen" in again
    assert session.scalar(sa.select(sa.func.count()).select_from(ErasureRequest)) == 2


def test_the_page_never_tells_whether_an_address_is_known(client, session):
    link = access_link(client, session, "onbekend@voorbeeld.nl")
    assert link is None
    assert "We bewaren geen gegevens over dit adres." in mails_to(session, "onbekend@voorbeeld.nl")[0].body_text


def test_a_bad_address_gets_a_message_beside_the_field_and_is_kept(client):
    page = submit_form(client, "/mijn-gegevens", {"email": "iris@"})
    assert page.status_code == 400
    assert "Dit is geen geldig e-mailadres" in page.text and 'value="iris@"' in page.text


def test_a_forged_or_old_link_shows_nothing(client, app):
    page = client.get("/mijn-gegevens/niet-echt", follow_redirects=True)
    assert "Deze link is verlopen of niet geldig." in page.text
    assert client.get("/mijn-gegevens/niet-echt/gegevens.json").status_code == 302


def test_an_official_grants_a_request_and_the_person_hears_it(client, session, login, make_consultation, make_user,
                                                             make_reaction):
    consultation = make_consultation()
    official = make_user(official_of=consultation.organisation)
    reaction = make_reaction(consultation, body="Groet, Iris de Boer", author_name="Iris de Boer", author_email=ADDRESS)
    erasure = ErasureRequest(organisation=consultation.organisation, email=ADDRESS, message="Alles weg graag.")
    session.add(erasure)
    session.commit()
    login(official)

    listing = client.get("/beheer/verzoeken").text
    assert f"Verzoek {erasure.id}" in listing
    page = client.get(f"/beheer/verzoeken/{erasure.id}").text
    assert reaction.reference in page and "Alles weg graag." in page
    viewed = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "personal_data_viewed")).one()
    assert viewed.actor_id == official.id and viewed.subject_id == erasure.id

    unconfirmed = client.post(f"/beheer/verzoeken/{erasure.id}", data={"csrf_token": csrf_token(page), "decision": "grant"})
    assert unconfirmed.status_code == 400 and "Dit kan niet ongedaan worden gemaakt." in unconfirmed.text
    assert erasure.is_open
    with client.session_transaction() as browser_session:  # the password was typed an hour ago
        browser_session["auth_at"] = browser_session["login_at"] = time.time() - 3600
    asked = client.post(f"/beheer/verzoeken/{erasure.id}", data={"csrf_token": csrf_token(page), "decision": "grant",
                                                                "confirm": "y"})
    assert asked.status_code == 302 and "/wachtwoord-bevestigen" in asked.headers["Location"] and erasure.is_open
    with client.session_transaction() as browser_session:
        browser_session["auth_at"] = time.time()
    done = client.post(f"/beheer/verzoeken/{erasure.id}", data={"csrf_token": csrf_token(page), "decision": "grant",
                                                               "confirm": "y"}, follow_redirects=True).text
    assert "De persoonsgegevens zijn uit 1 reactie verwijderd." in done
    session.refresh(reaction)
    assert reaction.author_email is None and "Iris" not in reaction.body
    assert reaction.publication is Publication.ANONYMOUS
    assert erasure.status is RequestStatus.DONE and erasure.handled_by_id == official.id
    assert "heeft uw persoonsgegevens verwijderd uit 1 reactie" in mails_to(session, ADDRESS)[-1].body_text


def test_refusing_needs_a_reason_and_keeps_what_was_typed(client, session, login, make_consultation, make_user,
                                                         make_reaction):
    consultation = make_consultation()
    official = make_user(official_of=consultation.organisation)
    make_reaction(consultation, author_email=ADDRESS)
    erasure = ErasureRequest(organisation=consultation.organisation, email=ADDRESS)
    session.add(erasure)
    session.commit()
    login(official)
    url = f"/beheer/verzoeken/{erasure.id}"

    page = client.post(url, data={"csrf_token": csrf_token(client.get(url).text), "decision": "refuse", "reason": ""})
    assert page.status_code == 400 and "Schrijf waarom u de gegevens niet verwijdert." in page.text
    too_long = "Lang verhaal. " * 150
    page = client.post(url, data={"csrf_token": csrf_token(page.text), "decision": "refuse", "reason": too_long})
    assert page.status_code == 400 and "Gebruik maximaal 2.000 tekens." in page.text and too_long.strip() in page.text
    assert erasure.is_open

    reason = "De procedure loopt nog; na het besluit verwijderen we uw gegevens."
    client.post(url, data={"csrf_token": csrf_token(page.text), "decision": "refuse", "reason": reason})
    session.refresh(erasure)
    assert erasure.status is RequestStatus.REFUSED
    assert reason in mails_to(session, ADDRESS)[-1].body_text


def test_an_official_of_another_municipality_cannot_see_the_request(client, session, login, make_consultation,
                                                                    make_user, make_organisation):
    consultation = make_consultation()
    erasure = ErasureRequest(organisation=consultation.organisation, email=ADDRESS)
    session.add(erasure)
    session.commit()
    login(make_user(official_of=make_organisation()))

    assert client.get(f"/beheer/verzoeken/{erasure.id}").status_code == 403
    assert f"Verzoek {erasure.id}" not in client.get("/beheer/verzoeken").text


def test_the_own_data_pages_name_werkatelier_input_besides_reactions(client):
    """Tester (issue 13 leftovers): /mijn-gegevens spoke of reactions only, while it also shows registrations for
    werkateliers, their cards, votes and reactions to a verslag; so does the privacy statement's list."""
    lead = client.get("/mijn-gegevens").text.split("<main", 1)[1]
    statement = client.get("/privacy").text.split("<main", 1)[1]
    for page in (lead, statement):
        assert all(word in page for word in ("werkatelier", "kaartjes", "stemmen", "verslag")), page
