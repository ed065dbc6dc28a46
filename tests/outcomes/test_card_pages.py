"""A table's cards are shown per session and 50 to a page (tester finding 20): the official's pages to pick
an outcome's cards, the participant's table page and its refreshing list. A tick counts for the page it is
on: saving one page of an outcome's cards leaves its cards on other pages and in other sessions alone."""
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from consult.core.db import utcnow
from consult.outcomes.models import WorkshopOutcome
from consult.outcomes.queries import CARDS_PER_PAGE
from consult.workshops.models import CardKind, InputCard
from consult.workshops.services import add_card, register
from tests.conftest import csrf_token, token_of
from tests.outcomes.conftest import add_idea
from tests.rounds.test_query_counts import queries_for
from tests.workshops.conftest import during, person


@pytest.fixture
def two_sessions(app, session, make_workshop):
    """A werkatelier of two sessions, both held by now, with a participant in each; 120 cards at table
    Wonen in the second session and 3 in the first."""
    workshop = make_workshop(capacity=5, sessions=2)
    first, second = workshop.sessions
    wonen = workshop.tables[0]
    with app.test_request_context():
        early, late = register(first, person(1), utcnow()), register(second, person(2), utcnow())
        for n in range(3):
            add_card(early, wonen, CardKind.PROBLEM, f"Eerste sessie {n}", during(first))
        for n in range(120):
            add_card(late, wonen, CardKind.IDEA, f"Tweede sessie {n:03d}", during(second))
    now = utcnow()
    first.starts_at, first.ends_at = now - timedelta(days=14), now - timedelta(days=14) + timedelta(hours=3)
    second.starts_at, second.ends_at = now - timedelta(days=7), now - timedelta(days=7) + timedelta(hours=3)
    session.commit()
    return workshop, early, late


def _cards(session, text_like: str) -> list[InputCard]:
    return list(session.scalars(sa.select(InputCard).where(InputCard.text.like(text_like)).order_by(InputCard.id)))


def _shown(page: str) -> list[str]:
    return re.findall(r"(?:Eerste|Tweede) sessie \d+", page)


def test_the_official_sees_one_session_at_a_time_fifty_to_a_page(client, login, make_user, two_sessions):
    workshop, _early, _late = two_sessions
    first, second = workshop.sessions
    login(make_user(official_of=workshop.consultation.organisation))
    url = f"/beheer/werkateliers/{workshop.slug}/uitkomsten/tafels/{workshop.tables[0].id}"
    page = client.get(url)  # the latest held session: the second
    assert page.status_code == 200
    assert _shown(page.text) == [f"Tweede sessie {n:03d}" for n in range(CARDS_PER_PAGE)]
    assert f"sessie={first.id}" in page.text and "pagina=2" in page.text
    last = client.get(f"{url}?sessie={second.id}&pagina=3")
    assert _shown(last.text) == [f"Tweede sessie {n:03d}" for n in range(100, 120)]
    assert _shown(client.get(f"{url}?sessie={second.id}&pagina=99").text) == _shown(last.text)  # kept within the pages
    earlier = client.get(f"{url}?sessie={first.id}")
    assert _shown(earlier.text) == ["Eerste sessie 0", "Eerste sessie 1", "Eerste sessie 2"]
    assert client.get(f"{url}?sessie=999999").status_code == 404


def test_saving_one_page_keeps_the_cards_picked_on_other_pages_and_sessions(client, login, make_user, session,
                                                                           two_sessions):
    workshop, _early, _late = two_sessions
    first, second = workshop.sessions
    wonen = workshop.tables[0]
    from_first, later = _cards(session, "Eerste sessie%"), _cards(session, "Tweede sessie%")
    outcome = add_idea(session, workshop, wonen, "Meer kleine woningen", cards=[from_first[0], later[0], later[60]])
    login(make_user(official_of=workshop.consultation.organisation))
    url = f"/beheer/werkateliers/{workshop.slug}/uitkomsten/{outcome.id}/bewerken"
    page = client.get(f"{url}?sessie={second.id}&pagina=2")
    assert f'value="{later[60].id}" id="kaartje-{later[60].id}" checked' in page.text
    assert f'action="{url}?sessie={second.id}&amp;pagina=2"' in page.text
    # On page 2: card 60 un-ticked, card 61 ticked.
    response = client.post(f"{url}?sessie={second.id}&pagina=2", data={
        "csrf_token": csrf_token(page.text), "table": str(wonen.id), "kind": "idea", "text": "Meer kleine woningen",
        "scope": "local", "cards": [str(later[61].id)]})
    assert response.status_code == 302
    session.expire_all()
    assert {c.id for c in outcome.cards} == {from_first[0].id, later[0].id, later[61].id}


def test_a_new_outcome_takes_the_ticked_cards_of_the_page(client, login, make_user, session, two_sessions):
    workshop, _early, _late = two_sessions
    first = workshop.sessions[0]
    wonen = workshop.tables[0]
    from_first = _cards(session, "Eerste sessie%")
    login(make_user(official_of=workshop.consultation.organisation))
    url = f"/beheer/werkateliers/{workshop.slug}/uitkomsten/tafels/{wonen.id}?sessie={first.id}"
    page = client.get(url)
    refused = client.post(url + "&pagina=1", data={"csrf_token": csrf_token(page.text), "table": str(wonen.id), "kind": "idea",
                                                   "text": "", "scope": "local", "cards": [str(from_first[1].id)]})
    assert refused.status_code == 400 and f'id="kaartje-{from_first[1].id}" checked' in refused.text
    assert _shown(refused.text) == ["Eerste sessie 0", "Eerste sessie 1", "Eerste sessie 2"]
    client.post(url + "&pagina=1", data={"csrf_token": csrf_token(page.text), "table": str(wonen.id), "kind": "idea",
                                         "text": "Een loket", "scope": "local", "cards": [str(from_first[1].id)]})
    outcome = session.scalar(sa.select(WorkshopOutcome).where(WorkshopOutcome.text == "Een loket"))
    assert [c.id for c in outcome.cards] == [from_first[1].id]


def test_a_participant_sees_the_cards_of_their_own_session_only(client, two_sessions):
    workshop, early, late = two_sessions
    wonen = workshop.tables[0]
    for registration, own, other in ((early, "Eerste sessie 0", "Tweede sessie"), (late, "Tweede sessie 000", "Eerste sessie")):
        for url in (f"/werkateliers/deelnemer/{token_of(registration)}/tafels/{wonen.id}",
                    f"/werkateliers/deelnemer/{token_of(registration)}/tafels/{wonen.id}/kaartjes"):
            page = client.get(url)
            assert page.status_code == 200 and own in page.text and other not in page.text, url


def test_the_card_pages_run_the_same_queries_on_every_page_and_with_more_cards(app, client, login, make_user, session,
                                                                             two_sessions):
    workshop, _early, late = two_sessions
    second = workshop.sessions[1]
    wonen = workshop.tables[0]
    outcome = add_idea(session, workshop, wonen, "Idee", cards=_cards(session, "Tweede sessie 00%"))
    login(make_user(official_of=workshop.consultation.organisation))
    table = f"/beheer/werkateliers/{workshop.slug}/uitkomsten/tafels/{wonen.id}?sessie={second.id}&pagina="
    edit = f"/beheer/werkateliers/{workshop.slug}/uitkomsten/{outcome.id}/bewerken?sessie={second.id}&pagina="
    before = [queries_for(app, client, f"{base}{n}") for base in (table, edit) for n in (1, 3)]
    with app.test_request_context():
        for n in range(200):
            add_card(late, wonen, CardKind.ACTION, f"Nog een {n}", during(second))
    session.commit()
    after = [queries_for(app, client, f"{base}{n}") for base in (table, edit) for n in (1, 5)]
    assert before == after and before[0] == before[1]
