from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from consult.consultations.models import Consultation, Phase, TransitionError
from consult.consultations.permissions import DECIDE_FOR_CONSULTATION
from consult.consultations.queries import consultation_or_404
from consult.core.db import utcnow
from consult.core.web import no_store
from consult.decisions import bp
from consult.decisions.forms import (
    OWN_BODY_PREFIX,
    AdoptionFields,
    ConfirmationForm,
    DecisionCorrectionConfirmationForm,
    DecisionCorrectionForm,
    DecisionForm,
)
from consult.decisions.labels import changed_facts, earlier_adoption
from consult.decisions.services import (
    DecisionInput,
    NothingChanged,
    address_docx,
    address_header,
    address_list,
    correct_decision,
    correction_changes,
    correction_recipients,
    corrections_of,
    decision_facts,
    facts_of,
    notice_counts,
    preview_correction_mails,
    preview_mails,
    record_decision,
    sending_plan,
)
from consult.exports.formats import csv_response
from consult.extensions import db, limiter

DECIDABLE = (Phase.CLOSED, Phase.PROCESSED)
bp.add_app_template_global(notice_counts)
bp.add_app_template_global(corrections_of)
bp.add_app_template_global(changed_facts)
bp.add_app_template_global(earlier_adoption)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _decidable_or_redirect(slug: str) -> tuple[Consultation, Response | None]:
    consultation = consultation_or_404(slug, DECIDE_FOR_CONSULTATION)
    phase = consultation.phase(utcnow())
    if phase not in DECIDABLE:
        flash(_("The decision is recorded already.") if phase is Phase.DECIDED
              else _("A decision can be recorded once the reaction period has closed."), "error")
        return consultation, redirect(url_for("consultations.manage_consultation", slug=slug, _anchor="besluit"))
    return consultation, None


def _input(form: AdoptionFields) -> DecisionInput:
    adopted_by, body = form.adopter()
    sending = {"notice_url": form.notice_url.data or "", "options": form.options()} if isinstance(form, DecisionForm) else {}
    return DecisionInput(taken_on=form.taken_on.data, adopted_by=adopted_by, adopted_by_body=body,
                         decision_number=form.decision_number.data, outcome=form.outcome.data,
                         decision_url=form.decision_url.data or "", **sending)


def _form_page(consultation: Consultation, form: DecisionForm, status: int = 200):
    plan = sending_plan(consultation, form.options())
    return render_template("decisions/form.html", consultation=consultation, form=form, plan=plan,
                           header_organisation=consultation.organisation), status


def _preview_page(consultation: Consultation, form: DecisionForm, status: int = 200):
    data = _input(form)
    plan = sending_plan(consultation, data.options)
    confirmation = ConfirmationForm(formdata=None, data={**form.data, "recipients": plan.people},
                                    own_bodies=consultation.organisation.own_bodies)
    return render_template("decisions/preview.html", consultation=consultation, form=confirmation, plan=plan,
                           mails=preview_mails(consultation, data, plan), decision=data,
                           header_organisation=consultation.organisation), status


@bp.route("/beheer/consultaties/<slug>/besluit", methods=["GET", "POST"])
@login_required
@limiter.limit("60/hour", methods=["POST"])
def record(slug: str):
    """The decision form; sent, it shows the preview. Nothing is saved or sent here."""
    consultation, refused = _decidable_or_redirect(slug)
    if refused:
        return refused
    form = DecisionForm(own_bodies=consultation.organisation.own_bodies)
    # The preview's "change" button comes back here with the fields filled in, to be edited.
    if "edit" not in request.form and form.validate_on_submit():
        return _preview_page(consultation, form)
    return _form_page(consultation, form, 400 if form.errors else 200)


@bp.post("/beheer/consultaties/<slug>/besluit/versturen")
@login_required
@limiter.limit("30/hour")
def send(slug: str):
    """The preview's confirmation: record the decision and tell every indiener."""
    consultation, refused = _decidable_or_redirect(slug)
    if refused:
        return refused
    form = ConfirmationForm(own_bodies=consultation.organisation.own_bodies)
    if not form.validate_on_submit():
        if form.errors.get("csrf_token"):
            abort(400)
        return _form_page(consultation, form, 422)
    if sending_plan(consultation, form.options()).people != form.recipients.data:
        flash(_("Reactions changed since the preview. Check the preview again before sending."), "error")
        return _preview_page(consultation, form, 409)
    try:
        plan = record_decision(consultation, _input(form), current_user, utcnow())
    except TransitionError:
        flash(_("The decision is recorded already."), "error")
        return redirect(url_for("consultations.manage_consultation", slug=slug))
    db.session.commit()
    flash(ngettext("The decision is recorded and e-mailed to %(num)s person.",
                   "The decision is recorded and e-mailed to %(num)s people.", len(plan.emails)), "success")
    if plan.letters:
        flash(ngettext("%(num)s person gets it by post: download the address list below.",
                       "%(num)s people get it by post: download the address list below.", len(plan.letters)), "info")
    return redirect(url_for("consultations.manage_consultation", slug=slug, _anchor="besluit"))


@bp.get("/beheer/consultaties/<slug>/besluit/adressen.<any(csv, docx):extension>")
@login_required
@no_store
def download_addresses(slug: str, extension: str):
    """The people to send the decision by post, for a mail merge (CSV) or to print (DOCX)."""
    consultation = consultation_or_404(slug, DECIDE_FOR_CONSULTATION)
    if consultation.phase(utcnow()) is not Phase.DECIDED:
        abort(404)
    rows = address_list(consultation)
    name = f"besluit-adressen-{consultation.slug}.{extension}"
    if extension == "csv":
        return csv_response(name, address_header(), ([r.reference, r.name, *r.lines] for r in rows))
    return Response(address_docx(consultation, rows), mimetype=DOCX,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


# Correcting a recorded decision: a form, a preview, a confirmation. The earlier facts stay in the log.

def _decided_or_404(slug: str) -> Consultation:
    consultation = consultation_or_404(slug, DECIDE_FOR_CONSULTATION)
    if consultation.phase(utcnow()) is not Phase.DECIDED or consultation.decision_taken_on is None:
        abort(404)
    return consultation


def _correction_bodies(consultation: Consultation) -> list[str]:
    """The organisation's own bodies; the recorded one stays choosable if it was since taken off the list."""
    body = decision_facts(consultation)["adopted_by_body"]
    bodies = consultation.organisation.own_bodies
    return [*bodies, body] if body and body not in bodies else bodies


def _stored_correction_form(consultation: Consultation) -> DecisionCorrectionForm:
    facts = decision_facts(consultation)
    adopted_by = (OWN_BODY_PREFIX + facts["adopted_by_body"]) if facts["adopted_by_body"] else facts["adopted_by"]
    return DecisionCorrectionForm(formdata=None, own_bodies=_correction_bodies(consultation), data={
        "taken_on": consultation.decision_taken_on, "adopted_by": adopted_by, "decision_number": facts["decision_number"],
        "outcome": facts["outcome"], "decision_url": facts["decision_url"]})


def _correction_page(consultation: Consultation, form: DecisionCorrectionForm, status: int = 200):
    return render_template("decisions/correct.html", consultation=consultation, form=form,
                           recipients=len(correction_recipients(consultation)),
                           header_organisation=consultation.organisation), status


def _correction_preview(consultation: Consultation, form: DecisionCorrectionForm, status: int = 200):
    data = _input(form)
    if not correction_changes(consultation, data):
        form.reason.errors = [*form.reason.errors, _("Nothing is changed. Change the decision, or go back.")]
        return _correction_page(consultation, form, 422)
    confirmation = DecisionCorrectionConfirmationForm(formdata=None, data=form.data,
                                                      own_bodies=_correction_bodies(consultation))
    mails = preview_correction_mails(consultation, data, form.reason.data) if form.notify.data else []
    return render_template("decisions/correction_preview.html", consultation=consultation, form=confirmation,
                           changes=changed_facts(decision_facts(consultation), facts_of(data)), mails=mails,
                           recipients=len(correction_recipients(consultation)),
                           header_organisation=consultation.organisation), status


@bp.route("/beheer/consultaties/<slug>/besluit/corrigeren", methods=["GET", "POST"])
@login_required
@limiter.limit("60/hour", methods=["POST"])
def correct(slug: str):
    """The correction form; sent, it shows what changes and the mail, if any. Nothing is saved here."""
    consultation = _decided_or_404(slug)
    if request.method == "GET":
        return _correction_page(consultation, _stored_correction_form(consultation))
    form = DecisionCorrectionForm(own_bodies=_correction_bodies(consultation))
    if "edit" not in request.form and form.validate_on_submit():
        return _correction_preview(consultation, form)
    return _correction_page(consultation, form, 400 if form.errors else 200)


@bp.post("/beheer/consultaties/<slug>/besluit/corrigeren/opslaan")
@login_required
@limiter.limit("30/hour")
def save_correction(slug: str):
    """The preview's confirmation: correct the decision, keep the earlier version, mail if chosen."""
    consultation = _decided_or_404(slug)
    form = DecisionCorrectionConfirmationForm(own_bodies=_correction_bodies(consultation))
    if not form.validate_on_submit():
        if form.errors.get("csrf_token"):
            abort(400)
        return _correction_page(consultation, form, 422)
    try:
        correction = correct_decision(consultation, _input(form), form.reason.data, current_user, utcnow(),
                                      notify=bool(form.notify.data))
    except NothingChanged:
        form.reason.errors = [*form.reason.errors, _("Nothing is changed. Change the decision, or go back.")]
        return _correction_page(consultation, form, 422)
    except TransitionError:  # a decision recorded before consult kept its nota's vaststelling
        flash(_("This decision cannot be corrected here: it has no adopted response report."), "error")
        return redirect(url_for("consultations.manage_consultation", slug=slug, _anchor="besluit"))
    db.session.commit()
    flash(_("The decision is corrected. The earlier version is kept.") + " " + ngettext(
        "%(num)s person gets the correction by e-mail.", "%(num)s people get the correction by e-mail.",
        correction.notified), "success")
    return redirect(url_for("consultations.manage_consultation", slug=slug, _anchor="besluit"))

