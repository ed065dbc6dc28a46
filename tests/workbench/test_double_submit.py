"""A point of a reaction and an answer, each sent twice (a double click), are made once."""
import sqlalchemy as sa

from consult.answers.models import Answer, Point
from tests.conftest import csrf_token, submission_key
from tests.workbench.test_answers_and_report import closed_consultation_with_reactions


def test_a_point_and_an_answer_sent_twice_are_made_once(client, session, make_consultation, make_user, login, make_reaction):
    consultation, campaign, letter, _private = closed_consultation_with_reactions(make_consultation, make_user, login,
                                                                                  make_reaction, session)
    page = client.get(f"/beheer/reacties/{letter.id}").text
    data = {"csrf_token": csrf_token(page), "submission_key": submission_key(page), "section": "", "summary": "Indiener vraagt geld."}
    first, second = (client.post(f"/beheer/reacties/{letter.id}/deelpunten", data=data) for _ in range(2))
    assert first.status_code == second.status_code == 302 and first.headers["Location"] == second.headers["Location"]
    assert session.scalars(sa.select(Point.summary)).all() == ["Indiener vraagt geld."]

    url = f"/beheer/consultaties/{consultation.slug}/antwoorden/nieuw"
    form = client.get(url, query_string={"reactie": [r.id for r in campaign]}).text
    data = {"csrf_token": csrf_token(form), "submission_key": submission_key(form), "reactie": [r.id for r in campaign],
            "outcome": "not_adopted", "changed_section": "", "body": "Het buurthuis blijft open."}
    first, second = (client.post(url, data=data) for _ in range(2))
    assert first.status_code == second.status_code == 302 and first.headers["Location"] == second.headers["Location"]
    [answer] = session.scalars(sa.select(Answer)).all()
    assert all(r.answer_id == answer.id for r in campaign)
