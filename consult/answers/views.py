import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from consult.answers import bp
from consult.answers.forms import AnswerForm, PointForm
from consult.answers.labels import outcome_label
from consult.answers.models import Answer, Outcome, Point
from consult.answers.services import add_point as save_point
from consult.answers.services import answer, answers_of, update_answer
from consult.answers.services import code_point as save_point_code
from consult.coding.services import coding_scheme
from consult.consultations.models import Consultation
from consult.consultations.permissions import MANAGE_CONSULTATION
from consult.consultations.queries import consultation_or_404
from consult.core.forms import EmptyForm, choices, form_status
from consult.core.permissions import require
from consult.core.readability import readability_note
from consult.core.submission import commit_or_first, made_by
from consult.core.web import as_id, as_ids
from consult.extensions import db
from consult.moderation.views import reaction_page
from consult.reactions.models import Reaction


@bp.get("/consultaties/<slug>/antwoorden")
@login_required
def list_answers(slug: str):
    consultation = consultation_or_404(slug, MANAGE_CONSULTATION)
    return render_template("answers/list.html", consultation=consultation, answers=answers_of(consultation),
                           header_organisation=consultation.organisation)


@bp.route("/consultaties/<slug>/antwoorden/nieuw", methods=["GET", "POST"])
@login_required
def new_answer(slug: str):
    """One answer for the reactions and points named in the address (?reactie=…&deelpunt=…)."""
    consultation = consultation_or_404(slug, MANAGE_CONSULTATION)
    source = request.form if request.method == "POST" else request.args
    reaction_ids, point_ids = as_ids(source.getlist("reactie")), as_ids(source.getlist("deelpunt"))
    group_id = as_id(source.get("groep"))
    in_selection = Reaction.id.in_(reaction_ids) if group_id is None else Reaction.group_id == group_id
    reactions = db.session.scalars(sa.select(Reaction).where(Reaction.consultation_id == consultation.id, in_selection)).all()
    points = db.session.scalars(sa.select(Point).join(Reaction).where(Reaction.consultation_id == consultation.id, Point.id.in_(point_ids))).all()
    if not reactions and not points:
        flash(_("Choose the reactions or points to answer first."), "error")
        return redirect(url_for("moderation.queue", slug=slug))
    form = AnswerForm()
    if made_by(Answer, form.sent_key()) is not None:  # the same answer sent again: it is saved
        return redirect(url_for("answers.list_answers", slug=slug))
    latest = consultation.document_version.document.latest_version if consultation.document_version else None
    sections = {s.anchor: s for s in latest.sections} if latest else {}
    form.changed_section.choices = choices([("", _("No section"))] + [(a, s.label) for a, s in sections.items()])
    if form.validate_on_submit():
        answer(consultation, form.body.data, Outcome(form.outcome.data), sections.get(form.changed_section.data),
               list(reactions), list(points), current_user, submission_key=form.sent_key())
        commit_or_first(Answer, form.sent_key())
        flash(ngettext("The answer is saved for %(num)s reaction or point.", "The answer is saved for %(num)s reactions or points.",
                       len(reactions) + len(points)), "success")
        return redirect(url_for("answers.list_answers", slug=slug))
    return render_template("answers/new.html", consultation=consultation, form=form, reactions=reactions,
                           points=points, group_id=group_id, header_organisation=consultation.organisation), form_status(form)


@bp.post("/reacties/<int:reaction_id>/deelpunten")
@login_required
def add_point(reaction_id: int):
    reaction = db.get_or_404(Reaction, reaction_id)
    require(MANAGE_CONSULTATION, reaction.consultation)
    form = PointForm()
    if made_by(Point, form.sent_key()) is not None:  # the same point sent again: it is there
        return redirect(url_for("moderation.show_reaction", reaction_id=reaction.id, _anchor="deelpunten"))
    if not form.validate_on_submit():
        return reaction_page(reaction, point_form=form), 400
    sections = reaction.consultation.document_version.sections if reaction.consultation.document_version else []
    section = next((s for s in sections if s.anchor == request.form.get("section")), None)
    point = save_point(reaction, section, form.summary.data, current_user, submission_key=form.sent_key())
    point = commit_or_first(Point, form.sent_key()) or point
    flash(_("Point %(number)s is added.", number=point.number), "success")
    return redirect(url_for("moderation.show_reaction", reaction_id=reaction.id, _anchor="deelpunten"))


bp.add_app_template_global(outcome_label)
bp.add_app_template_global(readability_note)


@bp.post("/deelpunten/<int:point_id>/code")
@login_required
def code_point(point_id: int):
    point = db.get_or_404(Point, point_id)
    require(MANAGE_CONSULTATION, point.reaction.consultation)
    if not EmptyForm().validate_on_submit():
        abort(400)
    chosen = request.form.get("code", "")
    code = next((c for c in coding_scheme(point.reaction.consultation) if str(c.id) == chosen), None)
    if chosen and code is None:
        abort(400)
    save_point_code(point, code, current_user)
    db.session.commit()
    flash(_("The code of point %(number)s is saved.", number=point.number), "success")
    return redirect(url_for("moderation.show_reaction", reaction_id=point.reaction_id, _anchor="deelpunten"))


@bp.route("/antwoorden/<int:answer_id>", methods=["GET", "POST"])
@login_required
def edit_answer(answer_id: int):
    answer_to_edit = db.get_or_404(Answer, answer_id)
    consultation = db.get_or_404(Consultation, answer_to_edit.consultation_id)
    require(MANAGE_CONSULTATION, consultation)
    form = AnswerForm(obj=answer_to_edit if request.method == "GET" else None)
    latest = consultation.document_version.document.latest_version if consultation.document_version else None
    sections = {s.anchor: s for s in latest.sections} if latest else {}
    form.changed_section.choices = choices([("", _("No section"))] + [(a, s.label) for a, s in sections.items()])
    if request.method == "GET":
        form.outcome.data = answer_to_edit.outcome.value
        form.changed_section.data = answer_to_edit.changed_section.anchor if answer_to_edit.changed_section else ""
    if form.validate_on_submit():
        update_answer(answer_to_edit, form.body.data, Outcome(form.outcome.data), sections.get(form.changed_section.data),
                      current_user)
        db.session.commit()
        flash(_("The answer is changed."), "success")
        return redirect(url_for("answers.list_answers", slug=consultation.slug))
    return render_template("answers/edit.html", consultation=consultation, form=form, answer=answer_to_edit,
                           header_organisation=consultation.organisation), form_status(form)
