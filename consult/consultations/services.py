"""Writes on consultations. Services flush, never commit."""
from __future__ import annotations

import markdown
import sqlalchemy as sa

from consult.audit.services import record_event
from consult.coding.services import seed_coding_scheme
from consult.consultations.models import (
    Audience,
    Consultation,
    ConsultationKind,
    Procedure,
    State,
)
from consult.core.sanitize import clean_rich_text
from consult.documents.importer import slugify
from consult.documents.models import DocumentVersion
from consult.extensions import db


def unique_slug(title: str) -> str:
    base = slugify(title, max_length=100)
    taken = set(db.session.scalars(sa.select(Consultation.slug).where(Consultation.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def create_public_inspection(version: DocumentVersion, form, author) -> Consultation:
    """A ter-inzage consultation on ``version``, saved as a concept until it is published."""
    opens_at, closes_at = form.period()
    consultation = Consultation(
        organisation=version.document.organisation,
        kind=ConsultationKind.PUBLIC_INSPECTION,
        audience=Audience.PUBLIC,
        state=State.DRAFT,
        slug=unique_slug(form.title.data),
        title=form.title.data,
        reference_prefix=form.reference_prefix.data,
        summary=form.summary.data,
        introduction_html=clean_rich_text(markdown.markdown(form.introduction.data or "")),
        document_version=version,
        procedure=Procedure(form.procedure.data),
        opens_at=opens_at,
        closes_at=closes_at,
        publishes_reactions=form.publishes_reactions.data,
        requires_email_confirmation=form.requires_email_confirmation.data,
        decision_body=form.decision_body.data or "",
        decision_expected_on=form.decision_expected_on.data,
        contact_name=form.contact_name.data,
        contact_email=form.contact_email.data or "",
        contact_phone=form.contact_phone.data or "",
        postal_address=form.postal_address.data or "",
        house_rules=form.house_rules.data or "",
        publication_url=form.publication_url.data or "",
    )
    db.session.add(consultation)
    db.session.flush()
    seed_coding_scheme(consultation)
    record_event(author, "consultation_created", consultation, consultation.organisation_id)
    return consultation


def publish_consultation(consultation: Consultation, author) -> None:
    consultation.publish()
    record_event(author, "consultation_published", consultation, consultation.organisation_id)
