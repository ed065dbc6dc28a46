"""The reaction's lifecycle: which moves each state allows, and counters that always equal the rows.

The state machine drives random sequences of every move through the real services and database, with
double submissions and repeated clicks, and after each step compares every stored counter with a count
of the rows and checks that no move the state forbids went through."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from consult.consultations.models import Procedure
from consult.core.db import utcnow
from consult.moderation.services import (
    PersonalDataChoice,
    approve_reaction,
    redact_reaction,
    reject_reaction,
    show_again,
)
from consult.reactions.counters import counter_mismatches
from consult.reactions.models import Action, Channel, Publication, Reaction, ReactionStatus, TransitionNotAllowed
from consult.reactions.services import (
    PaperReactionInput,
    ReactionInput,
    change_reaction,
    confirm_reaction,
    enter_paper_reaction,
    report_reaction,
    reporter_key,
    request_reconsideration,
    submit_reaction,
    withdraw_reaction,
)
from tests.reactions.conftest import MARKDOWN

S = ReactionStatus
ALL_STATUSES = list(ReactionStatus)
# What ``can`` answers per status, for a reaction that is not hidden, not redacted and never reconsidered.
ALLOWED = {
    Action.CONFIRM: {S.UNCONFIRMED},
    Action.APPROVE: {S.PENDING, S.REJECTED},
    Action.REJECT: {S.PENDING, S.APPROVED},
    Action.WITHDRAW: {S.UNCONFIRMED, S.PENDING, S.APPROVED, S.REJECTED},
    Action.CHANGE: {S.PENDING, S.APPROVED, S.REJECTED},
    Action.HIDE: {S.APPROVED},
    Action.SHOW_AGAIN: set(),
    Action.REDACT: {S.PENDING, S.APPROVED, S.REJECTED},
    Action.RECONSIDER: {S.REJECTED},
    Action.DECIDE_LATE: set(),  # only a late reaction: see the next table
}
# A web zienswijze in an afdeling 3.4 procedure counts on receipt and waits for the address check; a late
# one waits for the official's decision whether it is still considered.
ALLOWED_AWAITING_CONFIRMATION = {**ALLOWED, Action.CONFIRM: {S.UNCONFIRMED, S.PENDING, S.APPROVED, S.REJECTED}}
ALLOWED_LATE = {**ALLOWED, Action.DECIDE_LATE: {S.PENDING, S.APPROVED, S.REJECTED}}


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("status", ALL_STATUSES)
def test_status_by_action_table(status, action):
    assert Reaction(status=status, is_hidden=False).can(action) is (status in ALLOWED[action])


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("status", ALL_STATUSES)
def test_status_by_action_table_awaiting_confirmation(status, action):
    reaction = Reaction(status=status, is_hidden=False, is_awaiting_confirmation=True)
    assert reaction.can(action) is (status in ALLOWED_AWAITING_CONFIRMATION[action])


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("status", ALL_STATUSES)
def test_status_by_action_table_late(status, action):
    assert Reaction(status=status, is_hidden=False, is_late=True).can(action) is (status in ALLOWED_LATE[action])


@pytest.mark.parametrize("status", [S.PENDING, S.APPROVED])
def test_a_reaction_awaiting_confirmation_counts_but_is_not_published(status):
    reaction = Reaction(status=status, is_hidden=False, publication=Publication.NAMED, is_awaiting_confirmation=True)
    assert reaction.is_counted and not reaction.is_published
    reaction.is_awaiting_confirmation = False
    assert reaction.is_published is (status is S.APPROVED)


def test_a_late_decision_is_recorded_and_may_be_changed_but_only_for_a_late_one():
    late = Reaction(status=S.PENDING, is_hidden=False, is_late=True)
    late.decide_on_late(False, "Vijf weken na de termijn, zonder reden.", 7, utcnow())
    assert late.is_late_considered is False and late.late_decided_by_id == 7
    late.decide_on_late(True, "Postvertraging aangetoond.", 7, utcnow())
    assert late.is_late_considered is True and late.late_decision_reason == "Postvertraging aangetoond."
    with pytest.raises(TransitionNotAllowed):
        Reaction(status=S.PENDING, is_hidden=False, is_late=False).decide_on_late(True, "x", 7, utcnow())


@pytest.mark.parametrize("status", ALL_STATUSES)
def test_only_a_hidden_reaction_can_be_shown_again_and_a_hidden_one_not_hidden_twice(status):
    hidden = Reaction(status=status, is_hidden=True)
    assert hidden.can(Action.SHOW_AGAIN) is (status in (S.PENDING, S.APPROVED, S.REJECTED))
    assert not hidden.can(Action.HIDE)


def test_reconsideration_once_and_only_for_a_rejection_or_redaction():
    redacted = Reaction(status=S.APPROVED, is_hidden=False, public_body="[verwijderd]")
    assert redacted.can(Action.RECONSIDER)
    redacted.reconsideration_requested_at = utcnow()
    assert not redacted.can(Action.RECONSIDER)


def test_a_refused_move_raises_and_changes_nothing():
    reaction = Reaction(status=S.WITHDRAWN, is_hidden=False)
    with pytest.raises(TransitionNotAllowed):
        reaction.approve(1, utcnow())
    assert reaction.status is S.WITHDRAWN and reaction.moderated_at is None


TEXTS = st.sampled_from([
    "Ik mis de mantelzorgers in dit hoofdstuk.",
    "Bel mij op 06-12345678. Met vriendelijke groet, C. Vos",
    "Mijn BSN is 111222333 en ik woon op Dorpsstraat 12.",
])


@pytest.mark.parametrize("procedure", [Procedure.INFORMAL, Procedure.AWB_UNIFORM])
def test_random_sequences_keep_every_counter_equal_to_the_rows(app, app_context, session, make_consultation, make_user,
                                                                procedure):
    app.config["REPORTS_TO_HIDE"] = 2

    class Lifecycle(RuleBasedStateMachine):
        reactions = Bundle("reactions")

        @initialize()
        def start(self):
            self.consultation = make_consultation(markdown=MARKDOWN, procedure=procedure)
            self.consultation.reference_prefix = f"LC{uuid.uuid4().hex[:8].upper()}"
            self.official = make_user(official_of=self.consultation.organisation)
            self.sections = [None, *(s.id for s in self.consultation.document_version.sections)]
            self.prefix = uuid.uuid4().hex[:12]
            session.commit()

        def _attempt(self, reaction, action, move):
            """Do the move; when the state forbids it, it must raise and change nothing."""
            allowed = reaction.can(action)
            before = (reaction.status, reaction.is_hidden, reaction.body, reaction.public_body)
            try:
                move()
            except TransitionNotAllowed:
                assert not allowed, f"{action} was allowed but refused"
                session.rollback()
                assert (reaction.status, reaction.is_hidden, reaction.body, reaction.public_body) == before
                return
            assert allowed, f"{action} went through from {before[0]}"
            session.commit()

        @rule(target=reactions, body=TEXTS, publication=st.sampled_from(list(Publication)),
              section=st.integers(0, 3), key=st.integers(0, 5))
        def submit(self, body, publication, section, key):
            data = ReactionInput(body=body, author_name="C. Vos", author_email="c.vos@example.org",
                                 publication=publication, section_id=self.sections[section])
            reaction = submit_reaction(self.consultation, data, utcnow(), f"{self.prefix}-{key}")
            session.commit()
            # Afdeling 3.4: counted when received, whatever the address check does later.
            assert reaction.is_counted or procedure is not Procedure.AWB_UNIFORM or reaction.status is S.WITHDRAWN
            return reaction

        @rule(target=reactions, body=TEXTS, section=st.integers(0, 3), late=st.booleans())
        def enter_letter(self, body, section, late):
            received = self.consultation.closes_at + timedelta(days=10) if late else utcnow()
            data = PaperReactionInput(body=body, author_name="J. de Vries", author_email="", channel=Channel.LETTER,
                                      publication=Publication.NOT_PUBLISHED, section_id=self.sections[section],
                                      received_at=received)
            reaction = enter_paper_reaction(self.consultation, data, self.official, utcnow())
            session.commit()
            assert reaction.is_late is late
            return reaction

        @rule(reaction=reactions)
        def confirm(self, reaction):
            could = reaction.can(Action.CONFIRM)
            assert confirm_reaction(reaction, utcnow()) is could
            session.commit()

        @rule(reaction=reactions, choice=st.sampled_from(list(PersonalDataChoice)))
        def approve(self, reaction, choice):
            self._attempt(reaction, Action.APPROVE, lambda: approve_reaction(reaction, self.official, utcnow(), choice))

        @rule(reaction=reactions)
        def reject(self, reaction):
            self._attempt(reaction, Action.REJECT, lambda: reject_reaction(reaction, self.official, utcnow(), "spam"))

        @rule(reaction=reactions)
        def withdraw(self, reaction):
            self._attempt(reaction, Action.WITHDRAW, lambda: withdraw_reaction(reaction, utcnow()))

        @rule(reaction=reactions, body=TEXTS, publication=st.sampled_from(list(Publication)))
        def change(self, reaction, body, publication):
            self._attempt(reaction, Action.CHANGE, lambda: change_reaction(reaction, body, publication, utcnow()))

        @rule(reaction=reactions, reporter=st.integers(0, 3), by_account=st.booleans())
        def report(self, reaction, reporter, by_account):
            if not reaction.is_published:  # the view answers 404
                return
            report_reaction(reaction, "offensive", reporter_key(f"{self.prefix}-{by_account}-{reporter}"), by_account, utcnow())
            session.commit()

        @rule(reaction=reactions)
        def show_again(self, reaction):
            self._attempt(reaction, Action.SHOW_AGAIN, lambda: show_again(reaction, self.official))

        @rule(reaction=reactions)
        def redact(self, reaction):
            self._attempt(reaction, Action.REDACT, lambda: redact_reaction(reaction, self.official, "Ingekorte tekst."))

        @rule(reaction=reactions)
        def reconsider(self, reaction):
            self._attempt(reaction, Action.RECONSIDER, lambda: request_reconsideration(reaction, utcnow()))

        @invariant()
        def counters_equal_the_rows(self):
            if hasattr(self, "consultation"):
                assert counter_mismatches(self.consultation) == []

        @invariant()
        def nothing_unpublishable_is_published(self):
            if hasattr(self, "consultation"):
                published = session.scalars(sa.select(Reaction).where(
                    Reaction.consultation_id == self.consultation.id, Reaction.is_published)).all()
                assert all(r.status is S.APPROVED and r.publication is not Publication.NOT_PUBLISHED
                           and not r.is_hidden and not r.is_awaiting_confirmation for r in published)

    run_state_machine_as_test(Lifecycle, settings=settings(
        max_examples=20, stateful_step_count=25, deadline=None, suppress_health_check=list(HealthCheck)))


def test_counts_per_section_belong_to_the_consultation_not_the_shared_version(client, session, make_consultation):
    first = make_consultation(markdown=MARKDOWN)
    second = make_consultation(markdown=MARKDOWN)
    second.document_version = first.document_version
    second.reference_prefix = "TWO"
    section = first.document_version.sections[1]
    reaction = Reaction(consultation=first, reference="TST-2026-0001", status=S.PENDING, publication=Publication.NAMED,
                        author_name="Iris", body="Goed plan.", section=section, submitted_at=utcnow())
    session.add(reaction)
    session.flush()
    reaction.count_on_entry()
    reaction.approve(None, utcnow())
    session.commit()

    assert "(1 reactie)" in client.get(f"/consultaties/{first.slug}").text
    assert "(1 reactie)" not in client.get(f"/consultaties/{second.slug}").text
    assert counter_mismatches(first) == [] and counter_mismatches(second) == []
