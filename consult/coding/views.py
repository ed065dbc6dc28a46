import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consult.coding import bp
from consult.coding.models import GroupKind
from consult.coding.queries import campaign_suggestions, groups_of
from consult.coding.services import (
    DuplicateCode,
    add_code,
    code_counts,
    coding_scheme,
    make_group,
)
from consult.consultations.models import Consultation
from consult.consultations.permissions import MANAGE_CONSULTATION
from consult.core.forms import EmptyForm
from consult.core.permissions import require
from consult.extensions import db
from consult.reactions.models import Reaction


def _load_consultation(slug: str) -> Consultation:
    consultation = db.first_or_404(sa.select(Consultation).where(Consultation.slug == slug))
    require(MANAGE_CONSULTATION, consultation)
    return consultation


@bp.get("/consultaties/<slug>/codes")
@login_required
def list_codes(slug: str):
    consultation = _load_consultation(slug)
    suggestions = campaign_suggestions(consultation) if request.args.get("zoek") == "campagnes" else None
    return render_template(
        "coding/list.html", consultation=consultation, codes=coding_scheme(consultation), counts=code_counts(consultation),
        groups=groups_of(consultation), suggestions=suggestions, form=EmptyForm(), header_organisation=consultation.organisation,
    )


@bp.post("/consultaties/<slug>/codes")
@login_required
def create_code(slug: str):
    consultation = _load_consultation(slug)
    title = (request.form.get("title") or "").strip()
    if not EmptyForm().validate_on_submit():
        abort(400)
    if not title or len(title) > 200:
        flash(_("Give the code a name of at most 200 characters."), "error")
        return redirect(url_for("coding.list_codes", slug=slug))
    try:
        add_code(consultation, title, current_user)
    except DuplicateCode:
        flash(_("This code already exists."), "error")
    else:
        db.session.commit()
        flash(_("Code %(title)s is added.", title=title), "success")
    return redirect(url_for("coding.list_codes", slug=slug))


@bp.post("/consultaties/<slug>/groepen")
@login_required
def create_group(slug: str):
    """Accept a suggested campaign group: the official confirms which reactions belong to it."""
    consultation = _load_consultation(slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    ids = [int(i) for i in request.form.getlist("reaction") if i.isdigit()]
    reactions = db.session.scalars(sa.select(Reaction).where(Reaction.consultation_id == consultation.id, Reaction.id.in_(ids))).all()
    if not reactions:
        flash(_("Tick one or more reactions, then choose what to do with them."), "error")
        return redirect(url_for("coding.list_codes", slug=slug))
    title = (request.form.get("title") or "").strip()[:200] or _("Campaign letter")
    group = make_group(consultation, list(reactions), GroupKind.CAMPAIGN, title, current_user)
    db.session.commit()
    flash(_("Group %(title)s is made with %(count)s reactions.", title=group.title, count=len(reactions)), "success")
    return redirect(url_for("coding.list_codes", slug=slug))
