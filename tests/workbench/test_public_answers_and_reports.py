"""Issue 16: once the reactienota is published each published reaction shows its answer on the public
pages; after the decision nobody is offered "Meld deze reactie" (nobody moderates any more)."""
import sqlalchemy as sa

from consult.answers.models import Answer, Outcome, Point
from consult.consultations.models import State
from consult.reactions.counters import recount
from consult.reactions.models import ReactionReport, ReactionStatus
from tests.conftest import csrf_token


def published(session, make_consultation, make_reaction, state):
    consultation = make_consultation(opens_in_days=-60, closes_in_days=-10)
    whole = make_reaction(consultation, body="Het buurthuis moet open blijven.", status=ReactionStatus.APPROVED)
    pointed = make_reaction(consultation, body="Twee dingen.", status=ReactionStatus.APPROVED)
    answer = Answer(consultation_id=consultation.id, body="Het buurthuis blijft open.", outcome=Outcome.ADOPTED)
    point_answer = Answer(consultation_id=consultation.id, body="Dat nemen we mee.", outcome=Outcome.NOTED)
    session.add_all([answer, point_answer])
    session.flush()
    whole.answer_id = answer.id
    session.add(Point(reaction=pointed, number=1, summary="Eerste ding", answer_id=point_answer.id))
    recount(consultation)
    consultation.state = state
    session.commit()
    return consultation, whole


def test_the_answer_shows_beside_each_reaction_once_the_nota_is_published(client, session, make_consultation,
                                                                         make_reaction):
    consultation, _whole = published(session, make_consultation, make_reaction, State.PUBLISHED)
    before = client.get(f"/consultaties/{consultation.slug}/reacties").text
    assert "Het buurthuis blijft open." not in before  # answers are the municipality's working text until then

    consultation.state = State.PROCESSED
    session.commit()
    for url in (f"/consultaties/{consultation.slug}/reacties", f"/consultaties/{consultation.slug}"):
        page = client.get(url).text
        assert "Antwoord van" in page and "(Overgenomen):" in page and "Het buurthuis blijft open." in page, url
        assert "Antwoord op deelpunt 1 (Kennisgenomen):" in page and "Dat nemen we mee." in page, url


def test_a_decided_consultation_offers_no_report_and_refuses_one(client, session, make_consultation, make_reaction):
    consultation, whole = published(session, make_consultation, make_reaction, State.PROCESSED)
    page = client.get(f"/consultaties/{consultation.slug}/reacties").text
    assert "Meld deze reactie" in page

    consultation.state = State.DECIDED
    session.commit()
    page = client.get(f"/consultaties/{consultation.slug}/reacties").text
    assert "Meld deze reactie" not in page
    token = csrf_token(client.get("/wachtwoord-vergeten").text)
    response = client.post(f"/reacties/{whole.id}/melden", data={"csrf_token": token, "reason": "spam"},
                           follow_redirects=True)
    assert "Reacties kunnen niet meer gemeld worden." in response.text
    assert session.scalar(sa.select(sa.func.count()).select_from(ReactionReport)) == 0
