import re
import secrets

import sqlalchemy as sa
from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from consult.consultations.permissions import VIEW_CONSULTATION, takes_reports
from consult.consultations.queries import consultation_or_404
from consult.core.db import utcnow, writes_on_get
from consult.core.forms import EmptyForm, choices, form_status
from consult.core.i18n import speak_reader_language
from consult.core.web import as_id, no_store
from consult.documents.queries import SectionChoice, section_choices
from consult.extensions import db, limiter
from consult.organisations.models import OrganisationKind
from consult.reactions import bp
from consult.reactions.forms import ChangeReactionForm, ReactionForm, ReportForm
from consult.reactions.labels import (
    channel_label,
    moderation_status_label,
    publication_label,
    publication_label_of,
    reaction_status_label,
    rejection_reason_label,
)
from consult.reactions.models import Action, Publication, Reaction, TransitionNotAllowed, on_public_task
from consult.reactions.publication import may_show, public_quote, public_sender, public_text
from consult.reactions.queries import answers_are_public, published_reactions
from consult.reactions.services import (
    PeriodClosed,
    ReactionInput,
    UploadedFile,
    change_reaction,
    confirm_reaction,
    report_reaction,
    reporter_key,
    request_reconsideration,
    resend_confirmation,
    submit_reaction,
    withdraw_reaction,
)
from consult.reactions.tokens import Purpose, TokenExpired, make_token, read_token

SUBMISSION_KEY = re.compile(r"[A-Za-z0-9_-]{1,64}")


@bp.route("/consultaties/<slug>/reageren", methods=["GET", "POST"])
@limiter.limit("30/hour", methods=["POST"])
def react(slug: str):
    consultation = consultation_or_404(slug, VIEW_CONSULTATION)
    sections = section_choices(consultation.document_version_id)
    form = ReactionForm()
    form.for_public_task(on_public_task(consultation))
    form.section.choices = choices([("", _("The whole document"))] + [(s.anchor, s.label) for s in sections])
    if request.method == "GET":
        form.section.data = request.args.get("sectie", "")
    if request.method == "GET" or not SUBMISSION_KEY.fullmatch(form.submission_key.data or ""):
        # A missing or tampered key gets a fresh one; only ours fit the column and protect a double click.
        form.submission_key.data = secrets.token_urlsafe(24)
    if request.method == "GET" or not form.started.data:
        form.start()
    now = utcnow()
    is_open = consultation.accepts_reactions(now)
    if is_open and form.validate_on_submit():
        if form.is_robot():
            # Tell a robot nothing useful: it sees the usual page, and nothing is stored.
            return redirect(url_for("consultations.show_consultation", slug=slug))
        try:
            reaction = submit_reaction(consultation, _reaction_input(form, sections), now, form.submission_key.data)
            sent_id = reaction.id  # read before the commit expires it: no reload afterwards
            db.session.commit()
        except PeriodClosed:
            is_open = False
        except IntegrityError:
            # Two clicks at the same moment: the other request stored this very submission first.
            db.session.rollback()
            reaction = db.session.scalar(sa.select(Reaction).where(Reaction.submission_key == form.submission_key.data))
            sent_id = reaction.id if reaction is not None else None
            if reaction is None:
                # Not a double click but a fault (a kenmerk already taken, say): the form again, every character kept.
                current_app.logger.error("reaction for %s refused by the database", slug)
                form.body.errors.append(_("Your reaction could not be saved because of a fault on our side. Your text is still here: copy it, and send it again later or by e-mail or post."))
                return render_template("reactions/form.html", consultation=consultation, form=form, is_open=is_open,
                                       header_organisation=consultation.organisation, now=now), 500
        if is_open:
            session["sent_reaction"] = sent_id
            return redirect(url_for("reactions.sent", slug=slug))
    status = form_status(form) if is_open or request.method == "GET" else 409
    return render_template(
        "reactions/form.html", consultation=consultation, form=form, is_open=is_open,
        header_organisation=consultation.organisation, now=now,
    ), status


def _reaction_input(form: ReactionForm, sections: list[SectionChoice]) -> ReactionInput:
    by_anchor = {s.anchor: s.id for s in sections}
    kind = form.organisation_kind.data
    return ReactionInput(
        body=form.body.data,
        author_name=form.author_name.data,
        author_email=form.author_email.data,
        publication=form.chosen_publication(),
        section_id=by_anchor.get(form.section.data),
        quote=form.quote.data or "",
        author_place=form.author_place.data or "",
        organisation_name=form.organisation_name.data or "",
        organisation_kind=OrganisationKind(kind) if kind else None,
        files=[UploadedFile(name, data) for name, data in getattr(form, "uploaded", [])],
        locale=str(get_locale()),
    )


@bp.get("/consultaties/<slug>/reactie-verstuurd")
def sent(slug: str):
    consultation = consultation_or_404(slug, VIEW_CONSULTATION)
    reaction = db.session.get(Reaction, session.get("sent_reaction") or 0)
    if reaction is None or reaction.consultation_id != consultation.id:
        return redirect(url_for("consultations.show_consultation", slug=slug))
    return render_template("reactions/sent.html", consultation=consultation, reaction=reaction,
                           header_organisation=consultation.organisation)


@bp.get("/consultaties/<slug>/reacties")
def list_reactions(slug: str):
    consultation = consultation_or_404(slug, VIEW_CONSULTATION)
    sections = consultation.document_version.sections if consultation.document_version else []
    section = next((s for s in sections if s.anchor == request.args.get("sectie")), None)
    # ``na``/``voor``: the reaction the next/previous page starts from (keyset); ``pagina``: the number shown,
    # and alone (old links, the last page) the page counted from the nearer end
    page = published_reactions(consultation, section, request.args.get("pagina", 1, type=int),
                               older_than=as_id(request.args.get("na")), newer_than=as_id(request.args.get("voor")))
    return render_template("reactions/list.html", consultation=consultation, section=section, page=page,
                           header_organisation=consultation.organisation)


@bp.get("/reacties/bevestigen/<token>")
@no_store
@writes_on_get
def confirm(token: str):
    try:
        reaction_id = read_token(token, Purpose.CONFIRM, current_app.config["CONFIRMATION_MAX_AGE"])
    except TokenExpired as expired:
        reaction = db.get_or_404(Reaction, expired.reaction_id)
        return render_template("reactions/confirm_expired.html", reaction=reaction, token=token, form=EmptyForm(),
                               now=utcnow()), 410
    reaction = db.get_or_404(Reaction, reaction_id or 0, with_for_update=True)
    speak_reader_language(reaction.locale)
    if confirm_reaction(reaction, utcnow()):
        db.session.commit()
        flash(_("Thank you. Your reaction is confirmed and counts. We have sent you a receipt."), "success")
    else:
        flash(_("Your reaction was already confirmed. Nothing has changed."), "info")
    return redirect(url_for("reactions.manage", token=make_token(reaction.id, Purpose.MANAGE)))


@bp.post("/reacties/bevestigen/<token>/opnieuw")
def resend(token: str):
    try:
        read_token(token, Purpose.CONFIRM, current_app.config["CONFIRMATION_MAX_AGE"])
    except TokenExpired as expired:
        reaction = db.get_or_404(Reaction, expired.reaction_id)
    else:
        abort(404)  # only an expired link needs a new one
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        resend_confirmation(reaction, utcnow())
    except PeriodClosed:
        flash(_("The reaction period has closed, so this reaction can no longer be confirmed."), "error")
        return redirect(url_for("consultations.show_consultation", slug=reaction.consultation.slug))
    db.session.commit()
    flash(_("We have sent you a new link. Check your e-mail."), "success")
    return redirect(url_for("consultations.show_consultation", slug=reaction.consultation.slug))


def _reaction_for_manage_token(token: str) -> Reaction:
    reaction_id = read_token(token, Purpose.MANAGE)
    reaction = db.get_or_404(Reaction, reaction_id or 0)
    speak_reader_language(reaction.locale)
    return reaction


@bp.route("/reacties/<token>", methods=["GET", "POST"])
@no_store
def manage(token: str):
    reaction = _reaction_for_manage_token(token)
    now = utcnow()
    can_change = reaction.consultation.accepts_reactions(now) and reaction.can(Action.CHANGE)
    form = ChangeReactionForm(obj=None if request.method == "POST" else reaction)
    if request.method == "GET":
        form.publication.data = reaction.publication.value
    if request.method == "POST" and can_change and form.validate_on_submit():
        change_reaction(reaction, form.body.data, Publication(form.publication.data), now)
        db.session.commit()
        flash(_("Your reaction has been changed."), "success")
        return redirect(url_for("reactions.manage", token=token))
    # A change sent after closing (or after withdrawing) is not saved; the person gets the text back to copy.
    unsaved = (form.body.data or "") if request.method == "POST" and not can_change else None
    return render_template("reactions/manage.html", reaction=reaction, form=form, withdraw_form=EmptyForm(),
                           can_change=can_change, unsaved=unsaved, token=token, now=now,
                           header_organisation=reaction.consultation.organisation), 409 if unsaved is not None else form_status(form)


@bp.post("/reacties/<token>/intrekken")
def withdraw(token: str):
    reaction = _reaction_for_manage_token(token)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        withdraw_reaction(reaction, utcnow())
    except PeriodClosed:
        flash(_("This reaction can no longer be withdrawn: the reaction period has closed."), "error")
    except TransitionNotAllowed:
        flash(_("This reaction was already withdrawn. Nothing has changed."), "info")
    else:
        db.session.commit()
        flash(_("Your reaction has been withdrawn. It no longer counts and is not shown."), "success")
    return redirect(url_for("reactions.manage", token=token))


bp.add_app_template_global(reaction_status_label)
bp.add_app_template_global(publication_label)
bp.add_app_template_global(publication_label_of)
bp.add_app_template_global(channel_label)
bp.add_app_template_global(rejection_reason_label)
bp.add_app_template_global(moderation_status_label)


@bp.post("/reacties/<token>/heroverweging")
def ask_reconsideration(token: str):
    reaction = _reaction_for_manage_token(token)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        request_reconsideration(reaction, utcnow())
    except TransitionNotAllowed:
        flash(_("You can ask only once to look at a reaction again."), "error")
    else:
        db.session.commit()
        flash(_("We will look at your reaction again. You will hear from us."), "success")
    return redirect(url_for("reactions.manage", token=token))


def _reportable_or_404(reaction_id: int) -> Reaction:
    reaction = db.get_or_404(Reaction, reaction_id)
    if not may_show(reaction) or not VIEW_CONSULTATION(current_user, reaction.consultation):
        abort(404)
    return reaction


@bp.get("/reacties/<int:reaction_id>/melden")
def show_report_form(reaction_id: int):
    """The melding form of one published reaction, on a page of its own: the lists show a link, not a
    form per reaction, so a public page carries no CSRF token, sets no cookie and may be cached."""
    reaction = _reportable_or_404(reaction_id)
    if not takes_reports(current_user, reaction.consultation):
        return redirect(url_for("consultations.show_consultation", slug=reaction.consultation.slug))
    return render_template("reactions/report.html", reaction=reaction, consultation=reaction.consultation,
                           form=ReportForm(), header_organisation=reaction.consultation.organisation)


@bp.post("/reacties/<int:reaction_id>/melden")
@limiter.limit("20/hour")
def report(reaction_id: int):
    """Anyone may report a published reaction. Reports of signed-in people count per account, others per
    address (behind a proxy: TRUSTED_PROXIES); enough reports from accounts hide it until an official decides."""
    reaction = _reportable_or_404(reaction_id)
    if not takes_reports(current_user, reaction.consultation):
        flash(_("A decision has been taken on this consultation. Reactions can no longer be reported."), "info")
        return redirect(url_for("consultations.show_consultation", slug=reaction.consultation.slug))
    form = ReportForm()
    if not form.validate_on_submit():
        if "reason" not in form.errors:
            abort(400)
        flash(_("Choose what is wrong with reaction %(reference)s, then send your report again.",
                reference=reaction.reference), "error")
        return redirect(url_for("reactions.show_report_form", reaction_id=reaction.id))
    by_account = current_user.is_authenticated
    identity = f"account:{current_user.id}" if by_account else f"address:{request.remote_addr or ''}"
    report_reaction(reaction, form.reason.data, reporter_key(identity), by_account, utcnow())
    db.session.commit()
    flash(_("Thank you. We have received your report; the municipality will look at it."), "success")
    return redirect(url_for("consultations.show_consultation", slug=reaction.consultation.slug))


bp.add_app_template_global(lambda consultation: takes_reports(None, consultation), "takes_reports")
bp.add_app_template_global(answers_are_public)
bp.add_app_template_global(Action)
bp.add_app_template_global(public_quote)
bp.add_app_template_global(public_sender)
bp.add_app_template_global(public_text)
