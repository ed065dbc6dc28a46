from __future__ import annotations

import sqlalchemy as sa

from consult.coding.grouping import near_duplicate_groups
from consult.coding.models import ReactionGroup
from consult.consultations.models import Consultation
from consult.extensions import db
from consult.reactions.models import Reaction, ReactionStatus

COUNTED = (ReactionStatus.PENDING, ReactionStatus.APPROVED, ReactionStatus.REJECTED)


def groups_of(consultation: Consultation) -> list[tuple[ReactionGroup, int]]:
    sizes = sa.select(Reaction.group_id, sa.func.count().label("n")).group_by(Reaction.group_id).subquery()
    rows = db.session.execute(
        sa.select(ReactionGroup, sa.func.coalesce(sizes.c.n, 0)).outerjoin(sizes, sizes.c.group_id == ReactionGroup.id)
        .where(ReactionGroup.consultation_id == consultation.id).order_by(ReactionGroup.id)
    ).all()
    return [(group, size) for group, size in rows]


def campaign_suggestions(consultation: Consultation) -> list[list[Reaction]]:
    """Near-duplicate reactions not in a group yet, as suggested groups, largest first."""
    rows = db.session.execute(
        sa.select(Reaction.id, Reaction.body).where(
            Reaction.consultation_id == consultation.id, Reaction.status.in_(COUNTED), Reaction.group_id.is_(None))
    ).all()
    groups = near_duplicate_groups(rows)
    if not groups:
        return []
    by_id = {r.id: r for r in db.session.scalars(sa.select(Reaction).where(Reaction.id.in_([i for g in groups for i in g])))}
    return [[by_id[i] for i in group] for group in groups]
