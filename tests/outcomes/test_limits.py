"""Rate limits on the outcome forms: reactions on the verslag 30 an hour, votes 60 an hour, the official's forms 60 an hour."""
from tests.conftest import csrf_token, token_of
from tests.outcomes.conftest import add_idea, open_verslag


def test_reactions_on_the_verslag_are_limited_to_30_an_hour(client, session, world):
    open_verslag(session, world.workshop)
    url = f"/werkateliers/deelnemer/{token_of(world.participants[0])}/verslag"
    token = csrf_token(client.get(url).text)
    statuses = [client.post(f"{url}/reageren", data={"csrf_token": token, "outcome": "", "text": f"Reactie {n}"}).status_code
                for n in range(31)]
    assert statuses[:30] == [302] * 30 and statuses[30] == 429


def test_votes_are_limited_to_60_an_hour(client, session, world):
    open_verslag(session, world.workshop)
    idea = add_idea(session, world.workshop, world.workshop.tables[0])
    url = f"/werkateliers/deelnemer/{token_of(world.participants[0])}/verslag"
    token = csrf_token(client.get(url).text)
    statuses = [client.post(f"{url}/stemmen/{idea.id}", data={"csrf_token": token, "intrekken": str(n % 2)}).status_code
                for n in range(61)]
    assert statuses[:60] == [302] * 60 and statuses[60] == 429


def test_the_officials_outcome_form_is_limited_to_60_an_hour(client, login, session, world, make_user):
    login(make_user(official_of=world.municipality))
    url = f"/beheer/werkateliers/{world.workshop.slug}/uitkomsten/tafels/{world.workshop.tables[0].id}"
    token = csrf_token(client.get(url).text)
    statuses = [client.post(url, data={"csrf_token": token, "table": str(world.workshop.tables[0].id), "kind": "idea",
                                       "text": f"Uitkomst {n}", "scope": "regional"}).status_code for n in range(61)]
    assert statuses[:60] == [302] * 60 and statuses[60] == 429


def test_changing_removing_and_judging_are_limited_to_60_an_hour(client, login, session, world, make_user):
    from consult.core.db import utcnow
    from consult.outcomes.models import OutcomeComment
    from consult.outcomes.services import cast_vote

    verslag = open_verslag(session, world.workshop)
    idea = add_idea(session, world.workshop, world.workshop.tables[0])
    voted = add_idea(session, world.workshop, world.workshop.tables[0], "Met een stem")
    cast_vote(world.participants[0], verslag, voted, utcnow())
    comment = OutcomeComment(workshop_id=world.workshop.id, registration_id=world.participants[0].id, text="Goed")
    session.add(comment)
    session.commit()
    login(make_user(official_of=world.municipality))
    url = f"/beheer/werkateliers/{world.workshop.slug}/uitkomsten"
    token = csrf_token(client.get(url).text)
    change = {"csrf_token": token, "table": str(world.workshop.tables[0].id), "kind": "idea", "scope": "local", "text": ""}
    for target, data, ok in ((f"{url}/{idea.id}/bewerken", change, 400),  # no text: refused, but counted
                             (f"{url}/{voted.id}/verwijderen", {"csrf_token": token}, 409),  # voted: refused, but counted
                             (f"{url}/reacties/{comment.id}", {"csrf_token": token, "besluit": "goedkeuren"}, 302)):
        statuses = [client.post(target, data=data).status_code for _ in range(61)]
        assert statuses[:60] == [ok] * 60 and statuses[60] == 429, target
