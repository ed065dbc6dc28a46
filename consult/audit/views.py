"""The audit log of a consultation in the workbench: who did what, when, with which result."""
from flask import Blueprint, render_template, request
from flask_login import login_required

from consult.audit.labels import action_label
from consult.audit.queries import consultation_log_page
from consult.consultations.permissions import MANAGE_CONSULTATION
from consult.consultations.queries import consultation_or_404

bp = Blueprint("audit", __name__)
bp.add_app_template_global(action_label)


@bp.get("/beheer/consultaties/<slug>/logboek")
@login_required
def consultation_log(slug: str):
    # A werkatelier's changes are logged on its consultation too.
    consultation = consultation_or_404(slug, MANAGE_CONSULTATION, werkatelier_too=True)
    page = consultation_log_page(consultation, request.args.get("pagina", 1, type=int))
    return render_template("audit/consultation_log.html", consultation=consultation, page=page,
                           header_organisation=consultation.organisation)
