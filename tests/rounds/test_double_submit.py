"""A partner's comment sent twice (a double click) is one comment in the draft."""
import sqlalchemy as sa

from consult.rounds.models import DraftComment
from tests.conftest import csrf_token, submission_key
from tests.rounds.test_views import round_url


def test_a_comment_sent_twice_is_in_the_draft_once(client, login, round_world, session):
    login(round_world.users["partner_x"])
    page = client.get(round_url(round_world, round_world.x)).text
    data = {"csrf_token": csrf_token(page), "submission_key": submission_key(page), "section": "", "body": "Dubbelklik-opmerking"}
    first = client.post(round_url(round_world, round_world.x, "/opmerkingen"), data=data)
    second = client.post(round_url(round_world, round_world.x, "/opmerkingen"), data=data)
    assert first.status_code == second.status_code == 302 and first.headers["Location"] == second.headers["Location"]
    assert session.scalars(sa.select(DraftComment.body)).all() == ["Dubbelklik-opmerking"]
