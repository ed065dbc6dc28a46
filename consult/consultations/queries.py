"""Read-side selects for consultation lists and pages."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask import abort, redirect, request, url_for
from flask_login import current_user

from consult.consultations.models import Audience, Consultation, Phase, State
from consult.consultations.permissions import VIEW_CONSULTATION
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
        # A werkatelier is an event with registration, not a reaction period: the home page lists it apart.
        .where(Consultation.state != State.DRAFT, Consultation.audience == Audience.PUBLIC, Consultation.takes_reactions)
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


# Built once: building and keying the statement cost more than running it (issue 15).
_BY_SLUG = sa.select(Consultation).where(Consultation.slug == sa.bindparam("slug"))


def consultation_or_404(slug: str, permission=None, *options, werkatelier_too: bool = False) -> Consultation:
    """The consultation with this slug, checked against ``permission`` for the current user; ``options``
    are loader options for the one query (what the view needs with it, e.g. ``selectinload(Consultation.files)``).

    Whoever may not even see it (a draft for anyone but its own officials, an invite-only round for
    anyone outside it) gets exactly the 404 of a slug that does not exist, never a 403 or a log-in
    page: a slug often names the plan, and a plan in draft or a closed round is not public.

    Every route that loads through here serves a reaction period. A werkatelier rests on a consultation
    too, but takes no reactions (``Consultation.takes_reactions``): its management page is where an
    official opening any management page of it lands (GET); anything else about it answers 404. The few
    routes that a werkatelier shares with every consultation (its logboek, its archive dossier) say
    ``werkatelier_too``.
    """
    query = _BY_SLUG.options(*options) if options else _BY_SLUG
    consultation = db.session.execute(query, {"slug": slug}).scalar()
    if consultation is None:
        abort(404)
    if not VIEW_CONSULTATION(current_user, consultation):
        abort(404)
    if permission is not None:
        if not permission(current_user, consultation) and consultation.audience is not Audience.PUBLIC:
            abort(404)
        require(permission, consultation)
    if not consultation.takes_reactions and not werkatelier_too:
        _to_the_event(consultation)
    return consultation


def _to_the_event(workshop: Consultation):
    """Ends the request for a werkatelier on a reaction-period route: officials' pages (GET under /beheer/)
    redirect to the werkatelier's own management page, which checks its own rules; the rest is 404."""
    if request.method == "GET" and request.path.startswith("/beheer/"):
        abort(redirect(url_for("workshops.manage_workshop", slug=workshop.slug)))
    abort(404)


def reference_prefix_taken(letters: str) -> bool:
    """Whether any consultation, of any organisation, already uses these kenmerk letters."""
    return db.session.scalar(sa.select(sa.exists().where(Consultation.reference_prefix == letters)))
