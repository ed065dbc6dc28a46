"""Fast at the busiest moment: the progress view (with its reminders), one organisation's page, the
progress export and a partner's round page run the same number of queries with many organisations,
comments and reminders as with a few."""
from contextlib import contextmanager

import sqlalchemy as sa

from consult.answers.models import Answer, Outcome
from consult.core.db import utcnow
from consult.extensions import db
from consult.organisations.models import OrganisationKind
from consult.reactions.models import Channel, Publication, Reaction, ReactionStatus
from consult.rounds.models import (
    DraftComment,
    GuidingQuestion,
    QuestionReaction,
    ReminderKind,
    RoundInvitation,
    RoundReminder,
)
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
    writer = person(f"Schrijver{drafts} van X", partner_of=world.x)
    session.add(writer)
    session.flush()
    deadline = world.round.deadline
    for n in range(invitations):
        organisation = make_organisation(kind=OrganisationKind.WELFARE, name=f"Welzijn {drafts}-{n}")
        # Reminded automatically and by hand, each by another official: names must not cost a query each.
        official = person(f"Ambtenaar{drafts}-{n}", official_of=world.consultation.organisation)
        session.add(official)
        session.flush()
        invitation = RoundInvitation(round=world.round, organisation=organisation, invited_at=now, opened_at=now)
        session.add(invitation)
        session.add_all([
            RoundReminder(invitation=invitation, kind=ReminderKind.AUTOMATIC, days_before=7, deadline=deadline, sent_at=now),
            RoundReminder(invitation=invitation, kind=ReminderKind.MANUAL, sent_by_id=official.id, sent_at=now)])
    for n in range(drafts):
        # Published comments of another organisation: X sees them, a page at a time.
        session.add(Reaction(consultation=world.consultation, reference=f"TST-2026-{drafts}{n:04d}", channel=Channel.PARTNER_ROUND,
                             status=ReactionStatus.APPROVED, publication=Publication.ANONYMOUS, author_name="Yara van Y",
                             organisation_id=world.y.id, organisation_name=world.y.name, body=f"Mening {n} van Y",
                             submitted_at=now))
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
    round_world.round.partners_see_each_other = True
    grow(round_world, session, make_organisation, invitations=2, drafts=2)
    login(round_world.users["official_a"])
    progress_url = f"/beheer/consultaties/{round_world.consultation.slug}/ronde"
    official_urls = (progress_url, progress_url + "?toon=niet-gereageerd", progress_url + "/voortgang.csv",
                     f"{progress_url}/organisaties/{round_world.x.slug}")
    round_url = f"/rondes/{round_world.consultation.slug}/{round_world.x.slug}"
    small = [queries_for(app, client, url) for url in official_urls]
    client.post("/uitloggen", data={"csrf_token": _token(client)})
    login(round_world.users["partner_x"])
    small_round = queries_for(app, client, round_url)

    grow(round_world, session, make_organisation, invitations=25, drafts=40)
    assert queries_for(app, client, round_url) == small_round
    page = client.get(round_url)
    assert "42 gepubliceerde opmerkingen, de nieuwste eerst." in page.text
    assert page.text.count("Mening ") == 20 and "Pagina 1 van 3" in page.text  # a page at a time
    client.post("/uitloggen", data={"csrf_token": _token(client)})
    login(round_world.users["official_a"])
    assert [queries_for(app, client, url) for url in official_urls] == small


def _token(client):
    from tests.conftest import csrf_token

    return csrf_token(client.get("/mijn-organisatie").text)


def test_the_comparison_and_the_public_page_do_not_grow_in_queries_with_the_round(app, client, login, round_world,
                                                                                   session, make_organisation):
    from datetime import timedelta

    from consult.core.db import utcnow

    round_world.round.partners_see_each_other = round_world.round.allows_replies = True
    round_world.round.is_public_afterwards, round_world.round.made_public_at = True, utcnow()
    grow(round_world, session, make_organisation, invitations=2, drafts=2)
    round_world.consultation.closes_at = utcnow() - timedelta(minutes=1)
    session.commit()
    compare_url = f"/beheer/consultaties/{round_world.consultation.slug}/ronde/vergelijking"
    public_url = f"/openbare-rondes/{round_world.consultation.slug}"
    small_public = queries_for(app, client, public_url)
    login(round_world.users["official_a"])
    small = [queries_for(app, client, compare_url), queries_for(app, client, compare_url + "?soort=care_provider")]

    grow(round_world, session, make_organisation, invitations=25, drafts=40)
    assert [queries_for(app, client, compare_url), queries_for(app, client, compare_url + "?soort=care_provider")] == small
    client.post("/uitloggen", data={"csrf_token": _token(client)})
    assert queries_for(app, client, public_url) == small_public
