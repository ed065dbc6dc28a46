"""Moderation writes: redaction, assignment, reading, bulk decisions. They flush; views commit."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from consult.audit.services import record_event
from consult.coding.models import ReactionRead
from consult.extensions import db
from consult.reactions.models import Reaction, ReactionStatus
from consult.reactions.services import (
    approve_reaction,
    notify_redaction,
    reject_reaction,
)


def redact_reaction(reaction: Reaction, official, public_text: str) -> None:
    """Publish an edited text; the original stays for officials. Before and after go to the audit log."""
    before = reaction.shown_body
    reaction.public_body = None if public_text == reaction.body else public_text
    record_event(official, "reaction_redacted", reaction, reaction.consultation.organisation_id,
                 before=before, after=reaction.shown_body)
    if reaction.public_body is not None and before != reaction.public_body:
        notify_redaction(reaction)


def assign_reactions(reactions: list[Reaction], official, assignee) -> None:
    for reaction in reactions:
        reaction.assigned_to_id = assignee.id if assignee else None
        record_event(official, "reaction_assigned", reaction, reaction.consultation.organisation_id,
                     assignee=assignee.id if assignee else None)


def mark_read(reactions: list[Reaction], official) -> None:
    already = set(db.session.scalars(sa.select(ReactionRead.reaction_id).where(
        ReactionRead.user_id == official.id, ReactionRead.reaction_id.in_([r.id for r in reactions]))))
    db.session.add_all(ReactionRead(reaction_id=r.id, user_id=official.id) for r in reactions if r.id not in already)


def read_ids(reactions: list[Reaction], official) -> set[int]:
    return set(db.session.scalars(sa.select(ReactionRead.reaction_id).where(
        ReactionRead.user_id == official.id, ReactionRead.reaction_id.in_([r.id for r in reactions]))))


def approve_many(reactions: list[Reaction], official, at: datetime) -> int:
    decided = [r for r in reactions if r.status in (ReactionStatus.PENDING, ReactionStatus.REJECTED)]
    for reaction in decided:
        approve_reaction(reaction, official, at)
    return len(decided)


def reject_many(reactions: list[Reaction], official, at: datetime, reason: str) -> int:
    decided = [r for r in reactions if r.status in (ReactionStatus.PENDING, ReactionStatus.APPROVED)]
    for reaction in decided:
        reject_reaction(reaction, official, at, reason)
    return len(decided)
