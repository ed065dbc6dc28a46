"""Reading the audit log of one consultation: for the dossier (all of it, oldest first) and for the
workbench (one page at a time, newest first)."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from consult.accounts.models import User
from consult.advice.models import Advice, AdvicePoint
from consult.answers.models import Answer, Point
from consult.audit.models import AuditEvent
from consult.coding.models import Code, ReactionGroup
from consult.consultations.models import Consultation
from consult.extensions import db
from consult.reactions.models import Reaction
from consult.reports.models import OwnMotionChange, ResponseReport

LOG_PAGE_SIZE = 50


def inside(consultation: Consultation) -> sa.ColumnElement[bool]:
    """Events about the consultation or about anything inside it (reactions, points, answers, codes,
    groups, the reactienota, advice and its points)."""
    owned = {
        Consultation.__tablename__: sa.select(sa.literal(consultation.id)),
        Reaction.__tablename__: sa.select(Reaction.id).where(Reaction.consultation_id == consultation.id),
        Answer.__tablename__: sa.select(Answer.id).where(Answer.consultation_id == consultation.id),
        Point.__tablename__: sa.select(Point.id).join(Reaction).where(Reaction.consultation_id == consultation.id),
        Code.__tablename__: sa.select(Code.id).where(Code.consultation_id == consultation.id),
        ReactionGroup.__tablename__: sa.select(ReactionGroup.id).where(ReactionGroup.consultation_id == consultation.id),
        ResponseReport.__tablename__: sa.select(ResponseReport.id).where(ResponseReport.consultation_id == consultation.id),
        OwnMotionChange.__tablename__: sa.select(OwnMotionChange.id).where(OwnMotionChange.consultation_id == consultation.id),
        Advice.__tablename__: sa.select(Advice.id).where(Advice.consultation_id == consultation.id),
        AdvicePoint.__tablename__: sa.select(AdvicePoint.id).join(Advice).where(Advice.consultation_id == consultation.id),
    }
    return sa.or_(*(sa.and_(AuditEvent.subject_type == table, AuditEvent.subject_id.in_(ids)) for table, ids in owned.items()))


def consultation_events(consultation: Consultation) -> list[tuple[AuditEvent, str | None]]:
    """Everything done to the consultation or inside it, oldest first, with the name of who did it."""
    return db.session.execute(sa.select(AuditEvent, User.name).outerjoin(User, User.id == AuditEvent.actor_id)
                              .where(inside(consultation)).order_by(AuditEvent.occurred_at, AuditEvent.id)).all()


@dataclass
class LogPage:
    rows: list[tuple[AuditEvent, str | None, str | None]]  # event, who, kenmerk of the reaction it is about
    number: int
    has_next: bool


def consultation_log_page(consultation: Consultation, number: int) -> LogPage:
    """Page ``number`` (from 1) of the consultation's log, newest first, in two queries whatever its length."""
    number = max(1, number)
    found = db.session.execute(
        sa.select(AuditEvent, User.name).outerjoin(User, User.id == AuditEvent.actor_id)
        .where(inside(consultation)).order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(LOG_PAGE_SIZE + 1).offset((number - 1) * LOG_PAGE_SIZE)).all()
    events = found[:LOG_PAGE_SIZE]
    reaction_ids = {e.subject_id for e, _name in events if e.subject_type == Reaction.__tablename__}
    references = dict(db.session.execute(sa.select(Reaction.id, Reaction.reference)
                                         .where(Reaction.id.in_(reaction_ids))).all()) if reaction_ids else {}
    rows = [(event, name, references.get(event.subject_id) if event.subject_type == Reaction.__tablename__ else None)
            for event, name in events]
    return LogPage(rows, number, len(found) > LOG_PAGE_SIZE)
