"""The round's rules as role × state tables: who sees the round as an invitee, and who may comment.
Each table is one test over every cell, so the world is built once per table."""
from datetime import timedelta

from flask_login import AnonymousUserMixin

from consult.consultations.models import State
from consult.core.db import utcnow
from consult.rounds.permissions import (
    ADD_LATE_COMMENT,
    COMMENT,
    EXTEND_DEADLINE,
    FOLLOW_INVITATION,
    REMIND,
    VIEW_AS_INVITEE,
    is_invitee,
)

ROLES = ("partner_x", "colleague_x", "partner_y", "partner_z", "official_a", "official_b", "resident", "admin", "anonymous")
STATES = ("concept", "planned", "open", "closed", "closed_but_extended_for_x")
MEMBERS_OF_X = {"partner_x", "colleague_x"}


def put_in_state(world, state: str) -> None:
    now = utcnow()
    consultation = world.consultation
    consultation.state = State.DRAFT if state == "concept" else State.PUBLISHED
    consultation.opens_at = now + timedelta(days=2) if state == "planned" else now - timedelta(days=7)
    consultation.closes_at = now - timedelta(minutes=1) if state.startswith("closed") else now + timedelta(days=14)
    world.invitation_x.deadline_override = now + timedelta(days=3) if state == "closed_but_extended_for_x" else None


def user_for(world, role):
    return AnonymousUserMixin() if role == "anonymous" else world.users[role]


def check_table(world, rule, invitation, expected) -> None:
    wrong = []
    for state in STATES:
        put_in_state(world, state)
        for role in ROLES:
            got = rule(user_for(world, role), invitation)
            if got is not expected(role, state):
                wrong.append(f"{role} in {state}: expected {expected(role, state)}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_only_members_of_the_invited_organisation_see_it_once_published(round_world):
    check_table(round_world, VIEW_AS_INVITEE, round_world.invitation_x,
                lambda role, state: role in MEMBERS_OF_X and state != "concept")


def test_members_comment_only_until_their_organisations_deadline(round_world):
    check_table(round_world, COMMENT, round_world.invitation_x,
                lambda role, state: role in MEMBERS_OF_X and state in ("open", "closed_but_extended_for_x"))


def test_an_extension_for_one_organisation_leaves_the_others_closed(round_world):
    check_table(round_world, COMMENT, round_world.invitation_y,
                lambda role, state: role == "partner_y" and state == "open")


def test_only_the_owners_officials_follow_an_invitation(round_world):
    check_table(round_world, FOLLOW_INVITATION, round_world.invitation_x, lambda role, state: role == "official_a")


def test_invitees_are_the_members_of_invited_organisations(round_world):
    check_table(round_world, is_invitee, round_world.consultation,
                lambda role, state: role in MEMBERS_OF_X | {"partner_y"})


def test_the_owners_officials_remind_an_organisation_only_while_it_can_still_submit(round_world):
    check_table(round_world, REMIND, round_world.invitation_x,
                lambda role, state: role == "official_a" and state in ("planned", "open", "closed_but_extended_for_x"))


def test_nobody_reminds_an_organisation_that_submitted(round_world):
    round_world.invitation_x.submitted_at = utcnow()
    check_table(round_world, REMIND, round_world.invitation_x, lambda role, state: False)


def test_the_owners_officials_give_a_later_deadline_once_the_round_is_published(round_world):
    check_table(round_world, EXTEND_DEADLINE, round_world.invitation_x,
                lambda role, state: role == "official_a" and state != "concept")


def test_only_the_owners_officials_add_a_late_comment_and_only_after_the_organisations_deadline(round_world):
    check_table(round_world, ADD_LATE_COMMENT, round_world.invitation_x,
                lambda role, state: role == "official_a" and state == "closed")
    check_table(round_world, ADD_LATE_COMMENT, round_world.invitation_y,
                lambda role, state: role == "official_a" and state.startswith("closed"))
