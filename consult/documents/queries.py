from __future__ import annotations

import sqlalchemy as sa

from consult.documents.models import Document, DocumentVersion
from consult.extensions import db


def documents_of(organisation_ids: list[int]) -> list[Document]:
    return list(db.session.scalars(
        sa.select(Document).where(Document.organisation_id.in_(organisation_ids)).order_by(Document.created_at.desc())
    ))


def latest_versions_of(organisation_ids: list[int]) -> list[DocumentVersion]:
    return [d.latest_version for d in documents_of(organisation_ids) if d.versions]
