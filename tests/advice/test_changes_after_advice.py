"""An adviesraad that gave formal advice (not comments) on version 1 sees, in the round on version 2,
what changed since version 1 and the answers to its advice points."""
import sqlalchemy as sa

from consult.consultations.models import Audience, Consultation, ConsultationKind
from consult.core.db import utcnow
from consult.documents.services import add_version_from_markdown
from consult.rounds.models import FeedbackRound, RoundInvitation
from consult.rounds.queries import comparison_for
from tests.advice.conftest import given_advice
from tests.rounds.conftest import MARKDOWN

VERSION_2 = MARKDOWN.replace("Genoeg woningen voor iedereen.", "Genoeg betaalbare woningen voor iedereen.")


def round_on_version_2(session, world) -> tuple[Consultation, RoundInvitation]:
    first = world.round
    version_2 = add_version_from_markdown(first.document_version.document, VERSION_2)
    second = Consultation(organisation=first.organisation, kind=ConsultationKind.PARTNER_ROUND, audience=Audience.INVITED,
                          state=first.state, slug="feedbackronde-versie-2", title="Feedbackronde agenda – versie 2",
                          reference_prefix="RNDB", document_version=version_2, opens_at=first.opens_at,
                          closes_at=first.closes_at)
    invitation = RoundInvitation(round=FeedbackRound(consultation=second), organisation=world.council, invited_at=utcnow())
    session.add_all([second, invitation])
    session.commit()
    return second, invitation


def test_advice_on_the_earlier_version_opens_the_comparison(client, login, advice_world, session):
    advice = given_advice(session, advice_world, points=2, answered=1)
    second, invitation = round_on_version_2(session, advice_world)
    old, new = comparison_for(invitation)
    assert (old.number, new.number) == (1, 2)
    login(advice_world.users["member_c"])
    page = client.get(f"/rondes/{second.slug}/{advice_world.council.slug}")
    assert "Wat is er veranderd sinds versie 1" in page.text
    changes = client.get(f"/rondes/{second.slug}/{advice_world.council.slug}/wijzigingen")
    assert changes.status_code == 200
    assert "betaalbare" in changes.text
    assert f"({advice.reference})" in changes.text
    assert "Adviespunt nummer 1." in changes.text and "Zo doen we het." in changes.text
    assert "Adviespunt nummer 2." in changes.text and "Nog niet beantwoord" in changes.text
    assert "heeft geen opmerkingen ingediend" not in changes.text
    assert "Wat is er veranderd sinds versie 1" in client.get("/mijn-organisatie").text


def test_a_concept_advice_does_not_count(client, login, advice_world, session):
    advice = given_advice(session, advice_world)
    advice.submitted_at, advice.state = None, advice.state.CONCEPT
    session.commit()
    _second, invitation = round_on_version_2(session, advice_world)
    assert comparison_for(invitation) is None
    assert session.scalar(sa.select(sa.func.count()).select_from(RoundInvitation)) == 3
