"""The verslag's last day has bounds and is not in the past (findings 2 and 16); votes of a cancelled
registration no longer count (finding 21)."""
from datetime import timedelta

import pytest

from consult.core.db import utcnow
from consult.core.i18n import AMSTERDAM
from consult.outcomes.queries import vote_counts
from consult.outcomes.services import cast_vote
from consult.workshops.models import RegistrationStatus
from tests.conftest import csrf_token
from tests.outcomes.conftest import add_idea, open_verslag


@pytest.mark.parametrize(("day", "message"), [("9999-12-31", "Vul een datum in tussen 2000 en 2100."),
                                              ("0001-01-01", "Vul een datum in tussen 2000 en 2100."),
                                              ("2020-01-01", "Deze dag is voorbij. Vul vandaag of een latere dag in.")])
def test_the_verslag_last_day_is_checked_beside_the_field(world, session, client, login, make_user, day, message):
    login(make_user(official_of=world.municipality))
    url = f"/beheer/werkateliers/{world.workshop.slug}/uitkomsten"
    token = csrf_token(client.get(url).text)
    response = client.post(f"{url}/verslag", data={"csrf_token": token, "votes_per_person": "3", "comments_until": day})
    assert response.status_code == 400 and message in response.text


def test_a_saved_past_day_can_be_saved_again(world, session, client, login, make_user):
    verslag = open_verslag(session, world.workshop)
    verslag.comments_until = utcnow() - timedelta(days=3)
    session.commit()
    login(make_user(official_of=world.municipality))
    url = f"/beheer/werkateliers/{world.workshop.slug}/uitkomsten"
    page = client.get(url).text
    saved = (utcnow() - timedelta(days=3)).astimezone(AMSTERDAM).date()
    response = client.post(f"{url}/verslag", data={"csrf_token": csrf_token(page), "votes_per_person": "3",
                                                   "comments_until": saved.isoformat(), "publish": "y"})
    assert response.status_code == 302


def test_votes_of_a_cancelled_registration_no_longer_count(world, session, app):
    verslag = open_verslag(session, world.workshop)
    idea = add_idea(session, world.workshop, world.workshop.tables[0])
    with app.test_request_context():
        for registration in world.participants[:2]:
            cast_vote(registration, verslag, idea, utcnow())
        session.commit()
        assert vote_counts(world.workshop) == {idea.id: 2}
        # The cancel link refuses once the session began (test_after_the_start); a row cancelled
        # otherwise (an official, data from before that rule) still counts no more.
        world.participants[0].status = RegistrationStatus.CANCELLED
        session.commit()
    assert vote_counts(world.workshop) == {idea.id: 1}
