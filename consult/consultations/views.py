import sqlalchemy as sa
from flask import render_template
from flask_login import current_user

from consult.consultations import bp
from consult.consultations.labels import KIND_LABELS, PHASE_LABELS, PROCEDURE_LABELS
from consult.consultations.models import Consultation
from consult.consultations.permissions import MANAGE_CONSULTATION, REACT, VIEW_CONSULTATION
from consult.core.db import utcnow
from consult.core.permissions import require
from consult.extensions import db
from consult.reactions.queries import general_reaction_count, latest_per_section


@bp.get("/consultaties/<slug>")
def show_consultation(slug: str):
    consultation = db.first_or_404(sa.select(Consultation).where(Consultation.slug == slug))
    require(VIEW_CONSULTATION, consultation)
    version = consultation.document_version
    return render_template(
        "consultations/show.html",
        consultation=consultation,
        header_organisation=consultation.organisation,
        sections=version.sections if version else [],
        latest=latest_per_section(consultation),
        general_count=general_reaction_count(consultation),
        now=utcnow(),
        can_react=REACT(current_user, consultation),
        can_manage=MANAGE_CONSULTATION(current_user, consultation),
    )


@bp.app_template_global()
def phase_label(phase) -> str:
    return str(PHASE_LABELS[phase])


@bp.app_template_global()
def kind_label(kind) -> str:
    return str(KIND_LABELS[kind])


@bp.get("/consultaties/<slug>/kennisgeving")
def show_notice(slug: str):
    """The public announcement (kennisgeving): period, ways to react, what happens with reactions."""
    consultation = db.first_or_404(sa.select(Consultation).where(Consultation.slug == slug))
    require(VIEW_CONSULTATION, consultation)
    return render_template(
        "consultations/notice.html", consultation=consultation, header_organisation=consultation.organisation,
        now=utcnow(),
    )


@bp.app_template_global()
def procedure_label(procedure) -> str:
    return str(PROCEDURE_LABELS[procedure])
