"""The actions' rules as plain functions and role × state tables: the guarded status moves, lateness in
Python and SQL alike, and who may change an action or keep its progress, with and without the region's
grant to its members."""
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from flask_login import AnonymousUserMixin

from consult.actions.models import ALLOWED_MOVES, Action, ActionScope, ActionStatus, may_move
from consult.actions.permissions import EDIT_ACTION, MANAGE_PROGRAMME, UPDATE_PROGRESS, VIEW_REGION
from consult.consultations.models import Audience, State, TransitionError
from consult.consultations.permissions import DECIDE_FOR_CONSULTATION, MANAGE_CONSULTATION, VIEW_CONSULTATION
from consult.core.db import utcnow
from consult.core.i18n import local_today
from tests.actions.conftest import ROLES, make_action

S = ActionStatus
# From (rows) to (columns): planned, running, delayed, done, cancelled.
MOVES = {
    S.PLANNED: "-yyny",
    S.RUNNING: "n-yyy",
    S.DELAYED: "ny-yy",
    S.DONE: "nnnn-",
    S.CANCELLED: "nnnnn",
}


@pytest.mark.parametrize("current", list(S))
def test_status_moves_follow_the_table(current):
    for new, expected in zip(S, MOVES[current], strict=True):
        if expected == "-":
            assert not may_move(current, new), "staying is no move"
            continue
        assert may_move(current, new) is (expected == "y"), (current, new)


def test_a_refused_move_raises_and_changes_nothing():
    action = Action(title="x", scope=ActionScope.LOCAL, status=S.DONE)
    with pytest.raises(TransitionError):
        action.move_to(S.RUNNING, utcnow())
    assert action.status is S.DONE


def test_a_move_returns_the_old_status_and_dates_the_change():
    action, at = Action(title="x", scope=ActionScope.LOCAL), utcnow()
    assert action.move_to(S.RUNNING, at) is S.PLANNED
    assert (action.status, action.changed_at) == (S.RUNNING, at)
    assert action.allowed_statuses == [s for s in S if s in ALLOWED_MOVES[S.RUNNING]]


@pytest.mark.parametrize(("deadline", "status", "late"), [
    (None, S.PLANNED, False), (date(2026, 1, 9), S.PLANNED, True), (date(2026, 1, 9), S.DELAYED, True),
    (date(2026, 1, 9), S.DONE, False), (date(2026, 1, 9), S.CANCELLED, False), (date(2026, 1, 10), S.RUNNING, False),
])
def test_late_is_the_same_rule_in_python_and_in_sql(session, world, deadline, status, late):
    today = date(2026, 1, 10)
    action = make_action(session, world, deadline=deadline, status=status)
    assert action.is_late(today) is late
    in_sql = session.scalar(sa.select(Action.id).where(Action.id == action.id, Action.late_clause(today)))
    assert (in_sql is not None) is late


def user_for(world, role):
    return AnonymousUserMixin() if role == "anonymous" else world.users[role]


# Who may keep progress, per kind of action and whether the region grants its members:
# regional (no municipality named), local for A, local for C's? (C is outside: never offered), local for B.
SITUATIONS = ("regional", "local_a", "local_b")
UPDATE_TABLE = {
    # role:        not granted            granted
    "official_r": ("yyy", "yyy"),
    "official_a": ("nnn", "yyn"),
    "official_b": ("nnn", "yny"),
    "official_c": ("nnn", "nnn"),
    "partner": ("nnn", "nnn"),
    "resident": ("nnn", "nnn"),
    "admin": ("nnn", "nnn"),
    "anonymous": ("nnn", "nnn"),
}


@pytest.mark.parametrize("granted", [False, True])
def test_who_keeps_progress_role_by_situation(session, world, granted):
    world.region.members_may_moderate = granted
    actions = {"regional": make_action(session, world),
               "local_a": make_action(session, world, scope=ActionScope.LOCAL, municipalities=[world.a]),
               "local_b": make_action(session, world, scope=ActionScope.LOCAL, municipalities=[world.b])}
    wrong = []
    for role in ROLES:
        expected = UPDATE_TABLE[role][int(granted)]
        for situation, flag in zip(SITUATIONS, expected, strict=True):
            got = UPDATE_PROGRESS(user_for(world, role), actions[situation])
            if got is not (flag == "y"):
                wrong.append(f"{role} {situation}: expected {flag}, got {got}")
            # Changing the action itself stays with the programme's owner, granted or not.
            if EDIT_ACTION(user_for(world, role), actions[situation]) is not (role == "official_r"):
                wrong.append(f"{role} may not edit {situation}")
    assert not wrong, "\n".join(wrong)


def test_only_the_owners_officials_manage_the_programme_and_only_an_actieprogramma(session, world):
    for role in ROLES:
        assert MANAGE_PROGRAMME(user_for(world, role), world.programme) is (role == "official_r"), role
    other = world.consultation.document_version.document
    assert not MANAGE_PROGRAMME(world.users["official_r"], other)


def test_the_regio_page_is_for_officials_of_member_municipalities(world):
    assert {role for role in ROLES if VIEW_REGION(user_for(world, role))} == {"official_a", "official_b"}


@pytest.mark.parametrize("granted", [False, True])
def test_members_read_the_regions_consultations_and_manage_them_only_when_granted(session, world, granted):
    world.region.members_may_moderate = granted
    hidden = world.consultation
    hidden.audience, hidden.state = Audience.INVITED, State.PUBLISHED
    readers = {role for role in ROLES if VIEW_CONSULTATION(user_for(world, role), hidden)}
    managers = {role for role in ROLES if MANAGE_CONSULTATION(user_for(world, role), hidden)}
    assert readers == {"official_r", "official_a", "official_b"}
    assert managers == ({"official_r", "official_a", "official_b"} if granted else {"official_r"})
    # The grant is to moderate and answer: publishing, the term, the nota and the decision stay the region's.
    assert {role for role in ROLES if DECIDE_FOR_CONSULTATION(user_for(world, role), hidden)} == {"official_r"}


def test_a_municipalitys_own_consultation_is_not_opened_to_the_region(session, world, make_consultation):
    own = make_consultation(organisation=world.a, audience=Audience.INVITED)
    world.region.members_may_moderate = True
    assert not VIEW_CONSULTATION(world.users["official_b"], own)
    assert not MANAGE_CONSULTATION(world.users["official_r"], own)


def test_late_actions_from_yesterday(session, world):
    action = make_action(session, world, deadline=local_today() - timedelta(days=1))
    assert action.is_late(local_today())
