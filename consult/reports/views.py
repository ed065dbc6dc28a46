import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from consult.consultations.models import Consultation, Phase, TransitionError
from consult.consultations.permissions import MANAGE_CONSULTATION, VIEW_CONSULTATION
from consult.consultations.queries import consultation_or_404
from consult.core.db import utcnow
from consult.core.forms import EmptyForm, clean_text
from consult.core.permissions import require
from consult.core.readability import readability_note
from consult.extensions import db
from consult.jobs import files
from consult.jobs.models import JobStatus
from consult.jobs.services import enqueue, latest
from consult.reports import bp
from consult.reports.builder import build_report
from consult.reports.exports import blocks, to_docx, to_odt, to_pdf
from consult.reports.models import ResponseReport
from consult.reports.services import publish_report, save_introduction

FORMATS = {
    "docx": (to_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "odt": (to_odt, "application/vnd.oasis.opendocument.text"),
    "pdf": (to_pdf, "application/pdf"),
}



def _is_published(consultation: Consultation) -> bool:
    return consultation.phase(utcnow()) in (Phase.PROCESSED, Phase.DECIDED)


@bp.get("/consultaties/<slug>/reactienota")
def show_report(slug: str):
    consultation = consultation_or_404(slug)
    require(VIEW_CONSULTATION, consultation)
    if not _is_published(consultation) and not MANAGE_CONSULTATION(current_user, consultation):
        abort(404)
    return render_template("reports/report.html", report=build_report(consultation), consultation=consultation,
                           header_organisation=consultation.organisation)


@bp.get("/consultaties/<slug>/reactienota.<any(docx, odt, pdf):extension>")
def download_report(slug: str, extension: str):
    consultation = consultation_or_404(slug)
    require(VIEW_CONSULTATION, consultation)
    if not _is_published(consultation) and not MANAGE_CONSULTATION(current_user, consultation):
        abort(404)
    render, mimetype = FORMATS[extension]
    name = f"reactienota-{consultation.slug}.{extension}"
    made = latest(f"report_{extension}", consultation.id)
    published_at = db.session.scalar(sa.select(ResponseReport.published_at).where(ResponseReport.consultation_id == consultation.id))
    if made and made.status is JobStatus.DONE and published_at and made.finished_at >= published_at:
        # The file the background job made of the published nota: no waiting for a big consultation.
        return send_file(files.path_of(made.result["file"]), mimetype=mimetype, as_attachment=True, download_name=name)
    return Response(render(build_report(consultation)), mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.post("/beheer/consultaties/<slug>/reactienota/bestanden")
@login_required
def make_files(slug: str):
    consultation = consultation_or_404(slug)
    require(MANAGE_CONSULTATION, consultation)
    if not EmptyForm().validate_on_submit():
        abort(400)
    for extension in FORMATS:
        enqueue(f"report_{extension}", consultation.id, current_user)
    db.session.commit()
    flash(_("The files are being made. You can keep working; they appear on this page when they are ready."), "success")
    return redirect(url_for("reports.edit_report", slug=slug, _anchor="bestanden"))


@bp.route("/beheer/consultaties/<slug>/reactienota", methods=["GET", "POST"])
@login_required
def edit_report(slug: str):
    consultation = consultation_or_404(slug)
    require(MANAGE_CONSULTATION, consultation)
    if request.method == "POST":
        if not EmptyForm().validate_on_submit():
            abort(400)
        save_introduction(consultation, clean_text(request.form.get("introduction") or "")[:20_000], current_user)
        db.session.commit()
        flash(_("The introduction is saved."), "success")
        return redirect(url_for("reports.edit_report", slug=slug))
    report = build_report(consultation)
    text = " ".join(text for kind, text in blocks(report) if kind == "p")
    made = {extension: latest(f"report_{extension}", consultation.id) for extension in FORMATS}
    return render_template("reports/edit.html", report=report, consultation=consultation, form=EmptyForm(),
                           readability=readability_note(text), now=utcnow(), made=made,
                           header_organisation=consultation.organisation)


@bp.post("/beheer/consultaties/<slug>/reactienota/publiceren")
@login_required
def publish(slug: str):
    consultation = consultation_or_404(slug)
    require(MANAGE_CONSULTATION, consultation)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        mailed = publish_report(consultation, current_user, utcnow())
        for extension in FORMATS:  # the published files are made once, in the background
            enqueue(f"report_{extension}", consultation.id, current_user)
    except TransitionError:
        flash(_("The response report can be published once the reaction period has closed, and only once."), "error")
        return redirect(url_for("reports.edit_report", slug=slug))
    db.session.commit()
    flash(ngettext("The response report is published. %(num)s person gets an e-mail with the answer.",
                   "The response report is published. %(num)s people get an e-mail with the answer.", mailed), "success")
    return redirect(url_for("reports.show_report", slug=slug))
