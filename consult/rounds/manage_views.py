"""The officials' side of a feedbackronde: the progress view, invitations, settings, reminders, a later
deadline and late comments for one organisation, and the progress as CSV or XLSX. Only officials of
the municipality or region that runs the round; everyone else gets 404 (``consultation_or_404``)."""
import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required

from consult.accounts.sessions import recent_login_required
from consult.audit.services import record_view
from consult.consultations.models import Consultation, ConsultationKind, State
from consult.consultations.permissions import DECIDE_FOR_CONSULTATION
from consult.consultations.queries import consultation_or_404
from consult.core.db import utcnow, write_apart
from consult.core.forms import EmptyForm, choices
from consult.core.i18n import AMSTERDAM, closing_moment
from consult.core.web import no_store
from consult.exports.formats import csv_response, xlsx_file
from consult.extensions import db, limiter
from consult.organisations.labels import STAKEHOLDER_LABELS
from consult.organisations.models import Organisation, OrganisationKind
from consult.rounds import bp
from consult.rounds import queries as q
from consult.rounds.exports import progress_header, progress_rows
from consult.rounds.forms import (
    CommentForm,
    DeadlineForm,
    GuidingQuestionForm,
    InviteForm,
    RoundSettingsForm,
    parse_reminder_days,
)
from consult.rounds.models import GuidingQuestion, NotYetPublic
from consult.rounds.permissions import ADD_LATE_COMMENT, EXTEND_DEADLINE, MAKE_PUBLIC, REMIND
from consult.rounds.reminders import CannotRemind, NobodyToMail, remind_everyone_pending, send_reminder
from consult.rounds.services import (
    InviteSelection,
    QuestionAnswered,
    add_guiding_question,
    add_late_comment,
    extend_deadline,
    invite_organisations,
    make_round_public,
    remove_guiding_question,
    round_for,
)

POST_LIMIT = "60/hour"
KIND_LABELS = {**STAKEHOLDER_LABELS, OrganisationKind.INTERNAL_TEAM: _l("Internal team or council")}
# The progress view's filter: everyone, or only the organisations that have not submitted.
NOT_RESPONDED = "niet-gereageerd"


@bp.app_template_global()
def organisation_kind_label(kind) -> str:
    return str(KIND_LABELS.get(kind, kind.value))


def _managed_round(slug: str):
    consultation = consultation_or_404(slug, DECIDE_FOR_CONSULTATION)
    if consultation.kind is not ConsultationKind.PARTNER_ROUND:
        abort(404)
    # Made the first time an official opens it, in a writing transaction of its own (this may be a GET).
    return q.round_of(consultation) or write_apart(lambda: round_for(consultation))


def _settings_form(feedback_round) -> RoundSettingsForm:
    form = RoundSettingsForm(obj=feedback_round)
    if request.method == "GET" or not form.is_submitted():
        form.reminder_days.data = ", ".join(str(d) for d in feedback_round.reminder_days)
    return form


def _manage_page(feedback_round, invite_form: InviteForm, settings_form: RoundSettingsForm, status: int = 200,
                 question_form: GuidingQuestionForm | None = None):
    progress = q.progress(feedback_round)
    only_pending = request.args.get("toon") == NOT_RESPONDED
    return render_template("rounds/manage.html", round=feedback_round, consultation=feedback_round.consultation,
                           progress=progress, rows=progress.not_responded if only_pending else progress.rows,
                           only_pending=only_pending, invite_form=invite_form, settings_form=settings_form,
                           question_form=question_form or _question_form(feedback_round.consultation),
                           questions=q.questions_of(feedback_round),
                           may_make_public=MAKE_PUBLIC(current_user, feedback_round),
                           action_form=EmptyForm(), header_organisation=feedback_round.consultation.organisation,
                           now=utcnow()), status


def _question_form(consultation: Consultation) -> GuidingQuestionForm:
    form = GuidingQuestionForm()
    sections = consultation.document_version.sections if consultation.document_version else []
    form.section.choices = choices([("", _("The whole document"))] + [(s.anchor, s.label) for s in sections])
    return form


def _invite_form(consultation: Consultation) -> InviteForm:
    form = InviteForm()
    form.kind.choices = choices([("", _("No kind"))] + [(k.value, organisation_kind_label(k)) for k in KIND_LABELS])
    form.region.choices = choices([("", _("No region"))] + [(str(r.id), r.name) for r in q.regions()])
    form.organisations.choices = choices((str(o.id), o.name) for o in q.invitable_organisations())
    form.same_as.choices = choices([("", _("No earlier round"))] + [
        (str(r.id), f"{r.consultation.title} ({_('version %(number)s', number=r.consultation.document_version.number)})")
        for r in q.earlier_rounds(consultation)])
    return form


@bp.get("/beheer/consultaties/<slug>/ronde")
@login_required
def manage_round(slug: str):
    feedback_round = _managed_round(slug)
    return _manage_page(feedback_round, _invite_form(feedback_round.consultation), _settings_form(feedback_round))


@bp.post("/beheer/consultaties/<slug>/ronde/uitnodigen")
@login_required
@limiter.limit(POST_LIMIT)
def invite(slug: str):
    feedback_round = _managed_round(slug)
    form = _invite_form(feedback_round.consultation)
    if not form.validate_on_submit():
        return _manage_page(feedback_round, form, _settings_form(feedback_round), 400)
    selection = InviteSelection(
        kind=OrganisationKind(form.kind.data) if form.kind.data else None,
        region_id=int(form.region.data) if form.region.data else None,
        organisation_ids=[int(i) for i in form.organisations.data or []],
        same_as_round_id=int(form.same_as.data) if form.same_as.data else None)
    invited = invite_organisations(feedback_round, selection, current_user, utcnow())
    db.session.commit()
    if not invited.invitations:
        flash(_("No new organisations: the ones you chose were invited already."), "info")
    elif invited.mailed:
        flash(ngettext("%(num)s organisation is invited and its people got an e-mail.",
                       "%(num)s organisations are invited and their people got an e-mail.", len(invited.invitations)),
              "success")
    else:
        flash(ngettext("%(num)s organisation is invited. Its people get an e-mail when you publish the round.",
                       "%(num)s organisations are invited. Their people get an e-mail when you publish the round.",
                       len(invited.invitations)), "success")
    _warn_unreachable(invited.unreachable)
    return redirect(url_for("rounds.manage_round", slug=slug))


@bp.post("/beheer/consultaties/<slug>/ronde/instellingen")
@login_required
@limiter.limit(POST_LIMIT)
def change_settings(slug: str):
    feedback_round = _managed_round(slug)
    form = RoundSettingsForm()
    if not form.validate_on_submit():
        return _manage_page(feedback_round, _invite_form(feedback_round.consultation), form, 400)
    feedback_round.partners_see_each_other = form.partners_see_each_other.data
    feedback_round.reminder_days = parse_reminder_days(form.reminder_days.data or "")
    feedback_round.allows_replies = form.allows_replies.data
    feedback_round.is_public_afterwards = form.is_public_afterwards.data
    db.session.commit()
    flash(_("The settings of the round are saved."), "success")
    return redirect(url_for("rounds.manage_round", slug=slug))


@bp.post("/beheer/consultaties/<slug>/ronde/hulpvragen")
@login_required
@limiter.limit(POST_LIMIT)
def add_question(slug: str):
    feedback_round = _managed_round(slug)
    form = _question_form(feedback_round.consultation)
    if not form.validate_on_submit():
        return _manage_page(feedback_round, _invite_form(feedback_round.consultation), _settings_form(feedback_round),
                            400, question_form=form)
    sections = {s.anchor: s for s in feedback_round.consultation.document_version.sections}
    add_guiding_question(feedback_round, sections.get(form.section.data), form.text.data, current_user)
    db.session.commit()
    flash(_("The question is added. Invited organisations see it on the page of the round."), "success")
    return redirect(url_for("rounds.manage_round", slug=slug) + "#hulpvragen")


@bp.post("/beheer/consultaties/<slug>/ronde/hulpvragen/<int:question_id>/verwijderen")
@login_required
@limiter.limit(POST_LIMIT)
def remove_question(slug: str, question_id: int):
    feedback_round = _managed_round(slug)
    question = db.session.get(GuidingQuestion, question_id)
    if question is None or question.round_id != feedback_round.id:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        remove_guiding_question(question, current_user)
    except QuestionAnswered:
        flash(_("Organisations already answered this question. It stays, so their comments keep their question."), "error")
        return redirect(url_for("rounds.manage_round", slug=slug) + "#hulpvragen")
    db.session.commit()
    flash(_("The question is removed."), "success")
    return redirect(url_for("rounds.manage_round", slug=slug) + "#hulpvragen")


@bp.post("/beheer/consultaties/<slug>/ronde/openbaar-maken")
@login_required
@limiter.limit(POST_LIMIT)
def make_public(slug: str):
    """Publish the round and its published comments on its public page, after the last deadline."""
    feedback_round = _managed_round(slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        make_round_public(feedback_round, current_user, utcnow())
    except NotYetPublic:
        flash(_("The round cannot be made public: the setting does not allow it, or a deadline has not passed yet."),
              "error")
        return redirect(url_for("rounds.manage_round", slug=slug, _anchor="openbaar"))
    db.session.commit()
    flash(_("The round is public. Everyone can read it and the published comments."), "success")
    return redirect(url_for("rounds.manage_round", slug=slug, _anchor="openbaar"))


@bp.get("/beheer/consultaties/<slug>/ronde/vergelijking")
@login_required
def compare(slug: str):
    """Per section, every organisation's submitted comments side by side and the advice points about
    it; ``?soort=<kind>`` keeps one kind of organisation, ``?sectie=<anchor>`` one section (``geheel``:
    the whole document), for large rounds. Printable."""
    feedback_round = _managed_round(slug)
    kind = request.args.get("soort", "")
    chosen = next((k for k in KIND_LABELS if k.value == kind), None)
    only = request.args.get("sectie") or None
    consultation = feedback_round.consultation
    return render_template("rounds/compare.html", round=feedback_round, consultation=consultation,
                           rows=q.comparison(feedback_round, chosen, only), kinds=list(KIND_LABELS), chosen=chosen,
                           only=only, whole=q.WHOLE_DOCUMENT,
                           sections=consultation.document_version.sections if consultation.document_version else [],
                           header_organisation=consultation.organisation)


def _warn_unreachable(organisations: list[Organisation]) -> None:
    """Name the organisations nobody could be mailed at: no active person belongs to them."""
    if organisations:
        flash(_("Nobody to mail at %(organisations)s: invite a contact person.",
                organisations=", ".join(o.name for o in organisations)), "warning")


@bp.post("/beheer/consultaties/<slug>/ronde/herinneren")
@login_required
@limiter.limit(POST_LIMIT)
def remind_everyone(slug: str):
    feedback_round = _managed_round(slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if feedback_round.consultation.state is State.DRAFT:
        flash(_("The round is still a concept: nobody is invited yet. Reminders can go out once it is published."), "info")
        return redirect(url_for("rounds.manage_round", slug=slug, _anchor="voortgang"))
    reminded = remind_everyone_pending(feedback_round, current_user, utcnow())
    db.session.commit()
    if reminded.reminders:
        flash(ngettext("%(num)s organisation got a reminder.", "%(num)s organisations got a reminder.",
                       len(reminded.reminders)), "success")
    elif not reminded.unreachable:
        flash(_("Nobody to remind: every organisation has responded, or its deadline has passed."), "info")
    _warn_unreachable(reminded.unreachable)
    return redirect(url_for("rounds.manage_round", slug=slug, _anchor="voortgang"))


@bp.get("/beheer/consultaties/<slug>/ronde/voortgang.<any(csv, xlsx):extension>")
@login_required
@recent_login_required
@no_store
def export_progress(slug: str, extension: str):
    """The progress per organisation as a spreadsheet (names of organisations and officials only). Audited."""
    feedback_round = _managed_round(slug)
    consultation = feedback_round.consultation
    progress = q.progress(feedback_round)
    record_view(current_user, "round_progress_exported", consultation, consultation.organisation_id, format=extension)
    name = f"voortgang-{consultation.slug}.{extension}"
    # One row per organisation: made now, while the rows are bound to the request's session (a streamed
    # response would read them after the session has gone).
    rows = list(progress_rows(progress, organisation_kind_label))
    if extension == "csv":
        return csv_response(name, progress_header(), rows)
    with xlsx_file(progress_header(), rows, sheet_name=_("Progress")) as spooled:
        data = io.BytesIO(spooled.read())  # one row per organisation: small
    return send_file(data, as_attachment=True, download_name=name,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


# One invited organisation -------------------------------------------------------------------------

def _managed_invitation(slug: str, organisation: str):
    invitation = q.managed_invitation(_managed_round(slug), organisation)
    if invitation is None:
        abort(404)
    return invitation


def _late_comment_form(invitation) -> CommentForm:
    form = CommentForm(prefix="late")
    sections = invitation.round.consultation.document_version.sections if invitation.round.consultation.document_version else []
    form.section.choices = choices([("", _("The whole document"))] + [(s.anchor, s.label) for s in sections])
    return form


def _deadline_form(invitation, now) -> DeadlineForm:
    form = DeadlineForm(prefix="deadline", round_deadline=invitation.round.deadline, now=now)
    if not form.is_submitted():
        current = (invitation.deadline or now).astimezone(AMSTERDAM)
        form.deadline_on.data, form.deadline_time.data = current.date(), current.time().replace(second=0, microsecond=0)
        form.reason.data = invitation.deadline_reason
    return form


def _invitation_page(invitation, deadline_form: DeadlineForm, late_form: CommentForm, status: int = 200):
    now = utcnow()
    return render_template(
        "rounds/manage_invitation.html", invitation=invitation, round=invitation.round,
        consultation=invitation.round.consultation, reminders=q.reminders_of(invitation),
        submitted=q.submitted_by(invitation), deadline_form=deadline_form, late_form=late_form,
        action_form=EmptyForm(), may_remind=REMIND(current_user, invitation),
        may_extend=EXTEND_DEADLINE(current_user, invitation), may_add_late=ADD_LATE_COMMENT(current_user, invitation),
        header_organisation=invitation.round.consultation.organisation, now=now), status


@bp.get("/beheer/consultaties/<slug>/ronde/organisaties/<organisation>")
@login_required
def manage_invitation(slug: str, organisation: str):
    invitation = _managed_invitation(slug, organisation)
    return _invitation_page(invitation, _deadline_form(invitation, utcnow()), _late_comment_form(invitation))


@bp.post("/beheer/consultaties/<slug>/ronde/organisaties/<organisation>/herinneren")
@login_required
@limiter.limit(POST_LIMIT)
def remind(slug: str, organisation: str):
    invitation = _managed_invitation(slug, organisation)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if invitation.round.consultation.state is State.DRAFT:
        flash(_("The round is still a concept: nobody is invited yet. Reminders can go out once it is published."), "info")
        return redirect(url_for("rounds.manage_round", slug=slug, _anchor="voortgang"))
    try:
        reminder = send_reminder(invitation, current_user, utcnow())
    except CannotRemind:
        flash(_("No reminder sent: %(organisation)s has responded, or its deadline has passed.",
                organisation=invitation.organisation.name), "error")
        return redirect(url_for("rounds.manage_round", slug=slug, _anchor="voortgang"))
    except NobodyToMail:
        _warn_unreachable([invitation.organisation])
        return redirect(url_for("rounds.manage_round", slug=slug, _anchor="voortgang"))
    db.session.commit()
    flash(ngettext("%(organisation)s got a reminder (%(num)s person).",
                   "%(organisation)s got a reminder (%(num)s people).", reminder.recipients,
                   organisation=invitation.organisation.name), "success")
    return redirect(url_for("rounds.manage_round", slug=slug, _anchor="voortgang"))


@bp.post("/beheer/consultaties/<slug>/ronde/organisaties/<organisation>/deadline")
@login_required
@limiter.limit(POST_LIMIT)
def change_deadline(slug: str, organisation: str):
    invitation = _managed_invitation(slug, organisation)
    if not EXTEND_DEADLINE(current_user, invitation):
        abort(404)
    now = utcnow()
    form = _deadline_form(invitation, now)
    if not form.validate_on_submit():
        return _invitation_page(invitation, form, _late_comment_form(invitation), 400)
    extend_deadline(invitation, form.new_deadline(), form.reason.data, current_user, now)
    db.session.commit()
    flash(_("%(organisation)s now has until %(date)s. Its people got an e-mail.",
            organisation=invitation.organisation.name, date=closing_moment(invitation.deadline)),
          "success")
    return redirect(url_for("rounds.manage_invitation", slug=slug, organisation=organisation))


@bp.post("/beheer/consultaties/<slug>/ronde/organisaties/<organisation>/te-laat")
@login_required
@limiter.limit(POST_LIMIT)
def add_late(slug: str, organisation: str):
    invitation = _managed_invitation(slug, organisation)
    now = utcnow()
    if not ADD_LATE_COMMENT(current_user, invitation):
        flash(_("The deadline of %(organisation)s has not passed: the organisation adds its comments itself.",
                organisation=invitation.organisation.name), "error")
        return redirect(url_for("rounds.manage_invitation", slug=slug, organisation=organisation))
    form = _late_comment_form(invitation)
    if not form.validate_on_submit():
        return _invitation_page(invitation, _deadline_form(invitation, now), form, 400)
    sections = {s.anchor: s for s in invitation.round.consultation.document_version.sections}
    reaction = add_late_comment(invitation, current_user, sections.get(form.section.data), form.quote.data or "",
                                form.body.data, now)
    db.session.commit()
    flash(_("Comment %(reference)s of %(organisation)s is saved, marked as late.", reference=reaction.reference,
            organisation=invitation.organisation.name), "success")
    return redirect(url_for("rounds.manage_invitation", slug=slug, organisation=organisation))
