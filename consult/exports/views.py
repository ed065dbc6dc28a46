from flask import Response, abort, flash, redirect, stream_with_context, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consult.accounts.sessions import recent_login_required
from consult.audit.services import record_event, record_view
from consult.consultations.permissions import MANAGE_CONSULTATION, VIEW_CONSULTATION
from consult.consultations.queries import consultation_or_404
from consult.core.forms import EmptyForm
from consult.core.i18n import iso_moment
from consult.core.permissions import require
from consult.core.web import no_store
from consult.exports import bp
from consult.exports.formats import csv_response, json_stream
from consult.exports.rows import OPEN_FIELDS, official_header, official_rows, open_rows
from consult.extensions import db
from consult.jobs.services import enqueue


def _attachment(name: str) -> dict:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@bp.get("/beheer/consultaties/<slug>/export.csv")
@login_required
@recent_login_required
@no_store
def export_reactions(slug: str):
    """All reactions with their personal data, streamed, for the owner's officials. Audited."""
    consultation = consultation_or_404(slug)
    require(MANAGE_CONSULTATION, consultation)
    record_view(current_user, "reactions_exported", consultation, consultation.organisation_id, format="csv")
    return csv_response(f"reacties-{consultation.slug}.csv", official_header(), official_rows(consultation))


@bp.post("/beheer/consultaties/<slug>/export.xlsx")
@login_required
@recent_login_required(purpose=lambda: _("Make an Excel file (XLSX) of all reactions"))
def start_xlsx_export(slug: str):
    """The Excel file is made in the background; the reactions page shows when it is ready."""
    consultation = consultation_or_404(slug)
    require(MANAGE_CONSULTATION, consultation)
    if not EmptyForm().validate_on_submit():
        abort(400)
    job = enqueue("export_xlsx", consultation.id, current_user)
    record_event(current_user, "reactions_exported", consultation, consultation.organisation_id, format="xlsx", job=job.id)
    db.session.commit()
    flash(_("The Excel file is being made. You can keep working; it appears on this page when it is ready."), "success")
    return redirect(url_for("moderation.queue", slug=slug))


@bp.get("/consultaties/<slug>/open-data.<any(json, csv):extension>")
def open_data(slug: str, extension: str):
    """Published reactions and answers as open data, without personal data."""
    consultation = consultation_or_404(slug)
    require(VIEW_CONSULTATION, consultation)
    if not consultation.publishes_reactions:
        abort(404)
    name = f"open-data-{consultation.slug}.{extension}"
    if extension == "json":
        meta = {"title": consultation.title, "organisation": consultation.organisation.name,
                "opens_at": iso_moment(consultation.opens_at), "closes_at": iso_moment(consultation.closes_at)}
        body = stream_with_context(json_stream(open_rows(consultation), meta))
        return Response(body, mimetype="application/json", headers=_attachment(name))
    rows = ([record[field] for field in OPEN_FIELDS] for record in open_rows(consultation))
    return csv_response(name, list(OPEN_FIELDS), rows)
