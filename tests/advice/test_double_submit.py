"""An advice point sent twice (a double click) is one point; the second send lands where the first did."""
import sqlalchemy as sa

from consult.advice.models import AdvicePoint
from tests.advice.test_views import advice_url, signed_in
from tests.conftest import csrf_token, submission_key


def test_an_advice_point_sent_twice_is_added_once(app, advice_world, session):
    member = signed_in(app, advice_world.users["member_c"])
    page = member.get(advice_url(advice_world)).text
    data = {"csrf_token": csrf_token(page), "submission_key": submission_key(page), "section": "", "body": "Dubbelklik-punt"}
    first = member.post(advice_url(advice_world, rest="/punten"), data=data)
    second = member.post(advice_url(advice_world, rest="/punten"), data=data)
    assert first.status_code == second.status_code == 302 and first.headers["Location"] == second.headers["Location"]
    assert session.scalars(sa.select(AdvicePoint.body)).all() == ["Dubbelklik-punt"]
