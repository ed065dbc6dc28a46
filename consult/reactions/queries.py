"""Read-side selects for published reactions. Each runs a fixed number of queries, however many
reactions there are."""
from __future__ import annotations

import math
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from consult.answers.models import Point
from consult.audit.models import AuditEvent
from consult.consultations.models import Consultation, SectionCount, State
from consult.documents.models import Section
from consult.extensions import db
from consult.reactions.models import Publication, Reaction, ReactionStatus

PAGE_SIZE = 20


def answers_are_public(consultation: Consultation) -> bool:
    """The answer shows beside each reaction once the reactienota is published (it holds them all)."""
    return consultation.state in (State.PROCESSED, State.DECIDED)


def _answers_once_published(consultation: Consultation) -> list:
    """Load the answers with the reactions (two queries for a page, whatever its length) when shown."""
    if not answers_are_public(consultation):
        return []
    return [selectinload(Reaction.answer), selectinload(Reaction.points).selectinload(Point.answer)]


def _written_out(column, value):
    """``value`` written into the SQL, not sent as a parameter: a partial index is used only when the
    query's terms are the index's own (``models.PUBLISHED_ONLY``)."""
    return sa.bindparam(None, value, type_=column.type, literal_execute=True)


def published_condition():
    """``Reaction.is_published`` as the partial indexes of published reactions are written."""
    return sa.and_(Reaction.status == _written_out(Reaction.status, ReactionStatus.APPROVED),
                   Reaction.publication != _written_out(Reaction.publication, Publication.NOT_PUBLISHED),
                   Reaction.is_hidden.is_(False), Reaction.is_awaiting_confirmation.is_(False))


def _published(consultation: Consultation):
    return sa.and_(Reaction.consultation_id == consultation.id, published_condition())


@dataclass
class Page:
    items: list[Reaction]
    number: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / PAGE_SIZE))


def published_reactions(consultation: Consultation, section: Section | None, number: int) -> Page:
    """One page of published reactions, newest first; the total comes from the stored counters."""
    if not consultation.publishes_reactions:
        return Page([], 1, 0)
    condition = _published(consultation)
    if section is not None:
        condition = sa.and_(condition, Reaction.section_id == section.id)
        total = section_counts(consultation).get(section.id, 0)
    else:
        total = consultation.published_reaction_count
    number = max(1, min(number, max(1, math.ceil(total / PAGE_SIZE))))
    newest = (Reaction.submitted_at.desc(), Reaction.id.desc())
    # The page's ids first, from a covering index of published reactions only (models: the partial
    # indexes), then only those rows: skipping to page 3,000 walks 60,000 index entries, not rows. The
    # index is walked from whichever end is nearer, so the last page costs what the first does.
    skipped_newer = (number - 1) * PAGE_SIZE
    if skipped_newer <= total // 2:
        ids = sa.select(Reaction.id).where(condition).order_by(*newest).limit(PAGE_SIZE).offset(skipped_newer)
    else:
        skipped_older = total - number * PAGE_SIZE
        ids = (sa.select(Reaction.id).where(condition).order_by(Reaction.submitted_at, Reaction.id)
               .limit(PAGE_SIZE + min(0, skipped_older)).offset(max(0, skipped_older)))
    items = db.session.scalars(sa.select(Reaction).where(Reaction.id.in_(ids.scalar_subquery())).order_by(*newest)
                               .options(*_answers_once_published(consultation))).all()
    return Page(list(items), number, total)


def latest_per_section(consultation: Consultation, counts: dict[int, int],
                       per_section: int = 3) -> dict[int | None, list[Reaction]]:
    """The newest published reactions of every section (key None: on the whole document).

    One query: a UNION of small index-backed LIMIT selects, one per section, so its cost does not
    grow with the number of reactions.
    """
    if not consultation.publishes_reactions or not consultation.published_reaction_count:
        return {}
    newest = (Reaction.submitted_at.desc(), Reaction.id.desc())
    parts = []
    for section_id in [None, *(section_id for section_id, count in counts.items() if count)]:
        where_section = Reaction.section_id.is_(None) if section_id is None else Reaction.section_id == section_id
        limited = sa.select(Reaction.id).where(_published(consultation), where_section).order_by(*newest).limit(per_section)
        parts.append(sa.select(limited.subquery().c.id))
    ids = sa.union_all(*parts).subquery()
    rows = db.session.scalars(sa.select(Reaction).where(Reaction.id.in_(sa.select(ids.c.id))).order_by(*newest)
                              .options(*_answers_once_published(consultation))).all()
    grouped: dict[int | None, list[Reaction]] = {}
    for reaction in rows:
        grouped.setdefault(reaction.section_id, []).append(reaction)
    return grouped


def section_counts(consultation: Consultation) -> dict[int, int]:
    """Published reactions of this consultation per section id, from the stored counters (one query)."""
    return dict(db.session.execute(
        sa.select(SectionCount.section_id, SectionCount.published_reaction_count)
        .where(SectionCount.consultation_id == consultation.id)).all())


def general_reaction_count(consultation: Consultation, counts: dict[int, int]) -> int:
    """Published reactions on the whole document: all published minus those on a section."""
    return consultation.published_reaction_count - sum(counts.values())


def publication_history(reaction: Reaction) -> list:
    """The author's changes of their publication choice (with or without name, or not at all), oldest
    first, as audit events with ``details`` from_choice and to_choice. Officials see them."""
    return db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.subject_type == Reaction.__tablename__, AuditEvent.subject_id == reaction.id,
        AuditEvent.action == "publication_choice_changed").order_by(AuditEvent.occurred_at, AuditEvent.id)).all()


def author_locale_column():
    """The language to write to a reaction's author in, as SQL: the reaction's, else the account's
    (NULL: the site's default). The same rule as ``Reaction.author_locale``; select it with an outer
    join on ``User`` (``with_author_locale``)."""
    from consult.accounts.models import User

    return sa.func.coalesce(Reaction.locale, User.locale)


def with_author_locale(query: sa.Select) -> sa.Select:
    from consult.accounts.models import User

    return query.outerjoin(User, User.id == Reaction.user_id)
