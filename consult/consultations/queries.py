"""Read-side selects for consultation lists and pages."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask import abort
from flask_login import current_user
from sqlalchemy.orm import joinedload

from consult.consultations.models import Audience, Consultation, ConsultationKind, Phase, State
from consult.consultations.permissions import VIEW_CONSULTATION
from consult.core.permissions import require
from consult.documents.models import DocumentVersion
from consult.extensions import db


@dataclass
class ConsultationOverview:
    open: list[Consultation] = field(default_factory=list)
    planned: list[Consultation] = field(default_factory=list)
    closed: list[Consultation] = field(default_factory=list)
    processed: list[Consultation] = field(default_factory=list)


def public_overview(now: datetime, organisation_ids: list[int] | None = None) -> ConsultationOverview:
    """Public consultations grouped as residents look for them: open now first."""
    query = (
        sa.select(Consultation)
        # A werkatelier is an event with registration, not a reaction period: the home page lists it apart.
        .where(Consultation.state != State.DRAFT, Consultation.audience == Audience.PUBLIC,
               Consultation.kind != ConsultationKind.WORKSHOP)
        .order_by(Consultation.closes_at)
    )
    if organisation_ids is not None:
        query = query.where(Consultation.organisation_id.in_(organisation_ids))
    overview = ConsultationOverview()
    groups = {
        Phase.OPEN: overview.open,
        Phase.PLANNED: overview.planned,
        Phase.CLOSED: overview.closed,
        Phase.PROCESSED: overview.processed,
        Phase.DECIDED: overview.processed,
    }
    for consultation in db.session.scalars(query):
        groups[consultation.phase(now)].append(consultation)
    overview.closed.reverse()  # most recently closed first
    return overview


def consultation_or_404(slug: str, permission=None, *options) -> Consultation:
    """The consultation with this slug, checked against ``permission`` for the current user; ``options``
    are loader options for the one query (what the view needs with it, e.g. ``with_sections``).

    Whoever may not even see it (a draft for anyone but its own officials, an invite-only round for
    anyone outside it) gets exactly the 404 of a slug that does not exist, never a 403 or a log-in
    page: a slug often names the plan, and a plan in draft or a closed round is not public.
    """
    consultation = db.first_or_404(sa.select(Consultation).where(Consultation.slug == slug).options(*options))
    if not VIEW_CONSULTATION(current_user, consultation):
        abort(404)
    if permission is not None:
        if not permission(current_user, consultation) and consultation.audience is not Audience.PUBLIC:
            abort(404)
        require(permission, consultation)
    return consultation


def with_sections():
    """Loader option: the current document version and its sections in the same query (a form that
    offers the sections, per submission)."""
    return joinedload(Consultation.document_version).joinedload(DocumentVersion.sections)


def reference_prefix_taken(letters: str) -> bool:
    """Whether any consultation, of any organisation, already uses these kenmerk letters."""
    return db.session.scalar(sa.select(sa.exists().where(Consultation.reference_prefix == letters)))
