"""Read-side selects for consultation lists and pages."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask import abort
from flask_login import current_user

from consult.consultations.models import Audience, Consultation, Phase, State
from consult.core.permissions import require
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
        .where(Consultation.state != State.DRAFT, Consultation.audience == Audience.PUBLIC)
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


def consultation_or_404(slug: str, permission=None) -> Consultation:
    """The consultation with this slug, checked against ``permission`` for the current user. An
    invite-only or internal consultation answers 404 to whoever may not see it, so its existence
    does not leak."""
    consultation = db.first_or_404(sa.select(Consultation).where(Consultation.slug == slug))
    if permission is not None and not permission(current_user, consultation):
        if consultation.audience is not Audience.PUBLIC:
            abort(404)
        require(permission, consultation)
    return consultation
