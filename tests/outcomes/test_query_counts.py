"""The outcomes pages and the verslag run the same number of queries with many outcomes, cards, votes and
reactions as with a few: they are loaded per list, not per outcome. The officials' outcomes page does not
grow with the cards at all: it counts them per table, and each table's own page lists that table's cards."""
import re

from consult.core.db import utcnow
from consult.outcomes.services import add_comment, cast_vote
from consult.workshops.models import CardKind
from consult.workshops.services import add_card
from tests.conftest import token_of
from tests.outcomes.conftest import add_idea, open_verslag
from tests.rounds.test_query_counts import queries_for
from tests.workshops.conftest import during


def grow(app, session, world, verslag, count: int) -> None:
    with app.test_request_context():
        for n in range(count):
            table = world.workshop.tables[n % 2]
            add_card(world.participants[n % 3], table, list(CardKind)[n % 3], f"Kaartje {count}-{n}", during(world.workshop.sessions[0]))
            idea = add_idea(session, world.workshop, table, f"Idee {count}-{n}",
                            cards=[c for c in world.cards if c.table_id == table.id])
            idea.municipalities = [world.municipality]
            add_comment(world.participants[n % 3], verslag, idea, f"Reactie {n}", utcnow())
    session.commit()


def test_the_pages_do_not_grow_in_queries_with_the_outcomes(app, client, login, session, world, make_user):
    verslag = open_verslag(session, world.workshop, votes=20)
    me = world.participants[0]
    manage = f"/beheer/werkateliers/{world.workshop.slug}/uitkomsten"
    first = add_idea(session, world.workshop, world.workshop.tables[0], "Met stem", cards=world.cards[:1])
    urls = (manage, f"{manage}/tafels/{world.workshop.tables[0].id}", f"{manage}/{first.id}/bewerken",
            f"/werkateliers/deelnemer/{token_of(me)}/verslag")
    login(make_user(official_of=world.municipality))
    grow(app, session, world, verslag, 4)
    cast_vote(me, verslag, first, utcnow())
    session.commit()
    small = [queries_for(app, client, url) for url in urls]
    grow(app, session, world, verslag, 16)
    large = [queries_for(app, client, url) for url in urls]
    assert large == small, dict(zip(urls, zip(small, large, strict=True), strict=True))


def test_the_outcomes_page_does_not_grow_with_the_cards(app, client, login, session, world, make_user):
    """More cards change only the counts on the outcomes page, not its size: no card is listed there."""
    login(make_user(official_of=world.municipality))
    manage = f"/beheer/werkateliers/{world.workshop.slug}/uitkomsten"

    def page() -> str:
        # Every CSRF field goes, whatever its attribute order: its token is signed with the time, to the second.
        return re.sub(r"\d+", "#", re.sub(r"<input[^>]*csrf_token[^>]*>", "", client.get(manage).text))

    def add_cards(count: int) -> None:
        with app.test_request_context():
            for n in range(count):
                add_card(world.participants[n % 3], world.workshop.tables[n % 2], CardKind.IDEA, f"Nog een kaartje {n}",
                         during(world.workshop.sessions[0]))
        session.commit()

    add_cards(2)  # every table has several cards: the same plural before and after
    before = page()
    add_cards(30)
    assert "Nog een kaartje" not in page() and page() == before
