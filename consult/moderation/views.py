from datetime import time

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consult.consultations.models import Consultation
from consult.consultations.permissions import MANAGE_CONSULTATION
from consult.core.db import utcnow
from consult.consultations.forms import local_moment
from consult.core.forms import EmptyForm, choices
from consult.core.i18n import AMSTERDAM
from consult.core.permissions import require
from consult.core.uploads import stored_path
from consult.documents.queries import documents_of
from consult.extensions import db
from consult.moderation import bp
from consult.moderation.forms import RejectForm
from consult.moderation.queries import managed_consultations, reactions_with_status
from consult.organisations.permissions import is_official
from consult.organisations.models import OrganisationKind
from consult.reactions.forms import PaperReactionForm
from consult.reactions.models import Attachment, Channel, Publication, Reaction, ReactionStatus
from consult.reactions.services import (
    PaperReactionInput, UploadedFile, approve_reaction, enter_paper_reaction, reject_reaction,
)


@bp.get("/")
@login_required
def dashboard():
    if not is_official(current_user):
        abort(403)
    organisation_ids = [o.id for o in current_user.governed_organisations]
    return render_template(
        "moderation/dashboard.html", organisations=current_user.governed_organisations,
        consultations=managed_consultations(organisation_ids), documents=documents_of(organisation_ids), now=utcnow(),
    )


@bp.get("/consultaties/<slug>/moderatie")
@login_required
def queue(slug: str):
    consultation = db.first_or_404(sa.select(Consultation).where(Consultation.slug == slug))
    require(MANAGE_CONSULTATION, consultation)
    try:
        status = ReactionStatus(request.args.get("status", ReactionStatus.PENDING.value))
    except ValueError:
        abort(404)
    page = reactions_with_status(consultation, status, request.args.get("pagina", 1, type=int))
    return render_template(
        "moderation/queue.html", consultation=consultation, status=status, page=page,
        approve_form=EmptyForm(), reject_form=RejectForm(), header_organisation=consultation.organisation,
    )


def _load_reaction(reaction_id: int) -> Reaction:
    reaction = db.get_or_404(Reaction, reaction_id)
    require(MANAGE_CONSULTATION, reaction.consultation)
    return reaction


@bp.post("/reacties/<int:reaction_id>/goedkeuren")
@login_required
def approve(reaction_id: int):
    reaction = _load_reaction(reaction_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    approve_reaction(reaction, current_user, utcnow())
    db.session.commit()
    flash(_("Reaction %(reference)s is approved.", reference=reaction.reference), "success")
    return redirect(url_for("moderation.queue", slug=reaction.consultation.slug))


@bp.post("/reacties/<int:reaction_id>/afwijzen")
@login_required
def reject(reaction_id: int):
    reaction = _load_reaction(reaction_id)
    form = RejectForm()
    if not form.validate_on_submit():
        flash(_("Choose a reason to reject reaction %(reference)s.", reference=reaction.reference), "error")
    else:
        reject_reaction(reaction, current_user, utcnow(), form.reason.data)
        db.session.commit()
        flash(_("Reaction %(reference)s is rejected. It is not published.", reference=reaction.reference), "success")
    return redirect(url_for("moderation.queue", slug=reaction.consultation.slug))


@bp.route("/consultaties/<slug>/reactie-invoeren", methods=["GET", "POST"])
@login_required
def enter_reaction(slug: str):
    consultation = db.first_or_404(sa.select(Consultation).where(Consultation.slug == slug))
    require(MANAGE_CONSULTATION, consultation)
    sections = consultation.document_version.sections if consultation.document_version else []
    form = PaperReactionForm()
    form.section.choices = choices([("", _("The whole document"))] + [(s.anchor, s.label) for s in sections])
    now = utcnow()
    if request.method == "GET":
        local_now = now.astimezone(AMSTERDAM)
        form.received_on.data, form.received_time.data = local_now.date(), local_now.time().replace(second=0, microsecond=0)
    if form.validate_on_submit():
        reaction = enter_paper_reaction(consultation, _paper_input(form, sections), current_user, now)
        db.session.commit()
        message = _("Reaction %(reference)s is saved.", reference=reaction.reference)
        if reaction.is_late:
            message += " " + _("It came in late and is marked as late.")
        flash(message, "success")
        return redirect(url_for("moderation.enter_reaction", slug=slug))
    return render_template("moderation/enter_reaction.html", consultation=consultation, form=form,
                           header_organisation=consultation.organisation)


def _paper_input(form: PaperReactionForm, sections) -> PaperReactionInput:
    kind = form.organisation_kind.data
    postmark = form.postmarked_on.data
    return PaperReactionInput(
        channel=Channel(form.channel.data),
        received_at=local_moment(form.received_on.data, form.received_time.data),
        # A postmark gives a day, not an hour: the sender gets the benefit of the doubt.
        postmarked_at=local_moment(postmark, time(0, 0)) if postmark else None,
        section={s.anchor: s for s in sections}.get(form.section.data),
        body=form.body.data,
        author_name=form.author_name.data,
        author_email=form.author_email.data or "",
        author_address=form.author_address.data or "",
        author_place=form.author_place.data or "",
        organisation_name=form.organisation_name.data or "",
        organisation_kind=OrganisationKind(kind) if kind else None,
        co_signers=form.co_signers.data or "",
        publication=Publication(form.publication.data),
        files=[UploadedFile(name, data) for name, data in getattr(form, "uploaded", [])],
    )


@bp.get("/bijlagen/<int:attachment_id>")
@login_required
def download_attachment(attachment_id: int):
    """Files are served only to officials of the consultation's owner, always as a download."""
    attachment = db.get_or_404(Attachment, attachment_id)
    require(MANAGE_CONSULTATION, attachment.reaction.consultation)
    return send_file(stored_path(attachment.storage_name), mimetype=attachment.content_type,
                     as_attachment=True, download_name=attachment.filename)
