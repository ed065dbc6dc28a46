"""Bad input through the outcome forms: the official's outcome forms (new and changed), verslag form and
judgement of a reaction, and the participant's reaction and vote on the verslag (and the approved reactions
shown to another participant). ``corpora.sample()`` for each, the same checks as
test_bad_input_other_forms.py: no 500, no foreign markup, and a refused form shows exactly what was typed."""
from urllib.parse import quote

from consult.core.forms import clean_text
from tests.conftest import csrf_token, token_of
from tests.outcomes.conftest import add_idea, open_verslag, world  # noqa: F401  (the fixture)
from tests.security.corpora import sample
from tests.security.test_bad_input_other_forms import (  # noqa: F401  (fixtures)
    Results,
    no_rate_limits,
    quiet_access_log,
    rotated,
)
from tests.workshops.conftest import make_workshop  # noqa: F401  (the fixture)


def shown_back(data: dict, names) -> dict:
    return {name: clean_text(data[name]) for name in names}


def test_the_officials_outcome_and_verslag_forms(client, login, session, world, make_user, no_rate_limits):  # noqa: F811
    login(make_user(official_of=world.municipality))
    url = f"/beheer/werkateliers/{world.workshop.slug}/uitkomsten"
    token = csrf_token(client.get(url).text)
    wonen = str(world.workshop.tables[0].id)
    changed = add_idea(session, world.workshop, world.workshop.tables[0], "Te wijzigen")
    judged = add_comment_for(session, world)
    strings, results = sample(), Results()
    for n in range(len(strings)):
        data = rotated(strings, n, ("text", "proposed_owner", "table", "kind", "scope", "cards", "municipalities"))
        # Every 25th string goes in a valid outcome (stored, then shown): each stored outcome makes the
        # pages after it longer, and CI sends hundreds of strings.
        if n % 25 == 0:
            data.update(table=wonen, kind="idea", scope="local", cards=str(world.cards[0].id), municipalities=str(world.municipality.id),
                        proposed_owner=f"organisation:{world.municipality.id}" if n % 2 else "")
        for target in (f"{url}/tafels/{wonen}", f"{url}/{changed.id}/bewerken"):
            response = results.send(f"outcome {target}, sample string {n}", client.post, target, data={**data, "csrf_token": token})
            if response is not None and response.status_code == 400:
                results.send(f"outcome shown back, sample string {n}", lambda u, r=response, **k: r, target,
                             shows=shown_back(data, ("text",)))
        results.send(f"judgement, sample string {n}", client.post, f"{url}/reacties/{judged.id}",
                     data={"besluit": strings[n], "csrf_token": token})
        fields = rotated(strings, n, ("votes_per_person", "comments_until", "publish"))
        if n % 25 == 0:
            fields.update(votes_per_person="3", comments_until="2099-01-10")
        results.send(f"verslag, sample string {n}", client.post, f"{url}/verslag", data={**fields, "csrf_token": token})
    results.assert_clean({200, 302, 400})
    assert results.send("the page after the corpus", client.get, url).status_code == 200
    assert results.send("the change page after the corpus", client.get, f"{url}/{changed.id}/bewerken").status_code == 200
    assert results.send("the table's page after the corpus", client.get, f"{url}/tafels/{wonen}").status_code == 200
    results.assert_clean({200, 302, 400})


def add_comment_for(session, outcome_world):
    from consult.outcomes.models import OutcomeComment

    open_verslag(session, outcome_world.workshop)
    comment = OutcomeComment(workshop_id=outcome_world.workshop.id, registration_id=outcome_world.participants[1].id,
                             text="Goed")
    session.add(comment)
    session.commit()
    return comment


def approve_all(session):
    import sqlalchemy as sa

    from consult.outcomes.models import CommentStatus, OutcomeComment

    session.execute(sa.update(OutcomeComment).values(status=CommentStatus.APPROVED))
    session.commit()


def test_the_participants_reaction_and_vote(client, session, world, no_rate_limits):  # noqa: F811
    open_verslag(session, world.workshop, votes=20)
    idea = add_idea(session, world.workshop, world.workshop.tables[0], "Een idee")
    url = f"/werkateliers/deelnemer/{token_of(world.participants[0])}/verslag"
    token = csrf_token(client.get(url).text)
    strings, results = sample(), Results()
    for n in range(len(strings)):
        data = {"outcome": "" if n % 3 else strings[n], "text": strings[n]}
        response = results.send(f"reaction, sample string {n}", client.post, f"{url}/reageren", data={**data, "csrf_token": token})
        if response is not None and response.status_code == 400 and n % 3:
            results.send(f"reaction shown back, sample string {n}", lambda u, **k: response, url, shows=shown_back(data, ("text",)))
        results.send(f"vote, sample string {n}", client.post, f"{url}/stemmen/{idea.id}",
                     data={"intrekken": strings[n], "csrf_token": token})
    results.assert_clean({302, 303, 400})
    assert results.send("the verslag after the corpus", client.get, url).status_code == 200
    approve_all(session)
    other = f"/werkateliers/deelnemer/{token_of(world.participants[1])}/verslag"
    assert results.send("the approved reactions, to another participant", client.get, other).status_code == 200
    for n, text in enumerate(sample()[:40]):
        results.send(f"mangled link, sample string {n}", client.get, f"/werkateliers/deelnemer/{quote(text, safe='')}/verslag")
    results.assert_clean({200, 302, 303, 400, 404, 308})
