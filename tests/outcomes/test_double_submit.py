"""The same form sent twice (a double click, a reload of the POST) makes one outcome and one reaction on
the verslag; the second send answers as the first did (consult.core.submission)."""
import sqlalchemy as sa

from consult.outcomes.models import OutcomeComment, WorkshopOutcome
from tests.conftest import csrf_token, submission_key, token_of
from tests.outcomes.conftest import open_verslag


def twice(client, page_url, post_url, data):
    page = client.get(page_url).text
    data = {**data, "csrf_token": csrf_token(page), "submission_key": submission_key(page)}
    return client.post(post_url, data=data), client.post(post_url, data=data)


def test_an_outcome_sent_twice_is_made_once_and_both_answers_lead_to_it(client, login, session, world, make_user):
    login(make_user(official_of=world.municipality))
    table = world.workshop.tables[0]
    url = f"/beheer/werkateliers/{world.workshop.slug}/uitkomsten/tafels/{table.id}"
    first, second = twice(client, url, url, {"table": str(table.id), "kind": "problem",
                                             "text": "Dubbelklik-uitkomst: samen optrekken", "scope": "regional"})
    [outcome] = session.scalars(sa.select(WorkshopOutcome)).all()
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert first.headers["Location"].endswith(f"#uitkomst-{outcome.id}")


def test_a_reaction_on_the_verslag_sent_twice_is_stored_once(client, session, world):
    open_verslag(session, world.workshop)
    url = f"/werkateliers/deelnemer/{token_of(world.participants[0])}/verslag"
    first, second = twice(client, url, f"{url}/reageren", {"outcome": "", "text": "Dubbelklik-reactie op het verslag"})
    assert first.status_code == second.status_code == 302
    assert session.scalar(sa.select(sa.func.count(OutcomeComment.id))) == 1
    assert client.get(url).text.count("Dubbelklik-reactie op het verslag") == 1
