"""Points and answers. Services flush, never commit."""
from __future__ import annotations

import sqlalchemy as sa

from consult.answers.models import Answer, Outcome, Point
from consult.audit.services import record_event
from consult.consultations.models import Consultation
from consult.documents.models import Section
from consult.extensions import db
from consult.reactions.models import Reaction


def add_point(reaction: Reaction, section: Section | None, summary: str, official, submission_key: str | None = None) -> Point:
    """The next numbered point of a reaction ("1.3: indiener vraagt …"). ``submission_key``: the form's
    one-time key (``consult.core.submission``)."""
    number = (max((p.number for p in reaction.points), default=0)) + 1
    point = Point(reaction=reaction, number=number, section=section, summary=summary, submission_key=submission_key)
    db.session.add(point)
    db.session.flush()
    refresh_answered(reaction)
    record_event(official, "point_added", point, reaction.consultation.organisation_id, number=number)
    return point


def code_point(point: Point, code, official) -> None:
    before = point.code.title if point.code else None
    point.code_id = code.id if code else None
    record_event(official, "point_coded", point, point.reaction.consultation.organisation_id,
                 before=before, after=code.title if code else None)


def refresh_answered(reaction: Reaction) -> None:
    """Answered: as a whole, or every one of its points. The queue filters and counts on this flag."""
    reaction.is_answered = reaction.answer_id is not None or (
        bool(reaction.points) and all(p.answer_id is not None for p in reaction.points))


def answer(consultation: Consultation, body: str, outcome: Outcome, changed_section: Section | None,
           reactions: list[Reaction], points: list[Point], official, submission_key: str | None = None) -> Answer:
    """One answer for a group of reactions and/or points that say the same. ``submission_key``: the form's
    one-time key (``consult.core.submission``)."""
    answer = Answer(consultation_id=consultation.id, body=body, outcome=outcome,
                    changed_section_id=changed_section.id if changed_section else None, created_by_id=official.id,
                    submission_key=submission_key)
    db.session.add(answer)
    db.session.flush()
    for reaction in reactions:
        reaction.answer_id = answer.id
        refresh_answered(reaction)
    for point in points:
        point.answer_id = answer.id
    for reaction in {point.reaction for point in points}:
        refresh_answered(reaction)
    record_event(official, "answer_given", answer, consultation.organisation_id, outcome=outcome.value,
                 reactions=[r.id for r in reactions], points=[p.id for p in points], body=body)
    return answer


def update_answer(answer: Answer, body: str, outcome: Outcome, changed_section: Section | None, official) -> None:
    before = {"body": answer.body, "outcome": answer.outcome.value}
    answer.body, answer.outcome = body, outcome
    answer.changed_section_id = changed_section.id if changed_section else None
    record_event(official, "answer_changed", answer, None, before=before, after={"body": body, "outcome": outcome.value})
    for reaction in answer.reactions:
        refresh_answered(reaction)


def answers_of(consultation: Consultation) -> list[tuple[Answer, int, int]]:
    """Every answer with how many reactions and points it covers."""
    reaction_counts = sa.select(Reaction.answer_id, sa.func.count().label("n")).group_by(Reaction.answer_id).subquery()
    point_counts = sa.select(Point.answer_id, sa.func.count().label("n")).group_by(Point.answer_id).subquery()
    rows = db.session.execute(
        sa.select(Answer, sa.func.coalesce(reaction_counts.c.n, 0), sa.func.coalesce(point_counts.c.n, 0))
        .outerjoin(reaction_counts, reaction_counts.c.answer_id == Answer.id)
        .outerjoin(point_counts, point_counts.c.answer_id == Answer.id)
        .where(Answer.consultation_id == consultation.id).order_by(Answer.id)
    ).all()
    return [(a, r, p) for a, r, p in rows]
