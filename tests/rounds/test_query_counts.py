"""Fast at the busiest moment: the progress view and a partner's round page run the same number of
queries with many organisations and comments as with a few."""
from contextlib import contextmanager

import sqlalchemy as sa

from consult.answers.models import Answer, Outcome
from consult.core.db import utcnow
from consult.extensions import db
from consult.organisations.models import OrganisationKind
from consult.reactions.models import Channel, Publication, Reaction, ReactionStatus
from consult.rounds.models import DraftComment, GuidingQuestion, QuestionReaction, RoundInvitation
from tests.rounds.conftest import person


@contextmanager
def counted_queries(app):
    statements = []

    def count(*_args):
        statements.append(1)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)


def grow(world, session, make_organisation, invitations: int, drafts: int) -> None:
    """Add organisations (opened, nothing submitted), comments by a new writer, changed by a colleague,
    and as many submitted comments of X, each answering a guiding question and answered (sent)."""
    now = utcnow()
    sections = world.consultation.document_version.sections
    for n in range(invitations):
        organisation = make_organisation(kind=OrganisationKind.WELFARE, name=f"Welzijn {drafts}-{n}")
        session.add(RoundInvitation(round=world.round, organisation=organisation, invited_at=now, opened_at=now))
    writer = person(f"Schrijver{drafts} van X", partner_of=world.x)
    session.add(writer)
    session.flush()
    for n in range(drafts):
        session.add(DraftComment(invitation=world.invitation_x, body=f"Opmerking {n}", created_by_id=writer.id,
                                 section=sections[n % len(sections)] if n % 2 else None,
                                 updated_by_id=world.users["colleague_x"].id, updated_at=now, created_at=now))
    consultation = world.consultation
    for n in range(drafts):
        question = GuidingQuestion(round=world.round, section=sections[n % len(sections)] if n % 2 else None,
                                   text=f"Vraag {drafts}-{n}")
        answer = Answer(consultation_id=consultation.id, body=f"Antwoord {n}", outcome=Outcome.NOTED, sent_at=now)
        reaction = Reaction(consultation=consultation, document_version_id=consultation.document_version_id,
                            section=question.section, reference=f"RND-{drafts}-{n}", channel=Channel.PARTNER_ROUND,
                            status=ReactionStatus.PENDING, publication=Publication.ANONYMOUS, author_name="Sanne",
                            organisation_id=world.x.id, organisation_name=world.x.name, body=f"Ingediend {n}",
                            answer=answer, submitted_at=now)
        session.add_all([question, answer, reaction])
        session.flush()
        session.add(QuestionReaction(reaction_id=reaction.id, question_id=question.id))
    session.commit()


def queries_for(app, client, url) -> int:
    client.get(url)  # warm up: the first request loads what later ones find cached
    with counted_queries(app) as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_the_pages_do_not_grow_in_queries_with_the_round(app, client, login, round_world, session, make_organisation):
    grow(round_world, session, make_organisation, invitations=2, drafts=2)
    login(round_world.users["official_a"])
    progress_url = f"/beheer/consultaties/{round_world.consultation.slug}/ronde"
    round_url = f"/rondes/{round_world.consultation.slug}/{round_world.x.slug}"
    small = queries_for(app, client, progress_url)
    client.post("/uitloggen", data={"csrf_token": _token(client)})
    login(round_world.users["partner_x"])
    small_round = queries_for(app, client, round_url)

    grow(round_world, session, make_organisation, invitations=25, drafts=40)
    assert queries_for(app, client, round_url) == small_round
    client.post("/uitloggen", data={"csrf_token": _token(client)})
    login(round_world.users["official_a"])
    assert queries_for(app, client, progress_url) == small


def _token(client):
    from tests.conftest import csrf_token

    return csrf_token(client.get("/mijn-organisatie").text)
