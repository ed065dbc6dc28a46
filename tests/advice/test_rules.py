"""The advice's rules as plain functions and role × state tables: who reads, drafts and answers advice
in which state, the guarded moves of the model, the nota gate and what the public reads of the text."""
from datetime import timedelta

import pytest
from flask_login import AnonymousUserMixin

from consult.advice.models import Advice, AdviceKind, AdvicePoint, AdviceState, Verdict
from consult.advice.permissions import ANSWER_ADVICE, DRAFT_ADVICE, VIEW_AS_ADVISER, advice_all_answered
from consult.consultations.models import Audience, State, TransitionError
from consult.core.db import utcnow
from consult.organisations.models import OrganisationKind
from consult.reactions.publication import advice_text
from tests.advice.conftest import given_advice

ROLES = ("member_c", "colleague_c", "partner_x", "official_a", "official_b", "resident", "admin", "anonymous")
MEMBERS = {"member_c", "colleague_c"}
ROUND_STATES = ("round_concept", "planned", "open", "closed", "closed_but_extended_for_c", "given", "answered",
                "given_after_closing", "processed")


def put_in_state(world, advice: Advice, state: str) -> None:
    now = utcnow()
    consultation = world.round
    consultation.state = {"round_concept": State.DRAFT, "processed": State.PROCESSED}.get(state, State.PUBLISHED)
    consultation.opens_at = now + timedelta(days=2) if state == "planned" else now - timedelta(days=7)
    closed = state.startswith("closed") or state in ("given_after_closing", "processed")
    consultation.closes_at = now - timedelta(minutes=1) if closed else now + timedelta(days=14)
    world.invitation_c.deadline_override = now + timedelta(days=3) if state == "closed_but_extended_for_c" else None
    advice.state = {"given": AdviceState.SUBMITTED, "given_after_closing": AdviceState.SUBMITTED,
                    "answered": AdviceState.ANSWERED, "processed": AdviceState.ANSWERED}.get(state, AdviceState.CONCEPT)


def user_for(world, role):
    return AnonymousUserMixin() if role == "anonymous" else world.users[role]


def check_table(world, rule, advice, states, expected) -> None:
    wrong = []
    for state in states:
        put_in_state(world, advice, state)
        for role in ROLES:
            got = rule(user_for(world, role), advice)
            if got is not expected(role, state):
                wrong.append(f"{role} in {state}: expected {expected(role, state)}, got {got}")
    assert not wrong, "\n".join(wrong)


@pytest.fixture
def solicited(advice_world, session):
    advice = Advice(consultation=advice_world.round, organisation=advice_world.council, invitation=advice_world.invitation_c)
    advice.points.append(AdvicePoint(number=1, body="Punt"))
    session.add(advice)
    session.commit()
    return advice


def test_members_of_the_invited_council_read_their_advice_once_the_round_is_published(advice_world, solicited):
    check_table(advice_world, VIEW_AS_ADVISER, solicited, ROUND_STATES,
                lambda role, state: role in MEMBERS and state != "round_concept")


def test_members_draft_and_submit_only_a_concept_until_their_deadline(advice_world, solicited):
    check_table(advice_world, DRAFT_ADVICE, solicited, ROUND_STATES,
                lambda role, state: role in MEMBERS and state in ("open", "closed_but_extended_for_c"))


def test_only_the_owners_officials_answer_and_only_until_the_nota_is_published(advice_world, solicited):
    check_table(advice_world, ANSWER_ADVICE, solicited, ROUND_STATES,
                lambda role, state: role == "official_a" and state in ("given", "answered", "given_after_closing"))


def test_unsolicited_advice_is_for_public_consultations_of_the_councils_region(advice_world, session, make_organisation,
                                                                              make_consultation):
    inside = Advice(consultation=advice_world.public, organisation=advice_world.council)
    elsewhere = Advice(consultation=make_consultation(organisation=make_organisation(name="Gemeente Elders")),
                       organisation=advice_world.council)
    assert inside.kind is AdviceKind.UNSOLICITED and inside.deadline is None
    member = advice_world.users["member_c"]
    assert VIEW_AS_ADVISER(member, inside) and DRAFT_ADVICE(member, inside)
    assert not VIEW_AS_ADVISER(member, elsewhere)
    advice_world.public.audience = Audience.INVITED
    assert not VIEW_AS_ADVISER(member, inside)


def test_only_an_advisory_council_gives_advice(advice_world, session):
    advice = Advice(consultation=advice_world.public, organisation=advice_world.x)
    assert not VIEW_AS_ADVISER(advice_world.users["partner_x"], advice)
    advice_world.x.kind = OrganisationKind.ADVISORY_COUNCIL
    assert VIEW_AS_ADVISER(advice_world.users["partner_x"], advice)


def test_a_removed_member_loses_access_at_once(advice_world, solicited, session):
    member = advice_world.users["member_c"]
    assert VIEW_AS_ADVISER(member, solicited)
    member.memberships.clear()
    session.commit()
    assert not VIEW_AS_ADVISER(member, solicited)


def test_advice_is_submitted_once_with_a_point_and_answered_once_every_point_is():
    now = utcnow()
    advice = Advice(state=AdviceState.CONCEPT, points=[])
    with pytest.raises(TransitionError):
        advice.submit(now)
    advice.points = [AdvicePoint(number=1, body="Een"), AdvicePoint(number=2, body="Twee")]
    advice.submit(now)
    assert advice.state is AdviceState.SUBMITTED and advice.submitted_at == now
    with pytest.raises(TransitionError):
        advice.submit(now)
    advice.points[0].verdict = Verdict.ADOPTED
    with pytest.raises(TransitionError):
        advice.mark_answered(now)
    assert [p.number for p in advice.open_points] == [2]
    advice.points[1].verdict = Verdict.NOT_ADOPTED
    advice.mark_answered(now)
    assert advice.state is AdviceState.ANSWERED


def test_the_nota_waits_for_every_point_of_given_advice_but_not_for_a_concept(advice_world, session):
    assert advice_all_answered(advice_world.round)
    advice = given_advice(session, advice_world, points=3, answered=2)
    assert not advice_all_answered(advice_world.round)
    advice.points[2].verdict, advice.points[2].reasons = Verdict.PARTLY, "Deels."
    session.commit()
    assert advice_all_answered(advice_world.round)
    advice.state = AdviceState.CONCEPT
    advice.points[2].verdict = None
    session.commit()
    assert advice_all_answered(advice_world.round)  # a concept is the council's own draft


def test_the_public_text_names_no_member_and_no_phone_number(app):
    with app.test_request_context():
        text = advice_text("Bel Youssef Amrani op 06-12345678 over punt 2. Groet, Y. Amrani", ["Youssef Amrani"])
    assert "Amrani" not in text and "12345678" not in text and "over punt 2" in text
