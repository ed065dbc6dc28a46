"""The werkatelier's pages run the same number of queries with many registrations and cards as with a few
(bench/workshops.py measures them at 500 registrations and 2,000 cards): registrations, tables, cards and
their writers are loaded per list, not per row."""
from consult.core.db import utcnow
from consult.workshops.models import CardKind, RegistrationStatus, Workshop
from consult.workshops.services import add_card, register
from tests.conftest import token_of
from tests.rounds.test_query_counts import counted_queries
from tests.workshops.conftest import during, person

counter = iter(range(1, 10_000))


def grow(app, session, workshop, people: int, cards: int) -> str:
    """``people`` more registrations over both sessions (more than fit: some wait), each with a table, and
    ``cards`` more cards; returns the token of someone with a place."""
    with app.test_request_context():
        made = [register(workshop.sessions[n % 2], person(next(counter)), utcnow()) for n in range(people)]
        placed = [r for r in made if r.status is RegistrationStatus.CONFIRMED]
        for n, registration in enumerate(made):
            registration.tables = [workshop.tables[n % 2]]
        for n in range(cards):
            add_card(placed[n % len(placed)], workshop.tables[0], list(CardKind)[n % 3], f"Kaartje {n}",
                     during(placed[n % len(placed)].session))
    session.commit()
    return token_of(placed[0])


def test_the_werkatelier_pages_do_not_grow_in_queries(app, client, login, session, make_workshop, make_user):
    workshop = make_workshop(capacity=12, sessions=2)  # the last growth fills it: some wait
    token = grow(app, session, workshop, 4, 3)
    table, first = workshop.tables[0].id, workshop.sessions[0].id
    manage = f"/beheer/werkateliers/{workshop.slug}"
    urls = (f"/werkateliers/{workshop.slug}", f"/werkateliers/{workshop.slug}/aanmelden", manage,
            f"{manage}/sessies/{first}/aanmeldingen", f"{manage}/sessies/{first}/aanmeldingen.csv",
            f"{manage}/sessies/{first}/presentielijst.pdf", f"{manage}/sessies/{first}/badges.pdf",
            f"/werkateliers/deelnemer/{token}/tafels/{table}", f"/werkateliers/deelnemer/{token}/tafels/{table}/kaartjes")
    login(make_user(official_of=workshop.consultation.organisation))
    workshop_id = workshop.id

    def measured(url: str) -> int:
        # Requests share the test's session: each measured request starts from an empty identity map, so an
        # object loaded by an earlier request or by the test is not found there on one side only.
        client.get(url)
        session.expunge_all()
        with counted_queries(app) as statements:
            assert client.get(url).status_code == 200
        return len(statements)
    for shows_names in (False, True):
        session.get(Workshop, workshop_id).tables[0].shows_names = shows_names
        session.commit()
        small = [measured(url) for url in urls]
        grow(app, session, session.get(Workshop, workshop_id), 16, 30)
        large = [measured(url) for url in urls]
        assert large == small, (shows_names, dict(zip(urls, zip(small, large, strict=True), strict=True)))
