"""The outcomes page and the verslag run the same number of queries with many outcomes, cards, votes and
reactions as with a few: they are loaded per list, not per outcome."""
from consult.core.db import utcnow
from consult.outcomes.services import add_comment, cast_vote
from tests.outcomes.conftest import add_idea, open_verslag
from tests.rounds.test_query_counts import queries_for


def grow(session, world, verslag, count: int) -> None:
    for n in range(count):
        table = world.workshop.tables[n % 2]
        idea = add_idea(session, world.workshop, table, f"Idee {count}-{n}", cards=[c for c in world.cards if c.table_id == table.id])
        idea.municipalities = [world.municipality]
        add_comment(world.participants[n % 3], verslag, idea, f"Reactie {n}", utcnow())
    session.commit()


def test_the_pages_do_not_grow_in_queries_with_the_outcomes(app, client, login, session, world, make_user):
    verslag = open_verslag(session, world.workshop, votes=20)
    me = world.participants[0]
    urls = (f"/beheer/werkateliers/{world.workshop.slug}/uitkomsten", f"/werkateliers/deelnemer/{me.token}/verslag")
    login(make_user(official_of=world.municipality))
    grow(session, world, verslag, 4)
    cast_vote(me, verslag, add_idea(session, world.workshop, world.workshop.tables[0], "Met stem"), utcnow())
    session.commit()
    small = [queries_for(app, client, url) for url in urls]
    grow(session, world, verslag, 16)
    large = [queries_for(app, client, url) for url in urls]
    assert large == small, dict(zip(urls, zip(small, large, strict=True), strict=True))
