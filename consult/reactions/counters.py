"""The stored counters of a consultation, set from its rows or checked against them.

Requests move the counters through ``Reaction``'s lifecycle (``shift_counters``); these two are for
data loaded in bulk (the demo, benchmarks) and for checks (tests, bench/loadfault.py)."""
from __future__ import annotations

import sqlalchemy as sa

from consult.consultations.models import Consultation, SectionCount
from consult.extensions import db
from consult.reactions.models import Reaction


def _actual(consultation: Consultation) -> tuple[int, int, dict[int, int]]:
    of_consultation = sa.select(sa.func.count()).select_from(Reaction).where(Reaction.consultation_id == consultation.id)
    counted = db.session.scalar(of_consultation.where(Reaction.is_counted))
    published = db.session.scalar(of_consultation.where(Reaction.is_published))
    per_section = dict(db.session.execute(
        sa.select(Reaction.section_id, sa.func.count())
        .where(Reaction.consultation_id == consultation.id, Reaction.is_published, Reaction.section_id.is_not(None))
        .group_by(Reaction.section_id)).all())
    return counted, published, per_section


def recount(consultation: Consultation) -> None:
    """Set the consultation's counters, and its per-section counts, from a count of its reactions."""
    db.session.flush()
    counted, published, per_section = _actual(consultation)
    consultation.reaction_count, consultation.published_reaction_count = counted, published
    db.session.execute(sa.delete(SectionCount).where(SectionCount.consultation_id == consultation.id))
    db.session.add_all(SectionCount(consultation_id=consultation.id, section_id=section_id, published_reaction_count=n)
                       for section_id, n in per_section.items())
    db.session.flush()


def counter_mismatches(consultation: Consultation) -> list[str]:
    """Every stored counter that differs from a count of the rows, as "name: stored S, rows R"."""
    db.session.flush()
    db.session.refresh(consultation, ["reaction_count", "published_reaction_count"])
    counted, published, per_section = _actual(consultation)
    stored_sections = dict(db.session.execute(
        sa.select(SectionCount.section_id, SectionCount.published_reaction_count)
        .where(SectionCount.consultation_id == consultation.id)).all())
    pairs = [("reaction_count", consultation.reaction_count, counted),
             ("published_reaction_count", consultation.published_reaction_count, published)]
    for section_id in sorted(set(per_section) | set(stored_sections)):
        pairs.append((f"section {section_id}", stored_sections.get(section_id, 0), per_section.get(section_id, 0)))
    return [f"{name}: stored {stored}, rows {actual}" for name, stored, actual in pairs if stored != actual]
