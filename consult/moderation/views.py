from datetime import time
from urllib.parse import parse_qsl, urlsplit

import sqlalchemy as sa
from flask import abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict

from consult.accounts.queries import officials_of
from consult.actions.queries import actions_from_reactions
from consult.answers.forms import PointForm
from consult.audit.services import record_view
from consult.coding.models import GroupKind
from consult.coding.services import add_code_to, coding_scheme, make_group, set_codes
from consult.consultations.forms import local_moment
from consult.consultations.models import Consultation
from consult.consultations.permissions import MANAGE_CONSULTATION
from consult.consultations.queries import consultation_or_404
from consult.core.db import utcnow
from consult.core.forms import EmptyForm, choices, form_status
from consult.core.i18n import AMSTERDAM
from consult.core.lists import list_url
from consult.core.permissions import require
from consult.core.submission import commit_or_first, made_by
from consult.core.uploads import stored_path
from consult.core.web import as_ids, is_safe_next, no_store
from consult.documents.queries import SectionChoice, documents_of, section_choices
from consult.extensions import db
from consult.jobs.services import latest
from consult.moderation import bp
from consult.moderation.dashboard import bar_chart, dashboard_charts
from consult.moderation.forms import ApproveForm, BulkForm, LateDecisionForm, RedactForm, RejectForm
from consult.moderation.labels import pii_labels
from consult.moderation.pii import find_personal_data, highlight, redaction_suggestion
from consult.moderation.queries import (
    QueueFilter,
    managed_consultations,
    organisation_names,
    queue_page,
    workload,
)
from consult.moderation.services import (
    PersonalDataChoice,
    PersonalDataUndecided,
    approve_many,
    approve_reaction,
    assign_reactions,
    mark_read,
    read_ids,
    redact_reaction,
    reject_many,
    reject_reaction,
)
from consult.moderation.services import show_again as show_reaction_again
from consult.organisations.models import OrganisationKind
from consult.organisations.permissions import is_official
from consult.privacy.queries import open_request_count
from consult.reactions.forms import ORGANISATION_KIND_CHOICES, PaperReactionForm
from consult.reactions.models import (
    Action,
    Attachment,
    Channel,
    Publication,
    Reaction,
    TransitionNotAllowed,
)
from consult.reactions.publication import personal_data_in, public_text
from consult.reactions.queries import publication_history
from consult.reactions.services import (
    PaperReactionInput,
    UploadedFile,
    decide_on_late,
    enter_paper_reaction,
)
from consult.workshops.queries import workshops_of


@bp.get("/")
@login_required
def dashboard():
    if not is_official(current_user):
        abort(403)
    organisation_ids = [o.id for o in current_user.governed_organisations]
    return render_template(
        "moderation/dashboard.html", organisations=current_user.governed_organisations,
        consultations=managed_consultations(organisation_ids), workshops=workshops_of(organisation_ids),
        documents=documents_of(organisation_ids), now=utcnow(),
        open_requests=open_request_count(organisation_ids),
    )


@bp.get("/consultaties/<slug>/moderatie")
@login_required
def queue(slug: str):
    consultation = consultation_or_404(slug, MANAGE_CONSULTATION)
    form = BulkForm()
    # After a log-in that followed an ended session, the reactions that were ticked are ticked again.
    kept = g.get("kept_form") or MultiDict()
    return _queue_page(consultation, request.args, form, set(as_ids(kept.getlist("reaction"))))


def _queue_page(consultation: Consultation, args, bulk_form: BulkForm, ticked=frozenset(), back=None):
    """The queue with the filters in ``args``; ``ticked`` reactions stay ticked when a bulk action is refused."""
    filters = QueueFilter.from_args(args)
    page = queue_page(consultation, filters, current_user.id, args.get("pagina", 1, type=int))
    sections = consultation.document_version.sections if consultation.document_version else []
    codes = coding_scheme(consultation)
    # The list shows names: a view of personal data, logged like opening one reaction.
    record_view(current_user, "reactions_listed", consultation, consultation.organisation_id,
                page=page.number, reactions=[r.id for r in page.items])
    return render_template(
        "moderation/queue.html", consultation=consultation, filters=filters, page=page, codes=codes,
        section_options=[(s.anchor, s.label) for s in sections], code_options=[(str(c.id), c.title) for c in codes],
        stakeholder_options=[(choice.value, choice.label) for choice in choices(ORGANISATION_KIND_CHOICES[1:])],
        organisation_options=[(name, name) for name in organisation_names(consultation)],
        read=read_ids(page.items, current_user), work=workload(consultation),
        xlsx_job=latest("export_xlsx", consultation.id), bulk_form=bulk_form, ticked=ticked, back=back,
        header_organisation=consultation.organisation,
    )



@bp.post("/consultaties/<slug>/selectie")
@login_required
def bulk(slug: str):
    """One action on the reactions ticked in the queue."""
    consultation = consultation_or_404(slug, MANAGE_CONSULTATION)
    form = BulkForm()
    back = request.form.get("back") if is_safe_next(request.form.get("back")) else url_for("moderation.queue", slug=slug)
    ids = as_ids(request.form.getlist("reaction"))
    reactions = db.session.scalars(sa.select(Reaction).where(Reaction.consultation_id == consultation.id, Reaction.id.in_(ids)).order_by(Reaction.id).with_for_update()).all()
    if not form.validate_on_submit() or not reactions:
        # The page again with every tick and every typed character, and the reason beside the field.
        if not reactions:
            flash(_("Tick one or more reactions, then choose what to do with them."), "error")
        return _queue_page(consultation, MultiDict(parse_qsl(urlsplit(back).query, keep_blank_values=True)), form, {r.id for r in reactions}, back), 400
    action, now = form.action.data, utcnow()
    if action == "answer":
        return redirect(url_for("answers.new_answer", slug=slug, reactie=[r.id for r in reactions]))
    if action == "approve":
        done, left = approve_many(reactions, current_user, now)
        if left:
            flash(ngettext("Reaction %(references)s may hold personal data: open it and decide what to publish.",
                           "Reactions %(references)s may hold personal data: open them one by one and decide what to publish.",
                           len(left), references=", ".join(r.reference for r in left)), "error")
    elif action == "reject":
        done = reject_many(reactions, current_user, now, form.reason.data)
    elif action == "assign_me":
        assign_reactions(reactions, current_user, current_user)
        done = len(reactions)
    elif action == "read":
        mark_read(reactions, current_user)
        done = len(reactions)
    elif action == "group":
        make_group(consultation, reactions, GroupKind.SIMILAR, form.group_title.data or _("Group"), current_user)
        done = len(reactions)
    else:  # "code:<id>"
        code = next((c for c in coding_scheme(consultation) if f"code:{c.id}" == action), None)
        if code is None:
            abort(400)
        done = add_code_to(reactions, code, current_user)
    db.session.commit()
    flash(ngettext("Done for %(num)s reaction.", "Done for %(num)s reactions.", done), "success")
    return redirect(back)


@bp.get("/reacties/<int:reaction_id>")
@login_required
def show_reaction(reaction_id: int):
    reaction = _load_reaction(reaction_id)
    consultation = reaction.consultation
    record_view(current_user, "personal_data_viewed", reaction, consultation.organisation_id)
    return reaction_page(reaction)


def reaction_page(reaction: Reaction, redact_form=None, reject_form=None, point_form=None, late_form=None):
    """One reaction with its forms; a refused form comes back with what was typed and its errors."""
    consultation = reaction.consultation
    findings = find_personal_data(reaction.body, reaction.author_name)
    to_publish = personal_data_in(reaction)
    if redact_form is None:
        redact_form = RedactForm(public_body=reaction.public_body if reaction.public_body is not None
                                 else redaction_suggestion(public_text(reaction), to_publish))
    sections = consultation.document_version.sections if consultation.document_version else []
    return render_template(
        "moderation/reaction.html", reaction=reaction, consultation=consultation, findings=findings,
        highlighted=highlight(reaction.body, findings, pii_labels()), redact_form=redact_form,
        reject_form=reject_form or RejectForm(), point_form=point_form or PointForm(), empty_form=EmptyForm(),
        approve_form=ApproveForm(), findings_to_publish=to_publish, late_form=late_form or _late_form(reaction),
        publication_history=publication_history(reaction),
        codes=coding_scheme(consultation), sections=sections,
        officials=officials_of(consultation.organisation), is_read=reaction.id in read_ids([reaction], current_user),
        header_organisation=consultation.organisation,
        actions=actions_from_reactions([reaction.id]).get(reaction.id, []),
    )


def _load_reaction(reaction_id: int, for_update: bool = False) -> Reaction:
    """``for_update`` for actions that move the counters: two officials at once must not both count."""
    reaction = db.get_or_404(Reaction, reaction_id, with_for_update=for_update)
    require(MANAGE_CONSULTATION, reaction.consultation)
    return reaction


@bp.post("/reacties/<int:reaction_id>/goedkeuren")
@login_required
def approve(reaction_id: int):
    reaction = _load_reaction(reaction_id, for_update=True)
    form = ApproveForm()
    if not form.validate_on_submit():
        abort(400)
    choice = form.personal_data.data
    try:
        approve_reaction(reaction, current_user, utcnow(), PersonalDataChoice(choice) if choice else None)
    except TransitionNotAllowed:
        flash(_("Reaction %(reference)s cannot be approved now. Nothing has changed.", reference=reaction.reference), "info")
    except PersonalDataUndecided:
        flash(_("We found possible personal data in reaction %(reference)s. Choose what you publish, then approve.",
                reference=reaction.reference), "error")
        return redirect(url_for("moderation.show_reaction", reaction_id=reaction.id, _anchor="modereren"))
    else:
        db.session.commit()
        flash(_("Reaction %(reference)s is approved.", reference=reaction.reference), "success")
    back = request.form.get("back")
    return redirect(back if is_safe_next(back) else list_url("moderation.queue", slug=reaction.consultation.slug))


@bp.post("/reacties/<int:reaction_id>/afwijzen")
@login_required
def reject(reaction_id: int):
    reaction = _load_reaction(reaction_id, for_update=True)
    form = RejectForm()
    if not form.validate_on_submit():
        return reaction_page(reaction, reject_form=form), 400
    if not reaction.can(Action.REJECT):
        flash(_("Reaction %(reference)s cannot be rejected now. Nothing has changed.", reference=reaction.reference), "info")
    else:
        reject_reaction(reaction, current_user, utcnow(), form.reason.data, form.message.data or "")
        db.session.commit()
        flash(_("Reaction %(reference)s is rejected. It is not published.", reference=reaction.reference), "success")
    return redirect(url_for("moderation.show_reaction", reaction_id=reaction.id))


def _late_form(reaction: Reaction) -> LateDecisionForm:
    decided = reaction.is_late_considered
    return LateDecisionForm(formdata=None, considered=None if decided is None else ("yes" if decided else "no"),
                            reason=reaction.late_decision_reason)


@bp.post("/reacties/<int:reaction_id>/te-laat")
@login_required
def decide_late(reaction_id: int):
    reaction = _load_reaction(reaction_id)
    form = LateDecisionForm()
    if not reaction.can(Action.DECIDE_LATE):
        flash(_("Reaction %(reference)s was not late, or no longer counts. Nothing has changed.", reference=reaction.reference), "info")
        return redirect(url_for("moderation.show_reaction", reaction_id=reaction.id))
    if not form.validate_on_submit():
        return reaction_page(reaction, late_form=form), 400
    decide_on_late(reaction, current_user, form.considered.data == "yes", form.reason.data.strip(), utcnow())
    db.session.commit()
    flash(_("Your decision about the late reaction is saved. The response report shows it."), "success")
    return redirect(url_for("moderation.show_reaction", reaction_id=reaction.id))


@bp.post("/reacties/<int:reaction_id>/redigeren")
@login_required
def redact(reaction_id: int):
    reaction = _load_reaction(reaction_id)
    form = RedactForm()
    if not reaction.can(Action.REDACT):
        flash(_("This reaction no longer counts, so there is no text to publish. Nothing has changed."), "info")
        return redirect(url_for("moderation.show_reaction", reaction_id=reaction.id))
    if not form.validate_on_submit():
        return reaction_page(reaction, redact_form=form), 400
    redact_reaction(reaction, current_user, form.public_body.data)
    db.session.commit()
    flash(_("The text to publish is saved. The original stays visible to officials."), "success")
    return redirect(url_for("moderation.show_reaction", reaction_id=reaction.id))


@bp.post("/reacties/<int:reaction_id>/codes")
@login_required
def code_reaction(reaction_id: int):
    reaction = _load_reaction(reaction_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    chosen = set(request.form.getlist("code"))
    set_codes(reaction, [c for c in coding_scheme(reaction.consultation) if str(c.id) in chosen], current_user)
    db.session.commit()
    flash(_("The codes are saved."), "success")
    return redirect(url_for("moderation.show_reaction", reaction_id=reaction.id))


@bp.post("/reacties/<int:reaction_id>/toewijzen")
@login_required
def assign(reaction_id: int):
    reaction = _load_reaction(reaction_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    chosen = request.form.get("official", "")
    assignee = next((u for u in officials_of(reaction.consultation.organisation) if str(u.id) == chosen), None)
    if chosen and assignee is None:
        abort(400)
    assign_reactions([reaction], current_user, assignee)
    db.session.commit()
    flash(_("The reaction is assigned to %(name)s.", name=assignee.name) if assignee else _("Nobody is assigned now."), "success")
    return redirect(url_for("moderation.show_reaction", reaction_id=reaction.id))


@bp.post("/reacties/<int:reaction_id>/gelezen")
@login_required
def mark_as_read(reaction_id: int):
    reaction = _load_reaction(reaction_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    mark_read([reaction], current_user)
    db.session.commit()
    return redirect(url_for("moderation.show_reaction", reaction_id=reaction.id))


@bp.route("/consultaties/<slug>/reactie-invoeren", methods=["GET", "POST"])
@login_required
def enter_reaction(slug: str):
    consultation = consultation_or_404(slug, MANAGE_CONSULTATION)
    sections = section_choices(consultation.document_version_id)
    form = PaperReactionForm()
    form.section.choices = choices([("", _("The whole document"))] + [(s.anchor, s.label) for s in sections])
    now = utcnow()
    if request.method == "GET":
        local_now = now.astimezone(AMSTERDAM)
        form.received_on.data, form.received_time.data = local_now.date(), local_now.time().replace(second=0, microsecond=0)
    if (made := made_by(Reaction, form.sent_key())) is not None:  # the same letter sent again: saved once
        flash(_("Reaction %(reference)s is saved.", reference=made.reference), "success")
        return redirect(url_for("moderation.enter_reaction", slug=slug))
    if form.validate_on_submit():
        reaction = enter_paper_reaction(consultation, _paper_input(form, sections), current_user, now, form.sent_key())
        reaction = commit_or_first(Reaction, form.sent_key()) or reaction
        message = _("Reaction %(reference)s is saved.", reference=reaction.reference)
        if reaction.is_late:
            message += " " + _("It came in late and is marked as late.")
        flash(message, "success")
        return redirect(url_for("moderation.enter_reaction", slug=slug))
    return render_template("moderation/enter_reaction.html", consultation=consultation, form=form,
                           header_organisation=consultation.organisation), form_status(form)


def _paper_input(form: PaperReactionForm, sections: list[SectionChoice]) -> PaperReactionInput:
    kind = form.organisation_kind.data
    postmark = form.postmarked_on.data
    return PaperReactionInput(
        channel=Channel(form.channel.data),
        received_at=local_moment(form.received_on.data, form.received_time.data),
        # A postmark gives a day, not an hour: the sender gets the benefit of the doubt.
        postmarked_at=local_moment(postmark, time(0, 0)) if postmark else None,
        section_id={s.anchor: s.id for s in sections}.get(form.section.data),
        body=form.body.data,
        author_name=form.author_name.data,
        author_email=form.author_email.data or "",
        author_address=form.author_address.data or "",
        author_place=form.author_place.data or "",
        organisation_name=form.organisation_name.data or "",
        organisation_kind=OrganisationKind(kind) if kind else None,
        co_signers=form.co_signers.data or "",
        locale=form.language.data,
        publication=Publication(form.publication.data),
        files=[UploadedFile(name, data) for name, data in getattr(form, "uploaded", [])],
    )


@bp.get("/bijlagen/<int:attachment_id>")
@login_required
@no_store
def download_attachment(attachment_id: int):
    """Files are served only to officials of the consultation's owner, always as a download."""
    attachment = db.get_or_404(Attachment, attachment_id)
    require(MANAGE_CONSULTATION, attachment.reaction.consultation)
    record_view(current_user, "attachment_downloaded", attachment.reaction, attachment.reaction.consultation.organisation_id,
                attachment=attachment.id)
    return send_file(stored_path(attachment.storage_name), mimetype=attachment.content_type,
                     as_attachment=True, download_name=attachment.filename)


@bp.get("/consultaties/<slug>/dashboard")
@login_required
def show_dashboard(slug: str):
    consultation = consultation_or_404(slug, MANAGE_CONSULTATION)
    return render_template("moderation/dashboard_charts.html", consultation=consultation, charts=dashboard_charts(consultation),
                           bar_chart=bar_chart, work=workload(consultation), header_organisation=consultation.organisation)


@bp.post("/reacties/<int:reaction_id>/weer-tonen")
@login_required
def show_again(reaction_id: int):
    reaction = _load_reaction(reaction_id, for_update=True)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if reaction.can(Action.SHOW_AGAIN):
        show_reaction_again(reaction, current_user)
        db.session.commit()
        flash(_("The reaction is visible again."), "success")
    else:
        flash(_("The reaction is not hidden. Nothing has changed."), "info")
    return redirect(url_for("moderation.show_reaction", reaction_id=reaction.id))
