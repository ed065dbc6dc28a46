"""Input cards at a table: participants with a place add them by the link in their mail (no log-in), the
others see them with or without names as the facilitator chose, and the list refreshes itself."""
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from consult.core.db import utcnow
from consult.mail.models import OutboxMessage
from consult.workshops.models import CardKind, InputCard
from consult.workshops.services import NotAtThisTable, add_card, register
from tests.conftest import csrf_token
from tests.workshops.conftest import during, person


def test_only_people_with_a_place_add_cards(app_context, session, make_workshop):
    workshop, other = make_workshop(capacity=1), make_workshop()
    holder, waiting = (register(workshop.sessions[0], person(n), utcnow()) for n in (1, 2))
    card = add_card(holder, workshop.tables[0], CardKind.PROBLEM, "Te weinig woningen.", during(workshop.sessions[0]))
    assert card.id
    with pytest.raises(NotAtThisTable):
        add_card(waiting, workshop.tables[0], CardKind.IDEA, "Idee", utcnow())
    with pytest.raises(NotAtThisTable):
        add_card(holder, other.tables[0], CardKind.IDEA, "Idee", utcnow())


def test_a_participant_adds_a_card_by_the_link_in_the_mail_and_names_show_as_chosen(client, session, login, make_workshop, make_user):
    # Cards are added from an hour before the start: this session starts in half an hour.
    workshop = make_workshop(starts=utcnow().replace(microsecond=0) + timedelta(minutes=30))
    with client.application.test_request_context():
        register(workshop.sessions[0], person(1), utcnow())
        register(workshop.sessions[0], person(2), utcnow())
    session.commit()
    mail = session.scalar(sa.select(OutboxMessage).where(OutboxMessage.recipient == "deelnemer1@example.org"))
    link = re.search(r"http://consult\.test(/werkateliers/deelnemer/\S+/tafels/\d+)", mail.body_text).group(1)
    page = client.get(link)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert 'data-refresh-url="' in page.text and re.search(r"js/cards(\.[0-9a-f]+)?\.js", page.text)
    refused = client.post(link, data={"csrf_token": csrf_token(page.text), "kind": "idea", "text": ""})
    assert refused.status_code == 400 and "utrecht-form-field-error-message" in refused.text
    assert client.post(link, data={"csrf_token": csrf_token(page.text), "kind": "action", "text": "Een regionaal meldpunt."}).status_code == 302
    assert session.scalar(sa.select(InputCard.text)) == "Een regionaal meldpunt."
    listing = client.get(link + "/kaartjes").text
    assert "Een regionaal meldpunt." in listing and "Deelnemer 1" not in listing  # without names by default
    login(make_user(official_of=workshop.consultation.organisation))
    table = workshop.tables[0]
    token = csrf_token(client.get(f"/beheer/werkateliers/{workshop.slug}").text)
    assert client.post(f"/beheer/werkateliers/{workshop.slug}/tafels/{table.id}/namen",
                       data={"csrf_token": token, "names": "show"}).status_code == 302
    manage = client.get(f"/beheer/werkateliers/{workshop.slug}").text
    assert "Kaartjes van daarvoor blijven zonder naam" in manage
    anonymous = client.application.test_client()
    # The card written under "without your name" stays without it (finding 5 of the second outside test)...
    assert "Deelnemer 1" not in anonymous.get(link + "/kaartjes").text
    # ...a card written after the switch, under "with your name", shows it.
    page = anonymous.get(link)
    assert "De anderen aan deze tafel zien uw naam bij uw kaartje." in page.text
    assert anonymous.post(link, data={"csrf_token": csrf_token(page.text), "kind": "idea", "text": "Later kaartje."}).status_code == 302
    listing = anonymous.get(link + "/kaartjes").text
    assert listing.count("Deelnemer 1") == 1 and listing.index("Later kaartje.") > listing.index("Deelnemer 1") - 400
    assert anonymous.get("/werkateliers/deelnemer/made-up/tafels/1").status_code == 404


def test_a_person_finds_their_cards_in_their_own_data(app_context, session, make_workshop):
    from consult.privacy.services import personal_data

    workshop = make_workshop()
    registration = register(workshop.sessions[0], person(1), utcnow())
    add_card(registration, workshop.tables[1], CardKind.IDEA, "Een wijkteam per gemeente.", during(workshop.sessions[0]))
    cards = personal_data("deelnemer1@example.org")["workshop_registrations"][0]["cards"]
    assert [(c["table"], c["kind"], c["text"]) for c in cards] == [("Zorg en Veiligheid", "idea", "Een wijkteam per gemeente.")]
