from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from consult.core.db import utcnow
from consult.core.forms import form_status
from consult.core.web import no_store
from consult.extensions import db, limiter
from consult.oral_reports import bp
from consult.oral_reports.forms import OralReportAnswerForm
from consult.oral_reports.models import AlreadyAnswered, OralReport
from consult.oral_reports.services import answer_oral_report
from consult.oral_reports.tokens import LinkExpired, read_oral_report_token


@bp.route("/verslagen/<token>", methods=["GET", "POST"])
@no_store
@limiter.limit("20/hour", methods=["POST"])
def answer(token: str):
    """The indiener of an oral zienswijze confirms or corrects its verslag, once, through the mailed link.
    A forged link is a 404; an expired or used one a 410 without the verslag."""
    try:
        report = db.get_or_404(OralReport, read_oral_report_token(token) or 0)
    except LinkExpired:
        return render_template("oral_reports/gone.html", expired=True), 410
    if report.is_answered:
        return render_template("oral_reports/gone.html", expired=False, report=report), 410
    form = OralReportAnswerForm()
    if form.validate_on_submit():
        try:
            answer_oral_report(report, form.to_correction(), utcnow())
        except AlreadyAnswered:  # two tabs: the other one answered first
            abort(410)
        db.session.commit()
        flash(_("Thank you. We have saved your answer.") if report.is_confirmed
              else _("Thank you. We keep your correction next to the report."), "success")
        return redirect(url_for("oral_reports.answer", token=token))
    reaction = report.reaction
    return render_template("oral_reports/answer.html", report=report, reaction=reaction, form=form,
                           header_organisation=reaction.consultation.organisation), form_status(form)
