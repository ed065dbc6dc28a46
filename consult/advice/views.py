"""Routes of the advice: the adviesraad's advice page (draft together, submit, read the answers) and the
officials' advice page per consultation (answer every point). Whoever may not see an advice gets 404."""
import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from consult.actions.queries import actions_from_advice
from consult.advice import bp
from consult.advice import queries as q
from consult.advice.forms import (
    AdviceAnswerForm,
    AdviceFilesForm,
    AdvicePointForm,
    AdviceRequestForm,
    OverallAdviceForm,
)
from consult.advice.labels import advice_kind_label, advice_state_label, verdict_label
from consult.advice.models import MAX_ATTACHMENTS, Advice, AdviceAttachment, AdvicePoint, Verdict
from consult.advice.permissions import (
    ANSWER_ADVICE,
    CHANGE_GIVEN_ADVICE,
    DRAFT_ADVICE,
    READ_GIVEN_ADVICE,
    VIEW_AS_ADVISER,
    may_be_asked_for_advice,
)
from consult.advice.services import (
    AdviceClosed,
    AnswersClosed,
    CannotAsk,
    NoPoints,
    TooManyFiles,
    add_attachments,
    add_point,
    answer_point,
    change_point,
    remove_attachment,
    remove_point,
    request_advice,
    save_overall_advice,
    submit_advice,
)
from consult.consultations.models import Consultation, ConsultationKind
from consult.consultations.permissions import MANAGE_CONSULTATION
from consult.consultations.queries import consultation_or_404
from consult.core.db import utcnow
from consult.core.forms import EmptyForm, choices
from consult.core.submission import made_by
from consult.core.uploads import stored_path
from consult.extensions import db, limiter
from consult.organisations.models import Organisation

POST_LIMIT = "60/hour"


# The adviesraad ----------------------------------------------------------------------------------

def _advice_or_404(slug: str, organisation_slug: str) -> Advice:
    """The advice of ``organisation_slug`` on consultation ``slug`` (a new, unsaved one when there is
    none yet), if the current person may read it; 404 otherwise, whatever exists."""
    consultation = db.session.scalar(sa.select(Consultation).where(Consultation.slug == slug))
    organisation = db.session.scalar(sa.select(Organisation).where(Organisation.slug == organisation_slug))
    if consultation is None or organisation is None or not consultation.takes_reactions:
        abort(404)
    advice = q.advice_of(consultation, organisation) or _new_advice(consultation, organisation)
    if not VIEW_AS_ADVISER(current_user, advice):
        abort(404)
    return advice


def _new_advice(consultation: Consultation, organisation: Organisation) -> Advice:
    """Unsaved until its first write, so reading the page writes nothing."""
    return Advice(consultation=consultation, organisation=organisation, invitation=q.invitation_of(consultation, organisation),
                  request=q.request_of(consultation, organisation))


def _sections(advice: Advice):
    version = advice.consultation.document_version
    return version.sections if version else []


def _point_form(advice: Advice, obj: AdvicePoint | None = None) -> AdvicePointForm:
    form = AdvicePointForm(obj=obj)
    form.section.choices = choices([("", _("The whole document"))] + [(s.anchor, s.label) for s in _sections(advice)])
    return form


def _section(advice: Advice, anchor: str):
    return {s.anchor: s for s in _sections(advice)}.get(anchor)


def _advice_page(advice: Advice, overall_form=None, point_form=None, files_form=None, status: int = 200):
    consultation = advice.consultation
    overall_form = overall_form or OverallAdviceForm(formdata=None, overall=advice.body)
    return render_template(
        "advice/show.html", advice=advice, consultation=consultation, overall_form=overall_form,
        point_form=point_form or _point_form(advice), files_form=files_form or AdviceFilesForm(formdata=None),
        action_form=EmptyForm(), may_change=CHANGE_GIVEN_ADVICE(current_user, advice),
        is_open=DRAFT_ADVICE(current_user, advice), now=utcnow(), header_organisation=consultation.organisation,
    ), status


def _back(advice: Advice, anchor: str = ""):
    return redirect(url_for("advice.show_advice", slug=advice.consultation.slug, organisation=advice.organisation.slug,
                            _anchor=anchor or None))


def _closed(advice: Advice):
    db.session.rollback()
    flash(_("The advice can no longer be changed: the deadline has passed."), "error")
    return _back(advice)


def _at_the_same_moment(slug: str, organisation: str, **forms):
    """Two colleagues began the advice, or added a point, at the same moment: the unique constraints let
    one win; the other gets the page back with what they typed."""
    db.session.rollback()
    flash(_("A colleague changed the advice at the same moment. Your text is still here: check it and send it again."),
          "error")
    return _advice_page(_advice_or_404(slug, organisation), status=409, **forms)


@bp.get("/consultaties/<slug>/advies/<organisation>")
@login_required
def show_advice(slug: str, organisation: str):
    advice = _advice_or_404(slug, organisation)
    form = _point_form(advice)
    form.section.data = request.args.get("sectie", "")
    return _advice_page(advice, point_form=form)


@bp.post("/consultaties/<slug>/advies/<organisation>")
@login_required
@limiter.limit(POST_LIMIT)
def save_advice(slug: str, organisation: str):
    advice = _advice_or_404(slug, organisation)
    form = OverallAdviceForm()
    if not form.validate_on_submit():
        return _advice_page(advice, overall_form=form, status=400)
    try:
        save_overall_advice(advice, current_user, form.overall.data or "", utcnow())
        db.session.commit()
    except AdviceClosed:
        return _closed(advice)
    except IntegrityError:
        return _at_the_same_moment(slug, organisation, overall_form=form)
    flash(_("The overall advice is saved. Colleagues can see and change it."), "success")
    return _back(advice, "advies")


@bp.post("/consultaties/<slug>/advies/<organisation>/punten")
@login_required
@limiter.limit(POST_LIMIT)
def add_advice_point(slug: str, organisation: str):
    advice = _advice_or_404(slug, organisation)
    form = _point_form(advice)
    if made_by(AdvicePoint, form.sent_key()) is not None:  # the same point sent again: it is there
        return _back(advice, "punten")
    if not form.validate_on_submit():
        return _advice_page(advice, point_form=form, status=400)
    try:
        point = add_point(advice, current_user, _section(advice, form.section.data), form.body.data, utcnow(),
                          submission_key=form.sent_key())
        db.session.commit()
    except AdviceClosed:
        return _closed(advice)
    except IntegrityError:
        return _at_the_same_moment(slug, organisation, point_form=form)
    flash(_("Advice point %(number)s is added.", number=point.number), "success")
    return _back(advice, "punten")


def _point_or_404(advice: Advice, number: int) -> AdvicePoint:
    point = next((p for p in advice.points if p.number == number), None)
    if point is None:
        abort(404)
    return point


@bp.route("/consultaties/<slug>/advies/<organisation>/punten/<int:number>", methods=["GET", "POST"])
@login_required
@limiter.limit(POST_LIMIT, methods=["POST"])
def edit_advice_point(slug: str, organisation: str, number: int):
    advice = _advice_or_404(slug, organisation)
    point = _point_or_404(advice, number)
    form = _point_form(advice, obj=None if request.method == "POST" else point)
    if request.method == "GET":
        form.section.data = point.section.anchor if point.section else ""
    if request.method == "POST" and form.validate_on_submit():
        try:
            change_point(point, current_user, _section(advice, form.section.data), form.body.data, utcnow())
        except AdviceClosed:
            return _closed(advice)
        db.session.commit()
        flash(_("Advice point %(number)s is changed.", number=point.number), "success")
        return _back(advice, "punten")
    return render_template("advice/edit_point.html", advice=advice, point=point, form=form,
                           consultation=advice.consultation,
                           is_open=(DRAFT_ADVICE | CHANGE_GIVEN_ADVICE)(current_user, advice),
                           header_organisation=advice.consultation.organisation), 400 if form.errors else 200


@bp.post("/consultaties/<slug>/advies/<organisation>/punten/<int:number>/verwijderen")
@login_required
@limiter.limit(POST_LIMIT)
def remove_advice_point(slug: str, organisation: str, number: int):
    advice = _advice_or_404(slug, organisation)
    point = _point_or_404(advice, number)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        remove_point(point, utcnow())
    except AdviceClosed:
        return _closed(advice)
    db.session.commit()
    flash(_("The advice point is removed. The points after it moved up one number."), "success")
    return _back(advice, "punten")


@bp.post("/consultaties/<slug>/advies/<organisation>/indienen")
@login_required
@limiter.limit(POST_LIMIT)
def submit(slug: str, organisation: str):
    advice = _advice_or_404(slug, organisation)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        reference = submit_advice(advice, current_user, utcnow())
    except AdviceClosed:
        return _closed(advice)
    except NoPoints:
        flash(_("Add at least one advice point first."), "error")
        return _back(advice, "punt")
    db.session.commit()
    flash(_("The advice of %(organisation)s is submitted with reference %(reference)s. We sent you a receipt.",
            organisation=advice.organisation.name, reference=reference), "success")
    return _back(advice)


@bp.post("/consultaties/<slug>/advies/<organisation>/bijlagen")
@login_required
@limiter.limit(POST_LIMIT)
def add_files(slug: str, organisation: str):
    advice = _advice_or_404(slug, organisation)
    form = AdviceFilesForm()
    if not form.validate_on_submit():
        return _advice_page(advice, files_form=form, status=400)
    try:
        add_attachments(advice, current_user, form.uploaded, utcnow())
        db.session.commit()
    except AdviceClosed:
        return _closed(advice)
    except TooManyFiles:
        db.session.rollback()
        form.attachments.errors = [ngettext("An advice holds at most %(num)s file. Remove it first.",
                                              "An advice holds at most %(num)s files. Remove one first.", MAX_ATTACHMENTS)]
        return _advice_page(_advice_or_404(slug, organisation), files_form=form, status=400)
    except IntegrityError:
        return _at_the_same_moment(slug, organisation)
    flash(_("The files are added to the advice."), "success")
    return _back(advice, "bijlagen")


def _attachment_or_404(advice: Advice, attachment_id: int) -> AdviceAttachment:
    attachment = db.session.get(AdviceAttachment, attachment_id)
    if attachment is None or attachment.advice_id != advice.id:
        abort(404)
    return attachment


def _send(attachment: AdviceAttachment):
    return send_file(stored_path(attachment.storage_name), mimetype=attachment.content_type, as_attachment=True,
                     download_name=attachment.filename)


@bp.get("/consultaties/<slug>/advies/<organisation>/bijlagen/<int:attachment_id>")
@login_required
def download_file(slug: str, organisation: str, attachment_id: int):
    advice = _advice_or_404(slug, organisation)
    return _send(_attachment_or_404(advice, attachment_id))


@bp.post("/consultaties/<slug>/advies/<organisation>/bijlagen/<int:attachment_id>/verwijderen")
@login_required
@limiter.limit(POST_LIMIT)
def remove_file(slug: str, organisation: str, attachment_id: int):
    advice = _advice_or_404(slug, organisation)
    attachment = _attachment_or_404(advice, attachment_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        storage_name = remove_attachment(attachment, utcnow())
    except AdviceClosed:
        return _closed(advice)
    db.session.commit()
    stored_path(storage_name).unlink(missing_ok=True)  # only once the row is gone for good
    flash(_("The file is removed from the advice."), "success")
    return _back(advice, "bijlagen")


# Officials ---------------------------------------------------------------------------------------

def _answer_form(point: AdvicePoint, formdata=None) -> AdviceAnswerForm:
    prefix = f"punt-{point.id}"
    if formdata is None:
        return AdviceAnswerForm(formdata=None, prefix=prefix, verdict=point.verdict.value if point.verdict else None,
                          reasons=point.reasons)
    return AdviceAnswerForm(prefix=prefix)


def _request_form(consultation: Consultation) -> AdviceRequestForm:
    form = AdviceRequestForm(now=utcnow())
    asked = {r.organisation_id for r in q.requests_of(consultation)}
    form.organisation.choices = choices([("", _("Choose an advisory council"))] + [
        (o.slug, o.name) for o in q.advisory_councils() if o.id not in asked])
    return form


def _manage_page(consultation: Consultation, posted: AdviceAnswerForm | None = None, posted_point: int | None = None,
                 status: int = 200, request_form: AdviceRequestForm | None = None):
    advice = q.given_advice(consultation)
    forms = {p.id: (posted if p.id == posted_point else _answer_form(p)) for a in advice for p in a.points}
    may_ask = consultation.kind is ConsultationKind.PUBLIC_INSPECTION
    return render_template("advice/manage.html", consultation=consultation, advice=advice, forms=forms,
                           actions=actions_from_advice(advice),
                           can_answer=bool(advice) and ANSWER_ADVICE(current_user, advice[0]),
                           versions=q.versions_of(advice), requests=q.requests_of(consultation) if may_ask else [],
                           request_form=(request_form or _request_form(consultation)) if may_ask else None,
                           action_form=EmptyForm(), header_organisation=consultation.organisation), status


@bp.get("/beheer/consultaties/<slug>/advies")
@login_required
def manage_advice(slug: str):
    return _manage_page(consultation_or_404(slug, MANAGE_CONSULTATION))


@bp.get("/beheer/consultaties/<slug>/advies/bijlagen/<int:attachment_id>")
@login_required
def download_given_file(slug: str, attachment_id: int):
    consultation = consultation_or_404(slug, MANAGE_CONSULTATION)
    attachment = db.session.get(AdviceAttachment, attachment_id)
    if (attachment is None or attachment.advice.consultation_id != consultation.id
            or not READ_GIVEN_ADVICE(current_user, attachment.advice)):
        abort(404)
    return _send(attachment)


@bp.post("/beheer/consultaties/<slug>/advies/punten/<int:point_id>")
@login_required
@limiter.limit(POST_LIMIT)
def answer(slug: str, point_id: int):
    consultation = consultation_or_404(slug, MANAGE_CONSULTATION)
    point = db.session.get(AdvicePoint, point_id)
    if point is None or point.advice.consultation_id != consultation.id or not READ_GIVEN_ADVICE(current_user, point.advice):
        abort(404)
    form = _answer_form(point, formdata=request.form)
    if not form.validate_on_submit():
        return _manage_page(consultation, form, point.id, 400)
    try:
        mailed = answer_point(point, current_user, Verdict(form.verdict.data), form.reasons.data, utcnow())
    except AnswersClosed:
        db.session.rollback()
        flash(_("The response report is published: the answers stand as published."), "error")
        return redirect(url_for("advice.manage_advice", slug=slug))
    db.session.commit()
    message = _("The answer to advice point %(number)s is saved.", number=point.number)
    if mailed:
        message += " " + _("The members of %(organisation)s got the answers by e-mail.",
                           organisation=point.advice.organisation.name)
    flash(message, "success")
    return redirect(url_for("advice.manage_advice", slug=slug, _anchor=f"punt-{point.id}"))


@bp.post("/beheer/consultaties/<slug>/advies/vragen")
@login_required
@limiter.limit(POST_LIMIT)
def ask_for_advice(slug: str):
    """Ask an adviesraad for formal advice on a ter-inzage, with a deadline (a round asks by inviting)."""
    consultation = consultation_or_404(slug, MANAGE_CONSULTATION)
    if consultation.kind is not ConsultationKind.PUBLIC_INSPECTION:
        abort(404)
    form = _request_form(consultation)
    if not form.validate_on_submit():
        return _manage_page(consultation, status=400, request_form=form)
    organisation = db.session.scalar(sa.select(Organisation).where(Organisation.slug == form.organisation.data))
    if not may_be_asked_for_advice(consultation, organisation):
        form.organisation.errors.append(_("You can ask for advice once the consultation is published."))
        return _manage_page(consultation, status=400, request_form=form)
    try:
        request_advice(consultation, organisation, form.deadline(), current_user, utcnow())
    except CannotAsk:
        db.session.rollback()
        flash(_("%(organisation)s was asked already, or the deadline is not in the future.",
                organisation=organisation.name), "error")
        return redirect(url_for("advice.manage_advice", slug=slug, _anchor="vragen"))
    db.session.commit()
    flash(_("%(organisation)s is asked for advice. Its members got an e-mail.", organisation=organisation.name), "success")
    return redirect(url_for("advice.manage_advice", slug=slug, _anchor="vragen"))


for label in (verdict_label, advice_kind_label, advice_state_label):
    bp.add_app_template_global(label)
