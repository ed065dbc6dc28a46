import sqlalchemy as sa
from flask import Response, abort, send_file, stream_with_context
from flask_login import current_user, login_required

from consult.accounts.sessions import recent_login_required
from consult.audit.services import record_event
from consult.consultations.models import Consultation
from consult.consultations.permissions import MANAGE_CONSULTATION, VIEW_CONSULTATION
from consult.core.permissions import require
from consult.exports import bp
from consult.exports.formats import csv_stream, json_stream, xlsx_file
from consult.exports.rows import OPEN_FIELDS, official_header, official_rows, open_rows
from consult.extensions import db


def _consultation(slug: str) -> Consultation:
    return db.first_or_404(sa.select(Consultation).where(Consultation.slug == slug))


def _attachment(name: str) -> dict:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@bp.get("/beheer/consultaties/<slug>/export.<any(csv, xlsx):extension>")
@login_required
@recent_login_required
def export_reactions(slug: str, extension: str):
    """All reactions with their personal data, for the owner's officials. Every export is audited."""
    consultation = _consultation(slug)
    require(MANAGE_CONSULTATION, consultation)
    record_event(current_user, "reactions_exported", consultation, consultation.organisation_id, format=extension)
    db.session.commit()
    name = f"reacties-{consultation.slug}.{extension}"
    if extension == "csv":
        rows = stream_with_context(csv_stream(official_header(), official_rows(consultation)))
        return Response(rows, mimetype="text/csv; charset=utf-8", headers=_attachment(name))
    return send_file(xlsx_file(official_header(), official_rows(consultation)), as_attachment=True, download_name=name,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.get("/consultaties/<slug>/open-data.<any(json, csv):extension>")
def open_data(slug: str, extension: str):
    """Published reactions and answers as open data, without personal data."""
    consultation = _consultation(slug)
    require(VIEW_CONSULTATION, consultation)
    if not consultation.publishes_reactions:
        abort(404)
    name = f"open-data-{consultation.slug}.{extension}"
    if extension == "json":
        meta = {"title": consultation.title, "organisation": consultation.organisation.name,
                "opens_at": consultation.opens_at.isoformat(), "closes_at": consultation.closes_at.isoformat()}
        body = stream_with_context(json_stream(open_rows(consultation), meta))
        return Response(body, mimetype="application/json", headers=_attachment(name))
    rows = ([record[field] for field in OPEN_FIELDS] for record in open_rows(consultation))
    return Response(stream_with_context(csv_stream(list(OPEN_FIELDS), rows)), mimetype="text/csv; charset=utf-8",
                    headers=_attachment(name))
