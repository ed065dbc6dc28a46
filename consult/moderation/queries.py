from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from consult.consultations.models import Consultation
from consult.extensions import db
from consult.reactions.models import Reaction, ReactionStatus
from consult.reactions.queries import PAGE_SIZE, Page


def reactions_with_status(consultation: Consultation, status: ReactionStatus, number: int) -> Page:
    """Oldest first: moderation is first come, first served."""
    condition = sa.and_(Reaction.consultation_id == consultation.id, Reaction.status == status)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Reaction).where(condition))
    items = db.session.scalars(
        sa.select(Reaction).where(condition).options(selectinload(Reaction.section), selectinload(Reaction.attachments))
        .order_by(Reaction.submitted_at, Reaction.id).limit(PAGE_SIZE).offset((max(number, 1) - 1) * PAGE_SIZE)
    ).all()
    return Page(list(items), max(number, 1), total)


def managed_consultations(organisation_ids: list[int]) -> list[tuple[Consultation, int]]:
    """The consultations of these organisations, with how many reactions wait for moderation."""
    waiting = (
        sa.select(Reaction.consultation_id, sa.func.count().label("waiting"))
        .where(Reaction.status == ReactionStatus.PENDING)
        .group_by(Reaction.consultation_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(Consultation, sa.func.coalesce(waiting.c.waiting, 0))
        .outerjoin(waiting, waiting.c.consultation_id == Consultation.id)
        .where(Consultation.organisation_id.in_(organisation_ids))
        .order_by(Consultation.created_at.desc())
    ).all()
    return [(consultation, count) for consultation, count in rows]
