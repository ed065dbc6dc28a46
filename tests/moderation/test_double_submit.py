"""A reaction typed in by an official and sent twice (a double click) is one reaction with one kenmerk."""
import sqlalchemy as sa

from consult.reactions.models import Reaction
from tests.conftest import csrf_token, submission_key
from tests.moderation.test_paper_and_decision import paper
from tests.reactions.conftest import MARKDOWN


def test_a_paper_reaction_sent_twice_is_saved_once(client, session, login, make_consultation, make_user):
    consultation = make_consultation(markdown=MARKDOWN)
    login(make_user(official_of=consultation.organisation))
    url = f"/beheer/consultaties/{consultation.slug}/reactie-invoeren"
    page = client.get(url).text
    data = {**paper(), "csrf_token": csrf_token(page), "submission_key": submission_key(page)}
    first, second = client.post(url, data=data), client.post(url, data=data, follow_redirects=True)
    assert first.status_code == 302 and second.status_code == 200
    [reference] = session.scalars(sa.select(Reaction.reference)).all()
    assert f"{reference}" in second.text  # "Reactie ... is opgeslagen.": the same answer as the first send
