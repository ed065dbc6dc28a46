import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from consult.coding import bp
from consult.coding.forms import CodeForm, GroupForm, TopicForm
from consult.coding.models import Code, GroupKind
from consult.coding.queries import campaign_suggestions, groups_of, topic_suggestions
from consult.coding.services import (
    DuplicateCode,
    accept_topic,
    add_code,
    code_counts,
    coding_scheme,
    make_group,
    point_code_counts,
)
from consult.consultations.permissions import MANAGE_CONSULTATION
from consult.consultations.queries import consultation_or_404
from consult.core.forms import EmptyForm
from consult.core.web import as_ids
from consult.extensions import db
from consult.jobs.models import Job
from consult.jobs.services import enqueue, latest
from consult.reactions.models import Reaction

ANALYSES = ("topics", "campaigns")



@bp.get("/consultaties/<slug>/codes")
@login_required
def list_codes(slug: str):
    consultation = consultation_or_404(slug, MANAGE_CONSULTATION)
    return _codes_page(consultation)


def _codes_page(consultation, refused: dict | None = None):
    """The codes page. ``refused`` is a form that could not be accepted (``kind``: code, topic or group,
    ``index``, ``form``, ``ticked``): it comes back in its place with its errors and all that was typed."""
    topics_job, campaigns_job = latest("topics", consultation.id), latest("campaigns", consultation.id)
    return render_template(
        "coding/list.html", consultation=consultation, codes=coding_scheme(consultation), counts=code_counts(consultation), point_counts=point_code_counts(consultation),
        groups=groups_of(consultation), topics_job=topics_job, topics=topic_suggestions(consultation, topics_job),
        campaigns_job=campaigns_job, suggestions=campaign_suggestions(consultation, campaigns_job),
        form=EmptyForm(), refused=refused or {}, header_organisation=consultation.organisation,
    )


@bp.post("/consultaties/<slug>/analyse/<any(topics, campaigns):kind>")
@login_required
def start_analysis(slug: str, kind: str):
    consultation = consultation_or_404(slug, MANAGE_CONSULTATION)
    if not EmptyForm().validate_on_submit():
        abort(400)
    enqueue(kind, consultation.id, current_user)
    db.session.commit()
    flash(_("The search has started. You can keep working; come back to this page to see the result."), "success")
    return redirect(url_for("coding.list_codes", slug=slug, _anchor=kind))


@bp.post("/consultaties/<slug>/codes")
@login_required
def create_code(slug: str):
    consultation = consultation_or_404(slug, MANAGE_CONSULTATION)
    form = CodeForm()
    if not form.validate_on_submit():
        return _codes_page(consultation, {"kind": "code", "form": form}), 400
    try:
        add_code(consultation, form.title.data, current_user)
    except DuplicateCode:
        form.title.errors.append(_("This code already exists."))
        return _codes_page(consultation, {"kind": "code", "form": form}), 409
    db.session.commit()
    flash(_("Code %(title)s is added.", title=form.title.data), "success")
    return redirect(url_for("coding.list_codes", slug=slug))


@bp.post("/consultaties/<slug>/onderwerpen/<int:job_id>/<int:index>")
@login_required
def accept(slug: str, job_id: int, index: int):
    """An official accepts a suggested topic: it becomes a code on the reactions it rests on."""
    consultation = consultation_or_404(slug, MANAGE_CONSULTATION)
    job = db.get_or_404(Job, job_id)
    topics = job.result.get("topics", []) if job.consultation_id == consultation.id else []
    form = TopicForm()
    if not 0 <= index < len(topics):
        abort(404)
    if not form.validate_on_submit():
        return _codes_page(consultation, {"kind": "topic", "index": index, "form": form}), 400
    title = form.title.data or ", ".join(topics[index]["words"][:2])
    code: Code = accept_topic(consultation, job, index, title, current_user)
    db.session.commit()
    flash(_("Code %(title)s is added.", title=code.title), "success")
    return redirect(url_for("coding.list_codes", slug=slug, _anchor="topics"))


@bp.post("/consultaties/<slug>/groepen")
@login_required
def create_group(slug: str):
    """Accept a suggested campaign group: the official confirms which reactions belong to it."""
    consultation = consultation_or_404(slug, MANAGE_CONSULTATION)
    form = GroupForm()
    ids = as_ids(request.form.getlist("reaction"))
    reactions = db.session.scalars(sa.select(Reaction).where(Reaction.consultation_id == consultation.id, Reaction.id.in_(ids))).all()
    if not form.validate_on_submit() or not reactions:
        if not reactions:
            flash(_("Tick one or more reactions, then choose what to do with them."), "error")
        refused = {"kind": "group", "index": form.suggestion.data, "form": form, "ticked": {r.id for r in reactions}}
        return _codes_page(consultation, refused), 400
    title = form.title.data or _("Campaign letter")
    group = make_group(consultation, list(reactions), GroupKind.CAMPAIGN, title, current_user)
    db.session.commit()
    flash(ngettext("Group %(title)s is made with %(num)s reaction.", "Group %(title)s is made with %(num)s reactions.",
                   len(reactions), title=group.title), "success")
    return redirect(url_for("coding.list_codes", slug=slug))
