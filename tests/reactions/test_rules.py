"""Reaction rules as plain functions: on time, signatories, what is published."""
from datetime import UTC, datetime, timedelta

import pytest

from consult.consultations.models import Consultation, State
from consult.reactions.models import Publication, Reaction, ReactionStatus, count_co_signers

CLOSES = datetime(2020, 4, 14, 7, 0, tzinfo=UTC)


def consultation():
    return Consultation(state=State.PUBLISHED, opens_at=CLOSES - timedelta(weeks=6), closes_at=CLOSES)


@pytest.mark.parametrize(
    ("received", "postmarked", "on_time"),
    [
        (CLOSES - timedelta(seconds=1), None, True),
        (CLOSES, None, False),
        (CLOSES + timedelta(days=3), CLOSES - timedelta(days=1), True),  # posted in time, arrived within a week
        (CLOSES + timedelta(days=6, hours=23), CLOSES - timedelta(hours=1), True),
        (CLOSES + timedelta(days=7), CLOSES - timedelta(days=1), False),  # arrived too late even so
        (CLOSES + timedelta(days=1), CLOSES + timedelta(hours=1), False),  # posted too late
    ],
)
def test_a_letter_counts_as_on_time_by_the_awb_rule(received, postmarked, on_time):
    assert consultation().counts_as_on_time(received, postmarked) is on_time


def test_every_co_signer_counts():
    assert Reaction(co_signer_count=0).signatory_count == 1
    assert count_co_signers("Jan\n\n  Piet \nKlaas") == 3
    assert Reaction(co_signer_count=count_co_signers("Jan\nPiet")).signatory_count == 3


@pytest.mark.parametrize(
    ("status", "publication", "published"),
    [
        (ReactionStatus.APPROVED, Publication.NAMED, True),
        (ReactionStatus.APPROVED, Publication.ANONYMOUS, True),
        (ReactionStatus.APPROVED, Publication.NOT_PUBLISHED, False),
        (ReactionStatus.PENDING, Publication.NAMED, False),
        (ReactionStatus.REJECTED, Publication.NAMED, False),
        (ReactionStatus.WITHDRAWN, Publication.NAMED, False),
        (ReactionStatus.UNCONFIRMED, Publication.NAMED, False),
    ],
)
def test_only_approved_reactions_whose_author_allowed_it_are_published(status, publication, published):
    assert Reaction(status=status, publication=publication).is_published is published


@pytest.mark.parametrize(
    ("status", "counts"),
    [(ReactionStatus.UNCONFIRMED, False), (ReactionStatus.PENDING, True), (ReactionStatus.APPROVED, True),
     (ReactionStatus.REJECTED, True), (ReactionStatus.WITHDRAWN, False)],
)
def test_a_reaction_counts_once_confirmed_until_withdrawn(status, counts):
    assert Reaction(status=status).is_counted is counts
