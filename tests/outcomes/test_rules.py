"""The verslag rules as plain functions, and the vote limit as the database keeps it."""
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from consult.core.db import utcnow
from consult.outcomes.models import OutcomeVote, Verslag
from consult.outcomes.permissions import may_react, may_see_verslag, may_vote_for
from consult.outcomes.services import NotAllowed, NoVotesLeft, VotesCast, cast_vote, save_verslag, withdraw_vote
from consult.workshops.models import CardKind, RegistrationStatus
from tests.outcomes.conftest import add_idea, open_verslag

NOW = utcnow()
STATES = {
    "none": None,
    "draft": Verslag(votes_per_person=3, comments_until=NOW + timedelta(days=5)),
    "open": Verslag(votes_per_person=3, comments_until=NOW + timedelta(days=5), published_at=NOW),
    "closed": Verslag(votes_per_person=3, comments_until=NOW - timedelta(seconds=1), published_at=NOW - timedelta(days=9)),
}
# registration kind → state → (sees, reacts)
TABLE = {
    "confirmed": {"none": (False, False), "draft": (False, False), "open": (True, True), "closed": (True, False)},
    "waiting": {"none": (False, False), "draft": (False, False), "open": (False, False), "closed": (False, False)},
    "cancelled": {"none": (False, False), "draft": (False, False), "open": (False, False), "closed": (False, False)},
    "anonymised": {"none": (False, False), "draft": (False, False), "open": (False, False), "closed": (False, False)},
    "no link": {"none": (False, False), "draft": (False, False), "open": (False, False), "closed": (False, False)},
}


def registration_as(kind, world):
    if kind == "no link":
        return None
    registration = world.waiting if kind == "waiting" else world.participants[0]
    if kind == "cancelled":
        registration.status = RegistrationStatus.CANCELLED
    if kind == "anonymised":
        registration.anonymised_at = NOW
    return registration


@pytest.mark.parametrize("kind", TABLE)
@pytest.mark.parametrize("state", STATES)
def test_who_sees_and_reacts_on_the_verslag_in_each_state(world, kind, state):
    registration, verslag = registration_as(kind, world), STATES[state]
    assert (may_see_verslag(registration, verslag), may_react(registration, verslag, NOW)) == TABLE[kind][state]


def test_votes_are_for_ideas_of_the_own_werkatelier_only(world, session, make_workshop):
    wonen = world.workshop.tables[0]
    idea, problem = add_idea(session, world.workshop, wonen), add_idea(session, world.workshop, wonen, kind=CardKind.PROBLEM)
    other = make_workshop()
    elsewhere = add_idea(session, other, other.tables[0])
    verslag = STATES["open"]
    registration = world.participants[0]
    assert may_vote_for(registration, verslag, idea, NOW)
    assert not may_vote_for(registration, verslag, problem, NOW)
    assert not may_vote_for(registration, verslag, elsewhere, NOW)
    assert not may_vote_for(registration, STATES["closed"], idea, NOW)


def test_a_participant_has_as_many_votes_as_the_official_set_and_one_per_idea(world, session):
    verslag = open_verslag(session, world.workshop, votes=2)
    ideas = [add_idea(session, world.workshop, world.workshop.tables[0], f"Idee {n}") for n in range(3)]
    me = world.participants[0]
    assert cast_vote(me, verslag, ideas[0], utcnow()) is not None
    assert cast_vote(me, verslag, ideas[0], utcnow()) is None  # the same idea again: nothing new
    cast_vote(me, verslag, ideas[1], utcnow())
    with pytest.raises(NoVotesLeft):
        cast_vote(me, verslag, ideas[2], utcnow())
    assert withdraw_vote(me, ideas[0], verslag, utcnow())
    cast_vote(me, verslag, ideas[2], utcnow())
    session.commit()
    assert session.scalar(sa.select(sa.func.count()).where(OutcomeVote.registration_id == me.id)) == 2
    with pytest.raises(NotAllowed):
        cast_vote(world.waiting, verslag, ideas[0], utcnow())


@pytest.mark.parametrize("slot, max_votes", [(3, 2), (0, 2), (1, 5)])
def test_the_database_refuses_a_vote_beyond_the_limit(world, session, slot, max_votes):
    """Whatever the code does: a slot above the limit, slot 0, or a limit other than the verslag's."""
    verslag = open_verslag(session, world.workshop, votes=2)
    idea = add_idea(session, world.workshop, world.workshop.tables[0])
    session.add(OutcomeVote(workshop_id=verslag.workshop_id, outcome_id=idea.id, registration_id=world.participants[0].id,
                            slot=slot, max_votes=max_votes))
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def test_the_database_refuses_a_second_vote_for_the_same_idea_or_slot(world, session):
    verslag = open_verslag(session, world.workshop, votes=3)
    one, two = (add_idea(session, world.workshop, world.workshop.tables[0], t) for t in ("A", "B"))
    me = world.participants[0].id
    session.add(OutcomeVote(workshop_id=verslag.workshop_id, outcome_id=one.id, registration_id=me, slot=1, max_votes=3))
    session.commit()
    for outcome_id, slot in ((one.id, 2), (two.id, 1)):
        session.add(OutcomeVote(workshop_id=verslag.workshop_id, outcome_id=outcome_id, registration_id=me, slot=slot, max_votes=3))
        with pytest.raises(IntegrityError):
            session.flush()
        session.rollback()


def test_the_number_of_votes_is_fixed_once_someone_voted(world, session, app):
    verslag = open_verslag(session, world.workshop, votes=3)
    idea = add_idea(session, world.workshop, world.workshop.tables[0])
    cast_vote(world.participants[0], verslag, idea, utcnow())
    session.commit()
    with app.test_request_context():
        save_verslag(world.workshop, 3, verslag.comments_until, True, None, utcnow())  # same number: fine
        with pytest.raises(VotesCast):
            save_verslag(world.workshop, 5, verslag.comments_until, True, None, utcnow())


def test_a_cancelled_participant_no_longer_votes(world, session, app):
    verslag = open_verslag(session, world.workshop)
    idea = add_idea(session, world.workshop, world.workshop.tables[0])
    world.participants[0].status = RegistrationStatus.CANCELLED  # the link refuses after the start: see test_after_the_start
    with pytest.raises(NotAllowed):
        cast_vote(world.participants[0], verslag, idea, utcnow())


def test_top_ideas_are_the_ideas_with_most_votes_first(world, session):
    from consult.outcomes.queries import top_ideas

    table = world.workshop.tables[0]
    few, many, none = (add_idea(session, world.workshop, table, t) for t in ("Weinig", "Veel", "Geen"))
    problem = add_idea(session, world.workshop, table, "Knelpunt", kind=CardKind.PROBLEM)
    votes = {few.id: 1, many.id: 4, problem.id: 9}
    assert top_ideas([few, many, none, problem], votes) == [many, few]


@pytest.mark.parametrize(("voted", "acted", "reason"), [
    (False, False, None), (True, False, "voted"), (False, True, "has_action"), (True, True, "voted")])
def test_an_outcome_is_fixed_once_voted_for_or_made_into_an_action(world, session, voted, acted, reason):
    from consult.actions.models import Action, ActionScope, ActionSource, ActionSourceKind
    from consult.outcomes.services import (
        LockReason,
        OutcomeInput,
        OutcomeLocked,
        change_outcome,
        delete_outcome,
        lock_reason,
    )

    verslag = open_verslag(session, world.workshop)
    idea = add_idea(session, world.workshop, world.workshop.tables[0])
    if voted:
        cast_vote(world.participants[0], verslag, idea, utcnow())
    if acted:
        session.add(Action(programme=world.programme, title="Actie", scope=ActionScope.LOCAL,
                           sources=[ActionSource(kind=ActionSourceKind.OUTCOME, outcome=idea)]))
    session.commit()
    assert lock_reason(idea) == (LockReason(reason) if reason else None)
    data = OutcomeInput(table=world.workshop.tables[1], kind=CardKind.PROBLEM, text="Anders", scope=idea.scope,
                        owner=world.municipality)
    if reason:
        with pytest.raises(OutcomeLocked):
            change_outcome(idea, data, None)
        with pytest.raises(OutcomeLocked):
            delete_outcome(idea, None)
    else:
        change_outcome(idea, data, None)
        assert (idea.text, idea.proposed_owner_organisation, idea.proposed_duo_theme) == ("Anders", world.municipality, None)


def test_a_reaction_on_the_verslag_is_published_only_when_approved_in_python_and_sql(world, session):
    from consult.outcomes.models import CommentStatus, OutcomeComment
    from consult.outcomes.services import add_comment, moderate_comment

    verslag = open_verslag(session, world.workshop)
    comment = add_comment(world.participants[0], verslag, None, "Goed verslag", utcnow())
    published = sa.select(OutcomeComment.id).where(OutcomeComment.is_published)
    assert comment.status is CommentStatus.PENDING and not comment.is_published
    assert session.scalars(published).all() == []
    moderate_comment(comment, True, None, utcnow())
    assert comment.is_published and session.scalars(published).all() == [comment.id]
    moderate_comment(comment, False, None, utcnow())
    assert comment.status is CommentStatus.REJECTED and session.scalars(published).all() == []
