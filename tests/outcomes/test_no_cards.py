"""An outcome written without cards (tester finding: "Uit 0 kaartjes.")."""
from tests.outcomes.conftest import add_idea


def test_an_outcome_without_cards_does_not_say_from_zero_cards(client, session, login, make_user, world):
    add_idea(session, world.workshop, world.workshop.tables[0], text="Zonder kaartjes")
    add_idea(session, world.workshop, world.workshop.tables[0], text="Met een kaartje", cards=world.cards[:1])
    login(make_user(official_of=world.municipality))
    page = client.get(f"/beheer/werkateliers/{world.workshop.slug}/uitkomsten")
    assert page.status_code == 200 and "Uit 1 kaartje." in page.text and "Uit 0 kaartjes" not in page.text
