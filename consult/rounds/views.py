"""Routes of the feedbackronde for partners: "Mijn organisatie" and the round pages. Partners who are
not invited get 404, so a round does not leak. The officials' routes are in ``manage_views``."""
import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from consult.advice import queries as advice_queries
from consult.answers.models import Answer
from consult.consultations.forms import ConsultationForm
from consult.consultations.models import Consultation, ConsultationKind
from consult.consultations.permissions import MANAGE_CONSULTATION
from consult.consultations.queries import consultation_or_404, reference_prefix_taken
from consult.core.db import utcnow, write_apart
from consult.core.forms import EmptyForm, choices
from consult.core.i18n import local_today
from consult.core.permissions import require
from consult.core.submission import commit_or_first, made_by
from consult.documents.diff import diff_versions
from consult.documents.models import Document
from consult.documents.permissions import MANAGE_DOCUMENT
from consult.extensions import db, limiter
from consult.reactions.models import Channel, Reaction, TransitionNotAllowed
from consult.reactions.publication import may_show, public_text
from consult.rounds import bp
from consult.rounds import queries as q
from consult.rounds.forms import CommentForm, NextConsultationForm, ReplyForm, RoundForm
from consult.rounds.manage_views import POST_LIMIT  # importing it registers the officials' routes on bp
from consult.rounds.models import DraftComment, GuidingQuestion, RoundInvitation
from consult.rounds.permissions import (
    REPLY,
    VIEW_AS_INVITEE,
    VIEW_PUBLIC_ROUND,
    may_be_replied_to,
    member_organisation_ids,
)
from consult.rounds.services import (
    CannotReply,
    NoNewerVersion,
    NothingToSubmit,
    RoundClosed,
    add_draft_comment,
    change_draft_comment,
    change_submitted_comment,
    mark_opened,
    remove_draft_comment,
    reply_to_comment,
    send_answer,
    start_feedback_round,
    start_next_consultation,
    submit_draft,
)

# Partners ------------------------------------------------------------------------------------------

@bp.get("/mijn-organisatie")
@login_required
def my_organisation():
    organisation_ids = member_organisation_ids(current_user)
    memberships = [m for m in current_user.memberships if not m.organisation.kind.is_government]
    given = advice_queries.advice_of_organisations(organisation_ids)
    started = {(a.consultation_id, a.organisation_id) for a in given}
    requested = [r for r in advice_queries.requested_of_organisations(organisation_ids)
                 if (r.consultation_id, r.organisation_id) not in started]
    asked = {(r.consultation_id, r.organisation_id) for r in requested}
    advisable = [(o, c) for o, c in advice_queries.advisable_consultations([m.organisation for m in memberships])
                 if (c.id, o.id) not in started and (c.id, o.id) not in asked]
    rows = q.my_invitations(organisation_ids)
    return render_template("rounds/my_organisation.html", rows=rows, memberships=memberships, advice=given,
                           advisable=advisable, requested=requested, now=utcnow(),
                           comparisons={row.invitation.id: q.comparison_for(row.invitation) for row in rows})


def _consultation_for_invitee(slug: str) -> Consultation:
    consultation = db.session.scalar(sa.select(Consultation).where(Consultation.slug == slug))
    if consultation is None or consultation.kind is not ConsultationKind.PARTNER_ROUND:
        abort(404)
    return consultation


def _invitation_or_404(slug: str, organisation: str) -> RoundInvitation:
    """The invitation of ``organisation`` to the round ``slug``, if the current person belongs to that
    organisation and the round is published; 404 otherwise, whatever exists."""
    invitation = q.invitation_for(_consultation_for_invitee(slug), organisation)
    if invitation is None or not VIEW_AS_INVITEE(current_user, invitation):
        abort(404)
    return invitation


@bp.get("/rondes/<slug>")
@login_required
def choose_organisation(slug: str):
    """A person in several invited organisations chooses on whose behalf they act."""
    consultation = _consultation_for_invitee(slug)
    invitations = [i for i in q.invitations_for_member(consultation, member_organisation_ids(current_user))
                   if VIEW_AS_INVITEE(current_user, i)]
    if not invitations:
        abort(404)
    if len(invitations) == 1:
        return redirect(url_for("rounds.show_round", slug=slug, organisation=invitations[0].organisation.slug))
    return render_template("rounds/choose.html", consultation=consultation, invitations=invitations,
                           header_organisation=consultation.organisation)


def _round_page(invitation: RoundInvitation, form: CommentForm, status: int = 200):
    consultation = invitation.round.consultation
    now = utcnow()
    others = (q.published_by_others(invitation, request.args.get("pagina", 1, type=int))
              if invitation.round.partners_see_each_other else None)
    colleagues_in = [i for i in q.invitations_for_member(consultation, member_organisation_ids(current_user))
                     if i.id != invitation.id]
    submitted = q.submitted_by(invitation)
    questions = q.questions_of(invitation.round)
    return render_template(
        "rounds/show.html", invitation=invitation, consultation=consultation, form=form, action_form=EmptyForm(),
        sections=consultation.document_version.sections if consultation.document_version else [],
        drafts=q.drafts_of(invitation), submitted=q.with_released_answers(submitted), others=others,
        may_show=may_show, public_text=public_text, other_invitations=colleagues_in,
        is_open=invitation.accepts_comments(now), now=now,
        header_organisation=consultation.organisation, comparison=_comparison(invitation),
        general_questions=[g for g in questions if g.section is None], section_questions=_by_anchor(questions),
        answered=q.questions_answered_by(submitted), changed=q.last_changes(submitted),
        replies=q.published_replies(others.items) if others else {}, may_reply=REPLY(current_user, invitation),
        replied_to=q.replied_to(submitted),
    ), status


def _by_anchor(questions: list[GuidingQuestion]) -> dict[str, list[GuidingQuestion]]:
    grouped: dict[str, list[GuidingQuestion]] = {}
    for question in questions:
        if question.section is not None:
            grouped.setdefault(question.section.anchor, []).append(question)
    return grouped


def _comment_form(invitation: RoundInvitation, obj: DraftComment | None = None) -> CommentForm:
    form = CommentForm(obj=obj)
    sections = invitation.round.consultation.document_version.sections if invitation.round.consultation.document_version else []
    form.section.choices = choices([("", _("The whole document"))] + [(s.anchor, s.label) for s in sections])
    form.question.choices = choices([("", _("No question: my own comment"))] + [
        (str(g.id), question_label(g)) for g in q.questions_of(invitation.round)])
    return form


def question_label(question: GuidingQuestion) -> str:
    about = question.section.label if question.section else _("The whole document")
    return f"{about}: {question.text}"


@bp.get("/rondes/<slug>/<organisation>")
@login_required
def show_round(slug: str, organisation: str):
    invitation = _invitation_or_404(slug, organisation)
    if invitation.opened_at is None:  # the page reads without the write lock: the first open is written apart
        write_apart(lambda: mark_opened(invitation, utcnow()))
    form = _comment_form(invitation)
    form.section.data = request.args.get("sectie", "")
    form.question.data = request.args.get("vraag", "")
    return _round_page(invitation, form)


@bp.post("/rondes/<slug>/<organisation>/opmerkingen")
@login_required
@limiter.limit(POST_LIMIT)
def add_comment(slug: str, organisation: str):
    invitation = _invitation_or_404(slug, organisation)
    form = _comment_form(invitation)
    if made_by(DraftComment, form.sent_key()) is not None:  # the same comment sent again: it is in the draft
        return redirect(url_for("rounds.show_round", slug=slug, organisation=organisation) + "#concept")
    if not form.validate_on_submit():
        return _round_page(invitation, form, 400)
    sections = {s.anchor: s for s in invitation.round.consultation.document_version.sections}
    question = db.session.get(GuidingQuestion, int(form.question.data)) if form.question.data else None
    try:
        add_draft_comment(invitation, current_user, sections.get(form.section.data), form.quote.data or "",
                          form.body.data, utcnow(), question, submission_key=form.sent_key())
    except RoundClosed:
        return _closed(invitation)
    commit_or_first(DraftComment, form.sent_key())
    flash(_("Your comment is in the draft of %(organisation)s. Colleagues can see and change it.",
            organisation=invitation.organisation.name), "success")
    return redirect(url_for("rounds.show_round", slug=slug, organisation=organisation) + "#concept")


def _closed(invitation: RoundInvitation):
    db.session.rollback()
    flash(_("The deadline has passed. Comments can no longer be added, changed or submitted."), "error")
    return redirect(url_for("rounds.show_round", slug=invitation.round.consultation.slug,
                            organisation=invitation.organisation.slug))


def _draft_or_404(invitation: RoundInvitation, comment_id: int) -> DraftComment:
    draft = db.session.get(DraftComment, comment_id)
    if draft is None or draft.invitation_id != invitation.id:
        abort(404)  # another organisation's draft does not exist for this person
    return draft


@bp.route("/rondes/<slug>/<organisation>/opmerkingen/<int:comment_id>", methods=["GET", "POST"])
@login_required
@limiter.limit(POST_LIMIT, methods=["POST"])
def edit_comment(slug: str, organisation: str, comment_id: int):
    invitation = _invitation_or_404(slug, organisation)
    draft = _draft_or_404(invitation, comment_id)
    form = _comment_form(invitation, obj=None if request.method == "POST" else draft)
    if request.method == "GET":
        form.section.data = draft.section.anchor if draft.section else ""
    if request.method == "POST" and form.validate_on_submit():
        try:
            change_draft_comment(draft, current_user, form.quote.data or "", form.body.data, utcnow())
        except RoundClosed:
            return _closed(invitation)
        db.session.commit()
        flash(_("The comment is changed."), "success")
        return redirect(url_for("rounds.show_round", slug=slug, organisation=organisation) + "#concept")
    return render_template("rounds/edit.html", invitation=invitation, consultation=invitation.round.consultation,
                           draft=draft, form=form, is_open=invitation.accepts_comments(utcnow()),
                           header_organisation=invitation.round.consultation.organisation), 400 if form.errors else 200


@bp.post("/rondes/<slug>/<organisation>/opmerkingen/<int:comment_id>/verwijderen")
@login_required
@limiter.limit(POST_LIMIT)
def remove_comment(slug: str, organisation: str, comment_id: int):
    invitation = _invitation_or_404(slug, organisation)
    draft = _draft_or_404(invitation, comment_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        remove_draft_comment(draft, utcnow())
    except RoundClosed:
        return _closed(invitation)
    db.session.commit()
    flash(_("The comment is removed from the draft."), "success")
    return redirect(url_for("rounds.show_round", slug=slug, organisation=organisation) + "#concept")


@bp.post("/rondes/<slug>/<organisation>/indienen")
@login_required
@limiter.limit(POST_LIMIT)
def submit(slug: str, organisation: str):
    invitation = _invitation_or_404(slug, organisation)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        reactions = submit_draft(invitation, current_user, utcnow())
    except RoundClosed:
        return _closed(invitation)
    except NothingToSubmit:
        flash(_("The draft is empty. Add a comment first."), "error")
        return redirect(url_for("rounds.show_round", slug=slug, organisation=organisation))
    db.session.commit()
    flash(ngettext("%(num)s comment is submitted on behalf of %(organisation)s. We sent you a receipt with the reference.",
                   "%(num)s comments are submitted on behalf of %(organisation)s. We sent you a receipt with the references.",
                   len(reactions), organisation=invitation.organisation.name), "success")
    return redirect(url_for("rounds.show_round", slug=slug, organisation=organisation) + "#ingediend")


# Replies between organisations -------------------------------------------------------------------

def _reply_target_or_404(invitation: RoundInvitation, reaction_id: int) -> Reaction:
    reaction = db.session.get(Reaction, reaction_id)
    if reaction is None or not may_be_replied_to(invitation, reaction):
        abort(404)  # an unpublished or own comment is not there to reply to
    return reaction


@bp.route("/rondes/<slug>/<organisation>/reageren/<int:reaction_id>", methods=["GET", "POST"])
@login_required
@limiter.limit(POST_LIMIT, methods=["POST"])
def reply(slug: str, organisation: str, reaction_id: int):
    """A reply on behalf of the organisation to another organisation's published comment, where the
    round allows replies; 404 where it does not, or for a comment the person cannot see."""
    invitation = _invitation_or_404(slug, organisation)
    if not invitation.round.replies_open:
        abort(404)
    target = _reply_target_or_404(invitation, reaction_id)
    form = ReplyForm()
    if form.validate_on_submit():
        try:
            reaction = reply_to_comment(invitation, target, current_user, form.body.data, utcnow())
        except RoundClosed:
            return _closed(invitation)
        except CannotReply:  # the rules changed between the page and the post: as for any other comment
            abort(404)
        db.session.commit()
        flash(_("Your reply %(reference)s is submitted on behalf of %(organisation)s. It is shown once the municipality "
                "has checked it.", reference=reaction.reference, organisation=invitation.organisation.name), "success")
        return redirect(url_for("rounds.show_round", slug=slug, organisation=organisation) + "#anderen")
    return render_template("rounds/reply.html", invitation=invitation, consultation=invitation.round.consultation,
                           target=target, form=form, public_text=public_text,
                           is_open=REPLY(current_user, invitation),
                           header_organisation=invitation.round.consultation.organisation), 400 if form.errors else 200


# The round in public, afterwards -------------------------------------------------------------------

@bp.get("/openbare-rondes/<slug>")
def public_round(slug: str):
    """The round, its document and its published comments under their organisation's name, once an
    official made it public after the last deadline (if the round's setting allows); 404 before that
    for everyone, so an invite-only round does not leak. Answers appear once the reactienota is published."""
    consultation = _consultation_for_invitee(slug)
    feedback_round = q.round_of(consultation)
    if feedback_round is None or not VIEW_PUBLIC_ROUND(current_user, feedback_round):
        abort(404)
    comments = q.public_comments(feedback_round, request.args.get("pagina", 1, type=int))
    shown = [r for r in comments.items if may_show(r)]
    published = q.report_is_published(consultation)
    answered = q.with_released_answers(shown) if published else [q.AnsweredComment(r, []) for r in shown]
    return render_template("rounds/public.html", round=feedback_round, consultation=consultation, comments=comments,
                           answered=answered, replied_to=q.replied_to(shown), public_text=public_text,
                           sections=consultation.document_version.sections if consultation.document_version else [],
                           header_organisation=consultation.organisation)


# Version after version ------------------------------------------------------------------------------

@bp.app_template_global()
def guiding_question(reaction: Reaction) -> GuidingQuestion | None:
    """For the workbench: the guiding question a submitted round comment answers."""
    if reaction.channel is not Channel.PARTNER_ROUND:
        return None
    return q.questions_answered_by([reaction]).get(reaction.id)


@bp.app_template_global()
def replied_comment(reaction: Reaction) -> Reaction | None:
    """For the workbench: the other organisation's comment a round reply answers, if it is a reply."""
    if reaction.channel is not Channel.PARTNER_ROUND:
        return None
    return q.replied_to([reaction]).get(reaction.id)


@bp.app_template_global()
def comment_versions(reaction: Reaction) -> list:
    """For the workbench: every text of a submitted round comment (empty when never changed)."""
    return q.comment_versions(reaction) if reaction.channel is Channel.PARTNER_ROUND else []


def _comparison(invitation: RoundInvitation):
    """(older version, newer version, the changed sections) or None."""
    versions = q.comparison_for(invitation)
    return (*versions, diff_versions(*versions)) if versions else None


@bp.get("/rondes/<slug>/<organisation>/wijzigingen")
@login_required
def show_changes(slug: str, organisation: str):
    """What changed since the version the organisation commented on or advised on, per section, and the
    answers to its comments and advice points on that version."""
    invitation = _invitation_or_404(slug, organisation)
    comparison = _comparison(invitation)
    if comparison is None:
        abort(404)
    old, new, changes = comparison
    earlier = q.with_released_answers(q.earlier_comments(invitation, old))
    advice = q.earlier_advice(invitation, old)
    by_section: dict[str, int] = {}
    sections = [item.reaction.section for item in earlier] + [p.section for a in advice for p in a.points]
    for section in sections:
        if section:
            by_section[section.anchor] = by_section.get(section.anchor, 0) + 1
    return render_template("rounds/changes.html", invitation=invitation, consultation=invitation.round.consultation,
                           old=old, new=new, changes=changes, earlier=earlier, advice=advice, by_section=by_section,
                           header_organisation=invitation.round.consultation.organisation)


def _submitted_or_404(invitation: RoundInvitation, reaction_id: int) -> Reaction:
    reaction = db.session.get(Reaction, reaction_id)
    if (reaction is None or reaction.consultation_id != invitation.round.consultation_id
            or reaction.organisation_id != invitation.organisation_id or reaction.channel is not Channel.PARTNER_ROUND
            or not reaction.is_counted):
        abort(404)  # another organisation's comment does not exist for this person
    return reaction


@bp.route("/rondes/<slug>/<organisation>/ingediend/<int:reaction_id>", methods=["GET", "POST"])
@login_required
@limiter.limit(POST_LIMIT, methods=["POST"])
def edit_submitted(slug: str, organisation: str, reaction_id: int):
    """A member changes a submitted comment of the organisation until its deadline; every text is kept."""
    invitation = _invitation_or_404(slug, organisation)
    reaction = _submitted_or_404(invitation, reaction_id)
    form = _comment_form(invitation, obj=None if request.method == "POST" else reaction)
    form.section.data = reaction.section.anchor if reaction.section else ""
    if request.method == "POST" and form.validate_on_submit():
        try:
            change_submitted_comment(invitation, reaction, current_user, form.quote.data or "", form.body.data, utcnow())
        except (RoundClosed, TransitionNotAllowed):
            return _closed(invitation)
        db.session.commit()
        flash(_("The submitted comment %(reference)s is changed. The earlier text is kept.", reference=reaction.reference),
              "success")
        return redirect(url_for("rounds.show_round", slug=slug, organisation=organisation) + "#ingediend")
    return render_template("rounds/edit_submitted.html", invitation=invitation, consultation=invitation.round.consultation,
                           reaction=reaction, form=form, is_open=invitation.accepts_comments(utcnow()),
                           header_organisation=invitation.round.consultation.organisation), 400 if form.errors else 200


@bp.post("/beheer/antwoorden/<int:answer_id>/versturen")
@login_required
@limiter.limit(POST_LIMIT)
def send_answer_to_organisations(answer_id: int):
    answer = db.get_or_404(Answer, answer_id)
    consultation = db.get_or_404(Consultation, answer.consultation_id)
    require(MANAGE_CONSULTATION, consultation)
    if not EmptyForm().validate_on_submit():
        abort(400)
    mails = send_answer(answer, current_user, utcnow())
    db.session.commit()
    flash(ngettext("The answer is sent. %(num)s person of the organisation got an e-mail.",
                   "The answer is sent. %(num)s people of the organisations got an e-mail.", mails), "success")
    return redirect(url_for("answers.edit_answer", answer_id=answer.id))


# Fields of the earlier consultation that the next one starts with.
CARRIED_OVER = ("summary", "publishes_reactions", "requires_email_confirmation", "decision_body", "contact_name",
                "contact_email", "contact_phone", "postal_address", "house_rules", "publication_url")


def _fill_period_and_contact(form: ConsultationForm) -> None:
    """Six weeks from today (Amsterdam), and the official as contact person where none is known yet."""
    today = local_today()
    form.opens_on.data, form.closes_on.data = today, ConsultationForm.default_close(today)
    if not form.contact_name.data:
        # An earlier consultation without one (a werkatelier, the demo's round) would refuse the form.
        form.contact_name.data, form.contact_email.data = current_user.name, form.contact_email.data or current_user.email


def _next_form(previous: Consultation, newer) -> NextConsultationForm:
    form = NextConsultationForm(prefix_taken=reference_prefix_taken)
    if request.method == "GET":
        for name in CARRIED_OVER:
            getattr(form, name).data = getattr(previous, name)
        form.title.data = f"{previous.title} – {_('version %(number)s', number=newer.number)}"[:300]
        form.procedure.data = previous.procedure.value
        if previous.kind is ConsultationKind.PUBLIC_INSPECTION:
            form.kind.data = previous.kind.value
        _fill_period_and_contact(form)
    return form


def _saved(form: ConsultationForm, start) -> Consultation | None:
    """``start()``'s consultation, committed; None when another official took the same reference letters a
    moment ago (the unique constraint noticed): then the form says so beside the field."""
    try:
        consultation = start()
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        if not reference_prefix_taken(form.reference_prefix.data):
            raise
        form.reference_prefix.errors.append(_("Another consultation already uses these letters. Choose other letters."))
        return None
    return consultation


@bp.route("/beheer/consultaties/<slug>/volgende-versie", methods=["GET", "POST"])
@login_required
@limiter.limit(POST_LIMIT, methods=["POST"])
def start_next(slug: str):
    """A new feedbackronde or ter-inzage on the newest version of this consultation's document."""
    previous = consultation_or_404(slug, MANAGE_CONSULTATION)
    newer = q.newer_version(previous) or abort(404)
    form = _next_form(previous, newer)
    if form.validate_on_submit():
        try:
            consultation = _saved(form, lambda: start_next_consultation(previous, ConsultationKind(form.kind.data),
                                                                        form, current_user))
        except NoNewerVersion:
            abort(404)
        if consultation is not None:
            flash(_("The consultation on version %(number)s is saved as a draft. Check it, then publish it.",
                    number=newer.number), "success")
            if consultation.kind is ConsultationKind.PARTNER_ROUND:
                return redirect(url_for("rounds.manage_round", slug=consultation.slug) + "#uitnodigen")
            return redirect(url_for("consultations.manage_consultation", slug=consultation.slug))
    return render_template("rounds/next.html", previous=previous, newer=newer, form=form,
                           header_organisation=previous.organisation), 400 if form.errors else 200


@bp.route("/beheer/documenten/<int:document_id>/versie/<int:number>/feedbackronde", methods=["GET", "POST"])
@login_required
@limiter.limit(POST_LIMIT, methods=["POST"])
def new_round(document_id: int, number: int):
    """A concept feedbackronde on one version of a document, from the document's page; then on to inviting.
    Officials of another organisation get 403, as on the document's page."""
    document = db.get_or_404(Document, document_id)
    require(MANAGE_DOCUMENT, document)
    version = next((v for v in document.versions if v.number == number), None) or abort(404)
    form = RoundForm(prefix_taken=reference_prefix_taken)
    if request.method == "GET":
        form.title.data = _("Feedback round %(title)s", title=document.title)[:300]
        _fill_period_and_contact(form)
    if form.validate_on_submit():
        consultation = _saved(form, lambda: start_feedback_round(version, form, current_user))
        if consultation is not None:
            flash(_("The feedback round is saved as a draft. Now invite the organisations."), "success")
            return redirect(url_for("rounds.manage_round", slug=consultation.slug) + "#uitnodigen")
    return render_template("rounds/new_round.html", document=document, version=version, form=form,
                           header_organisation=document.organisation), 400 if form.errors else 200
