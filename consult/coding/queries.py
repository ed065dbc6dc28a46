from __future__ import annotations

import sqlalchemy as sa

from consult.coding.models import ReactionGroup
from consult.consultations.models import Consultation
from consult.extensions import db
from consult.jobs.models import Job
from consult.reactions.models import Reaction


def groups_of(consultation: Consultation) -> list[tuple[ReactionGroup, int]]:
    sizes = sa.select(Reaction.group_id, sa.func.count().label("n")).group_by(Reaction.group_id).subquery()
    rows = db.session.execute(
        sa.select(ReactionGroup, sa.func.coalesce(sizes.c.n, 0)).outerjoin(sizes, sizes.c.group_id == ReactionGroup.id)
        .where(ReactionGroup.consultation_id == consultation.id).order_by(ReactionGroup.id)
    ).all()
    return [(group, size) for group, size in rows]


def reactions_by_id(consultation: Consultation, ids: list[int]) -> dict[int, Reaction]:
    return {r.id: r for r in db.session.scalars(
        sa.select(Reaction).where(Reaction.consultation_id == consultation.id, Reaction.id.in_(ids)))}


def campaign_suggestions(consultation: Consultation, job: Job | None) -> list[list[Reaction]]:
    """The campaign job's groups, with the reactions that are still not in a group."""
    if job is None or not job.result.get("groups"):
        return []
    groups = job.result["groups"]
    found = reactions_by_id(consultation, [i for group in groups for i in group])
    suggestions = [[found[i] for i in group if i in found and found[i].group_id is None] for group in groups]
    return [s for s in suggestions if len(s) >= 2]


def topic_suggestions(consultation: Consultation, job: Job | None) -> list[dict]:
    """The topics job's topics, each with its representative reactions loaded."""
    if job is None or not job.result.get("topics"):
        return []
    topics = job.result["topics"]
    found = reactions_by_id(consultation, [i for topic in topics for i in topic["representatives"]])
    references = dict(db.session.execute(
        sa.select(Reaction.id, Reaction.reference).where(Reaction.consultation_id == consultation.id)).all())
    return [{**topic, "index": n, "examples": [found[i] for i in topic["representatives"] if i in found],
             "references": [references[i] for i in topic["reactions"] if i in references]}
            for n, topic in enumerate(topics)]
