"""Read-side selects for the reactienota's versions."""
from __future__ import annotations

import hashlib

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import undefer

from consult.advice.models import Advice, AdvicePoint
from consult.answers.models import Answer, Point
from consult.coding.models import Code, ReactionGroup, reaction_codes
from consult.consultations.models import Consultation
from consult.core.text import UNSAFE_CHARACTERS
from consult.extensions import db
from consult.oral_reports.models import OralReport
from consult.reactions.models import Reaction
from consult.reports.models import (
    OwnMotionChange,
    ResponseReport,
    ResponseReportEntry,
    ResponseReportReference,
    ResponseReportVersion,
)


def _of(consultation: Consultation):
    return (sa.select(ResponseReportVersion).join(ResponseReport)
            .where(ResponseReport.consultation_id == consultation.id))


def latest_version(consultation: Consultation) -> ResponseReportVersion | None:
    return db.session.scalar(_of(consultation).order_by(ResponseReportVersion.number.desc()).limit(1))


def versions_of(consultation: Consultation, with_summary: bool = False) -> list[ResponseReportVersion]:
    """Every published version, newest first; ``with_summary`` reads their summaries in the same query."""
    query = _of(consultation).order_by(ResponseReportVersion.number.desc())
    if with_summary:
        query = query.options(undefer(ResponseReportVersion.summary))
    return list(db.session.scalars(query))


def version_or_404(consultation: Consultation, number: int) -> ResponseReportVersion:
    version = db.session.scalar(_of(consultation).where(ResponseReportVersion.number == number))
    if version is None:
        abort(404)
    return version


def report_of(consultation: Consultation) -> ResponseReport | None:
    """The nota's record (status, grouping, vaststelling), or None when nobody worked on it yet. Reads only."""
    return db.session.scalar(sa.select(ResponseReport).where(ResponseReport.consultation_id == consultation.id))


def entries_of(version: ResponseReportVersion, part: int, positions: range) -> list[dict]:
    """The frozen entries of part ``part`` of ``version`` at ``positions`` (a range): one page, read by
    its key range, whatever the size of the nota."""
    return list(db.session.scalars(
        sa.select(ResponseReportEntry.data)
        .where(ResponseReportEntry.version_id == version.id, ResponseReportEntry.part == part,
               ResponseReportEntry.position >= positions.start, ResponseReportEntry.position < positions.stop)
        .order_by(ResponseReportEntry.position)))


def sections_of(version: ResponseReportVersion) -> list[dict]:
    """Every part of ``version`` with all its entries, as in its content: for a nota shown as one page
    (at most ``consult.reports.parts.ONE_PAGE_AT_MOST`` entries)."""
    sections = [{"title": part["title"], "entries": []} for part in version.outline["parts"]]
    for part, data in db.session.execute(
            sa.select(ResponseReportEntry.part, ResponseReportEntry.data)
            .where(ResponseReportEntry.version_id == version.id)
            .order_by(ResponseReportEntry.part, ResponseReportEntry.position)):
        sections[part - 1]["entries"].append(data)
    return sections


def reference_place(version: ResponseReportVersion, kenmerk: str) -> tuple[int, int, str] | None:
    """Where kenmerk ``kenmerk`` (any case) first stands among the entries of ``version``: (part,
    position, the kenmerk as written); None when no entry holds it."""
    key = kenmerk.strip().upper()
    # No kenmerk is longer or holds such a character, and PostgreSQL refuses a NUL in a query.
    if len(key) > ResponseReportReference.key.type.length or UNSAFE_CHARACTERS.search(key):
        return None
    found = db.session.execute(
        sa.select(ResponseReportReference.part, ResponseReportReference.position, ResponseReportReference.reference)
        .where(ResponseReportReference.version_id == version.id,
               ResponseReportReference.key == key)
        .order_by(ResponseReportReference.part, ResponseReportReference.position).limit(1)).first()
    return tuple(found) if found else None


def nota_stamp(consultation: Consultation) -> str:
    """A digest of everything the reactienota of ``consultation`` is built from (``builder.build_report``):
    the same digest at two moments means a nota built at the first reads the same at the second.

    Publishing builds the nota outside its writing transaction and compares this digest inside it,
    so a reaction published, hidden or withdrawn (or an answer changed) during the build is never
    published as it was before (``services.write_version``). Reactions and answers, the many rows,
    count by number, highest id and last change (their ``updated_at`` follows every change of the
    row); the points by the columns the nota shows; the other rows, few, whole.
    """
    of_reactions = sa.select(Reaction.id).where(Reaction.consultation_id == consultation.id)
    parts = [
        db.session.execute(sa.select(sa.func.count(), sa.func.max(Reaction.id), sa.func.max(Reaction.updated_at))
                           .where(Reaction.consultation_id == consultation.id)).one(),
        db.session.execute(sa.select(sa.func.count(), sa.func.max(Answer.id), sa.func.max(Answer.updated_at))
                           .where(Answer.consultation_id == consultation.id)).one(),
        _rows(Point.__table__, sa.select(Point.id, Point.reaction_id, Point.number, Point.section_id, Point.code_id,
                                         Point.answer_id, Point.summary).where(Point.reaction_id.in_(of_reactions))),
        _whole(reaction_codes, reaction_codes.c.reaction_id.in_(of_reactions)),
        _whole(OralReport.__table__, OralReport.reaction_id.in_(of_reactions)),
        *(_whole(model.__table__, model.consultation_id == consultation.id)
          for model in (ReactionGroup, Code, OwnMotionChange, ResponseReport, Advice)),
        _whole(AdvicePoint.__table__, AdvicePoint.advice_id.in_(
            sa.select(Advice.id).where(Advice.consultation_id == consultation.id))),
        _rows(Consultation.__table__, sa.select(Consultation.title, Consultation.organisation_id, Consultation.state,
                                                Consultation.opens_at, Consultation.closes_at,
                                                Consultation.document_version_id).where(Consultation.id == consultation.id)),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _whole(table: sa.Table, condition) -> list[tuple]:
    return _rows(table, sa.select(*table.c).where(condition))


def _rows(table: sa.Table, query) -> list[tuple]:
    """The rows of ``query`` on ``table`` as plain tuples, in the order of the table's primary key."""
    return [tuple(row) for row in db.session.execute(query.order_by(*table.primary_key.columns))]
