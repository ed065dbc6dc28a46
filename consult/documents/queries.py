from __future__ import annotations

from typing import NamedTuple

import sqlalchemy as sa

from consult.documents.models import Document, DocumentVersion, Section
from consult.extensions import db


class SectionChoice(NamedTuple):
    """A section as a form offers it: no text, no ORM object (read on every submission, issue 15)."""

    id: int
    anchor: str
    label: str


# Built once: building and keying a statement costs more than running it.
_SECTION_CHOICES = (sa.select(Section.id, Section.anchor, Section.number, Section.title)
                    .where(Section.version_id == sa.bindparam("version_id")).order_by(Section.position))


def section_choices(version_id: int | None) -> list[SectionChoice]:
    """The sections of document version ``version_id`` in document order, as a form offers them; [] for
    None. The label is ``Section.label``'s: number and title."""
    if version_id is None:
        return []
    rows = db.session.connection().execute(_SECTION_CHOICES, {"version_id": version_id})
    return [SectionChoice(id, anchor, f"{number} {title}".strip()) for id, anchor, number, title in rows]


def documents_of(organisation_ids: list[int]) -> list[Document]:
    return list(db.session.scalars(
        sa.select(Document).where(Document.organisation_id.in_(organisation_ids)).order_by(Document.created_at.desc())
    ))


def latest_versions_of(organisation_ids: list[int]) -> list[DocumentVersion]:
    return [d.latest_version for d in documents_of(organisation_ids) if d.versions]
