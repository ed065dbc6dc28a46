"""Read-side selects of the decision's sent-log."""
from __future__ import annotations

import sqlalchemy as sa

from consult.decisions.models import DecisionNotice
from consult.extensions import db
from consult.reactions.models import Reaction


def notices_of(reaction: Reaction) -> list[DecisionNotice]:
    """How the people who signed this reaction were told about the decision, oldest first."""
    return list(db.session.scalars(sa.select(DecisionNotice).where(DecisionNotice.reaction_id == reaction.id)
                                   .order_by(DecisionNotice.id)))
