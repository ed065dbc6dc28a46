"""Routes of the feedbackronde for partners: "Mijn organisatie" and the round pages. Partners who are
not invited get 404, so a round does not leak. The officials' routes are in ``manage_views``."""
import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from consult.advice import queries as advice_queries
from consult.consultations.models import Consultation, ConsultationKind
from consult.core.db import utcnow, write_apart
from consult.core.forms import EmptyForm, choices
from consult.extensions import db, limiter
from consult.reactions.publication import may_show, public_text
from consult.rounds import bp
from consult.rounds import queries as q
from consult.rounds.forms import CommentForm
from consult.rounds.manage_views import POST_LIMIT  # importing it registers the officials' routes on bp
from consult.rounds.models import DraftComment, RoundInvitation
from consult.rounds.permissions import VIEW_AS_INVITEE, member_organisation_ids
from consult.rounds.services import (
    NothingToSubmit,
    RoundClosed,
    add_draft_comment,
    change_draft_comment,
    mark_opened,
    remove_draft_comment,
    submit_draft,
)


@bp.get("/mijn-organisatie")
@login_required
def my_organisation():
    organisation_ids = member_organisation_ids(current_user)
    memberships = [m for m in current_user.memberships if not m.organisation.kind.is_government]
    given = advice_queries.advice_of_organisations(organisation_ids)
    started = {(a.consultation_id, a.organisation_id) for a in given}
    advisable = [(o, c) for o, c in advice_queries.advisable_consultations([m.organisation for m in memberships])
                 if (c.id, o.id) not in started]
    return render_template("rounds/my_organisation.html", rows=q.my_invitations(organisation_ids),
                           memberships=memberships, advice=given, advisable=advisable, now=utcnow())


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
    return render_template(
        "rounds/show.html", invitation=invitation, consultation=consultation, form=form, action_form=EmptyForm(),
        sections=consultation.document_version.sections if consultation.document_version else [],
        drafts=q.drafts_of(invitation), submitted=q.submitted_by(invitation), others=others, may_show=may_show,
        public_text=public_text,
        other_invitations=colleagues_in, is_open=invitation.accepts_comments(now), now=now,
        header_organisation=consultation.organisation,
    ), status


def _comment_form(invitation: RoundInvitation, obj: DraftComment | None = None) -> CommentForm:
    form = CommentForm(obj=obj)
    sections = invitation.round.consultation.document_version.sections if invitation.round.consultation.document_version else []
    form.section.choices = choices([("", _("The whole document"))] + [(s.anchor, s.label) for s in sections])
    return form


@bp.get("/rondes/<slug>/<organisation>")
@login_required
def show_round(slug: str, organisation: str):
    invitation = _invitation_or_404(slug, organisation)
    if invitation.opened_at is None:  # the page reads without the write lock: the first open is written apart
        write_apart(lambda: mark_opened(invitation, utcnow()))
    form = _comment_form(invitation)
    form.section.data = request.args.get("sectie", "")
    return _round_page(invitation, form)


@bp.post("/rondes/<slug>/<organisation>/opmerkingen")
@login_required
@limiter.limit(POST_LIMIT)
def add_comment(slug: str, organisation: str):
    invitation = _invitation_or_404(slug, organisation)
    form = _comment_form(invitation)
    if not form.validate_on_submit():
        return _round_page(invitation, form, 400)
    sections = {s.anchor: s for s in invitation.round.consultation.document_version.sections}
    try:
        add_draft_comment(invitation, current_user, sections.get(form.section.data), form.quote.data or "",
                          form.body.data, utcnow())
    except RoundClosed:
        return _closed(invitation)
    db.session.commit()
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
