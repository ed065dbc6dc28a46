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
    """One page of the public list: its reactions, the number shown ("page N of M") and the total; and,
    for the links, the reactions the previous and the next page start from (None: no such page)."""

    items: list[Reaction]
    number: int
    total: int
    newer_than: int | None = None  # the previous page: the reactions newer than this one (its id)
    older_than: int | None = None  # the next page: the reactions older than this one (its id)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / PAGE_SIZE))


def published_reactions(consultation: Consultation, section: Section | None, number: int,
                        older_than: int | None = None, newer_than: int | None = None) -> Page:
    """One page of published reactions, newest first; the total comes from the stored counters.

    A page is found from the reaction its link names (keyset): ``older_than`` (the next page) or
    ``newer_than`` (the previous page), a published reaction of this list; its 20 neighbours come from a
    range of the partial covering index of published reactions, so every page costs what the first does,
    however far down the list. ``number`` is the page number the link carries, only shown. Without a
    reaction (a first visit, an old ``?pagina=N`` link, the last page, or a reaction no longer published)
    the page is counted from the nearer end of that index (``_numbered``). Runs 2 queries (3 with a
    reaction), and the answers' 2 once the reactienota is published."""
    if not consultation.publishes_reactions:
        return Page([], 1, 0)
    condition = _published(consultation)
    if section is not None:
        condition = sa.and_(condition, Reaction.section_id == section.id)
        total = section_counts(consultation).get(section.id, 0)
    else:
        total = consultation.published_reaction_count
    pages = max(1, math.ceil(total / PAGE_SIZE))
    number = max(1, min(number, pages))
    from_reaction = older_than if older_than is not None else newer_than
    position = None
    if from_reaction is not None:
        position = db.session.execute(sa.select(Reaction.submitted_at, Reaction.id)
                                      .where(condition, Reaction.id == from_reaction)).first()
    if position is None:
        return _numbered(consultation, condition, number, total)
    key, at = sa.tuple_(Reaction.submitted_at, Reaction.id), sa.tuple_(
        sa.literal(position.submitted_at, Reaction.submitted_at.type), sa.literal(position.id))
    if older_than is not None:
        ids = (sa.select(Reaction.id).where(condition, key < at)
               .order_by(Reaction.submitted_at.desc(), Reaction.id.desc()).limit(PAGE_SIZE + 1))
    else:
        ids = (sa.select(Reaction.id).where(condition, key > at)
               .order_by(Reaction.submitted_at, Reaction.id).limit(PAGE_SIZE + 1))
    found = _rows(consultation, ids)
    if older_than is not None:
        items, more = found[:PAGE_SIZE], len(found) > PAGE_SIZE
        if not items:  # nothing older any more: the last page
            return _numbered(consultation, condition, pages, total)
        return Page(items, pages if not more else min(number, pages - 1), total, items[0].id,
                    items[-1].id if more else None)
    if len(found) <= PAGE_SIZE:  # fewer than a page is newer: the first page
        return _numbered(consultation, condition, 1, total)
    items = found[-PAGE_SIZE:]
    return Page(items, max(2, number), total, items[0].id, items[-1].id)


def _numbered(consultation: Consultation, condition, number: int, total: int) -> Page:
    """Page ``number`` counted from the nearer end of the index of published reactions: skipping walks
    index entries, not rows, and the last page costs what the first does (the middle walks half)."""
    newest = (Reaction.submitted_at.desc(), Reaction.id.desc())
    skipped_newer = (number - 1) * PAGE_SIZE
    if skipped_newer <= total // 2:
        ids = sa.select(Reaction.id).where(condition).order_by(*newest).limit(PAGE_SIZE).offset(skipped_newer)
    else:
        skipped_older = total - number * PAGE_SIZE
        ids = (sa.select(Reaction.id).where(condition).order_by(Reaction.submitted_at, Reaction.id)
               .limit(PAGE_SIZE + min(0, skipped_older)).offset(max(0, skipped_older)))
    items = _rows(consultation, ids)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    return Page(items, number, total, items[0].id if items and number > 1 else None,
                items[-1].id if items and number < pages else None)


def _rows(consultation: Consultation, ids: sa.Select) -> list[Reaction]:
    """The reactions whose ids ``ids`` selects, newest first (one query, and the answers' when shown)."""
    return list(db.session.scalars(
        sa.select(Reaction).where(Reaction.id.in_(ids.scalar_subquery()))
        .order_by(Reaction.submitted_at.desc(), Reaction.id.desc()).options(*_answers_once_published(consultation))).all())


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
