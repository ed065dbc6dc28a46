from datetime import UTC, datetime, timedelta

import pytest

from consult.consultations.models import Consultation, Phase, State, TransitionError

OPENS = datetime(2020, 3, 3, 8, 0, tzinfo=UTC)  # 3 March 2020, 09:00 in Amsterdam
CLOSES = OPENS + timedelta(weeks=6)


def consultation(state=State.PUBLISHED) -> Consultation:
    return Consultation(state=state, opens_at=OPENS, closes_at=CLOSES)


@pytest.mark.parametrize(
    ("at", "phase"),
    [
        (OPENS - timedelta(microseconds=1), Phase.PLANNED),
        (OPENS, Phase.OPEN),
        (CLOSES - timedelta(microseconds=1), Phase.OPEN),
        (CLOSES, Phase.CLOSED),
    ],
)
def test_period_follows_the_clock_at_its_boundaries(at, phase):
    assert consultation().phase(at) is phase
    assert consultation().accepts_reactions(at) is (phase is Phase.OPEN)


@pytest.mark.parametrize(
    ("state", "phase"),
    [(State.DRAFT, Phase.CONCEPT), (State.PROCESSED, Phase.PROCESSED), (State.DECIDED, Phase.DECIDED)],
)
def test_states_set_by_officials_win_over_the_clock(state, phase):
    during_the_period = OPENS + timedelta(days=1)
    assert consultation(state).phase(during_the_period) is phase
    assert not consultation(state).accepts_reactions(during_the_period)


def test_a_draft_is_published_only_with_a_valid_period():
    draft = Consultation(state=State.DRAFT, opens_at=CLOSES, closes_at=OPENS)
    with pytest.raises(TransitionError):
        draft.publish(OPENS)
    draft.opens_at, draft.closes_at = OPENS, CLOSES
    draft.publish(OPENS)
    assert draft.state is State.PUBLISHED
    with pytest.raises(TransitionError):
        draft.publish(OPENS)


def test_processing_and_decision_follow_closing():
    during, after = OPENS + timedelta(days=1), CLOSES + timedelta(days=1)
    c = consultation()
    with pytest.raises(TransitionError):
        c.mark_processed(during)
    c.mark_processed(after)
    assert c.phase(after) is Phase.PROCESSED
    c.record_decision(after)
    assert c.phase(after) is Phase.DECIDED and c.decided_at == after


def test_days_left_counts_whole_days_and_never_goes_below_zero():
    assert consultation().days_left(CLOSES - timedelta(days=3, hours=1)) == 3
    assert consultation().days_left(CLOSES + timedelta(days=1)) == 0
