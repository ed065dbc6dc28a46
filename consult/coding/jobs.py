"""The coding feature's background jobs: topics and campaign letters."""
from __future__ import annotations

import sqlalchemy as sa

from consult.coding.grouping import near_duplicate_groups
from consult.coding.topics import find_topics
from consult.extensions import db
from consult.jobs.services import handler, reporting, stage
from consult.reactions.models import Reaction


def _texts(consultation_id: int, ungrouped_only: bool = False) -> list[tuple[int, str]]:
    query = sa.select(Reaction.id, Reaction.body).where(Reaction.consultation_id == consultation_id, Reaction.is_counted)
    if ungrouped_only:
        query = query.where(Reaction.group_id.is_(None))
    return [(row.id, row.body) for row in db.session.execute(query)]


@handler("topics")
def topics_job(job, progress) -> dict:
    texts = _texts(job.consultation_id)
    progress(10)
    topics = find_topics(texts, progress)
    return {"topics": [{"words": t.words, "representatives": t.representative_ids, "reactions": t.reaction_ids,
                        "accepted": False} for t in topics]}


@handler("campaigns")
def campaigns_job(job, progress) -> dict:
    texts = _texts(job.consultation_id, ungrouped_only=True)
    progress(20)
    return {"groups": near_duplicate_groups(reporting(texts, len(texts), stage(progress, 20, 60)))}
