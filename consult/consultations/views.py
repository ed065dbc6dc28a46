import sqlalchemy as sa
from flask import render_template

from consult.consultations import bp
from consult.consultations.labels import KIND_LABELS, PHASE_LABELS
from consult.consultations.models import Consultation
from consult.consultations.permissions import REACT, VIEW_CONSULTATION
from consult.core.db import utcnow
from consult.core.permissions import require
from consult.extensions import db


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
        now=utcnow(),
        can_react=REACT,
    )


@bp.app_template_global()
def phase_label(phase) -> str:
    return str(PHASE_LABELS[phase])


@bp.app_template_global()
def kind_label(kind) -> str:
    return str(KIND_LABELS[kind])
