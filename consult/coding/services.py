"""Coding: the scheme of a consultation and the codes on reactions. Services flush, never commit."""
from __future__ import annotations

import sqlalchemy as sa

from consult.answers.models import Point
from consult.audit.services import record_event
from consult.coding.models import Code, GroupKind, ReactionGroup, reaction_codes
from consult.consultations.models import Consultation
from consult.documents.models import Theme
from consult.extensions import db
from consult.reactions.models import Reaction


def coding_scheme(consultation: Consultation) -> list[Code]:
    return list(db.session.scalars(
        sa.select(Code).where(Code.consultation_id == consultation.id).order_by(Code.position, Code.id)
    ))


def seed_coding_scheme(consultation: Consultation) -> None:
    """A new consultation's coding scheme starts from the themes of its document."""
    if consultation.document_version is None:
        return
    themes = db.session.scalars(
        sa.select(Theme).where(Theme.document_id == consultation.document_version.document_id).order_by(Theme.position)
    ).all()
    db.session.add_all(Code(consultation_id=consultation.id, theme_id=t.id, title=t.title, position=i) for i, t in enumerate(themes))


class DuplicateCode(ValueError):
    pass


def add_code(consultation: Consultation, title: str, official) -> Code:
    existing = coding_scheme(consultation)
    if any(c.title.lower() == title.lower() for c in existing):
        raise DuplicateCode(title)
    code = Code(consultation_id=consultation.id, title=title, position=len(existing))
    db.session.add(code)
    db.session.flush()
    record_event(official, "code_added", code, consultation.organisation_id, title=title)
    return code


def set_codes(reaction: Reaction, codes: list[Code], official) -> None:
    before = sorted(c.title for c in reaction.codes)
    reaction.codes = list(codes)
    record_event(official, "reaction_coded", reaction, reaction.consultation.organisation_id,
                 before=before, after=sorted(c.title for c in codes))


def add_code_to(reactions: list[Reaction], code: Code, official) -> int:
    added = 0
    for reaction in reactions:
        if code not in reaction.codes:
            reaction.codes.append(code)
            added += 1
    if added:
        record_event(official, "reactions_coded", code, reactions[0].consultation.organisation_id,
                     code=code.title, reactions=[r.id for r in reactions])
    return added


def code_counts(consultation: Consultation) -> dict[int, int]:
    rows = db.session.execute(
        sa.select(reaction_codes.c.code_id, sa.func.count())
        .join(Reaction, Reaction.id == reaction_codes.c.reaction_id)
        .where(Reaction.consultation_id == consultation.id)
        .group_by(reaction_codes.c.code_id)
    ).all()
    return dict(rows)


def point_code_counts(consultation: Consultation) -> dict[int, int]:
    rows = db.session.execute(
        sa.select(Point.code_id, sa.func.count()).join(Reaction, Reaction.id == Point.reaction_id)
        .where(Reaction.consultation_id == consultation.id, Point.code_id.is_not(None)).group_by(Point.code_id)
    ).all()
    return dict(rows)


def make_group(consultation: Consultation, reactions: list[Reaction], kind: GroupKind, title: str, official) -> ReactionGroup:
    group = ReactionGroup(consultation_id=consultation.id, kind=kind, title=title, created_by_id=official.id)
    db.session.add(group)
    db.session.flush()
    for reaction in reactions:
        reaction.group_id = group.id
    record_event(official, "group_made", group, consultation.organisation_id, reactions=[r.id for r in reactions])
    return group


def accept_topic(consultation: Consultation, job, index: int, title: str, official) -> Code:
    """Turn suggested topic ``index`` of ``job`` into a code on the reactions it rests on."""
    topic = job.result["topics"][index]
    code = next((c for c in coding_scheme(consultation) if c.title.lower() == title.lower()), None)
    if code is None:
        code = add_code(consultation, title, official)
    reactions = db.session.scalars(
        sa.select(Reaction).where(Reaction.consultation_id == consultation.id, Reaction.id.in_(topic["reactions"]))).all()
    if reactions:
        add_code_to(list(reactions), code, official)
    topics = [dict(t) for t in job.result["topics"]]
    topics[index]["accepted"] = True
    job.result = {**job.result, "topics": topics}  # a new dict, so the JSON column is written
    return code
