import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consult.consultations.models import Consultation
from consult.consultations.permissions import MANAGE_CONSULTATION
from consult.core.db import utcnow
from consult.core.forms import EmptyForm
from consult.core.permissions import require
from consult.documents.queries import documents_of
from consult.extensions import db
from consult.moderation import bp
from consult.moderation.forms import RejectForm
from consult.moderation.queries import managed_consultations, reactions_with_status
from consult.organisations.permissions import is_official
from consult.reactions.models import Reaction, ReactionStatus
from consult.reactions.services import approve_reaction, reject_reaction


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
