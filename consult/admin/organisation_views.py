"""The admin's organisations: list and search (paged), make and change, and the people who work there.
Every change asks for the password again after REAUTH_MINUTES, as on the accounts pages, and is audited."""
import math

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consult.accounts.models import Membership, MembershipRole, User
from consult.accounts.sessions import recent_login_required
from consult.admin import bp
from consult.admin.forms import OrganisationForm, PersonForm
from consult.admin.labels import admin_kind_label
from consult.admin.services import NotAllowed, OrganisationInput, add_person, remove_membership, save_organisation
from consult.core.collation import dutch_sort_key, ids_in_dutch_order
from consult.core.forms import EmptyForm, choices
from consult.core.permissions import is_admin, require
from consult.extensions import db, limiter
from consult.looks.services import set_look
from consult.looks.themes import available_themes
from consult.organisations.models import Organisation, OrganisationKind

PAGE_SIZE = 50
POST_LIMIT = "120/hour"
# The person form shares its page with the organisation form: its fields are named person-email, person-name, …
PERSON = "person"


def _page_number() -> int:
    value = request.args.get("pagina", "1")
    return int(value) if value.isdigit() and 0 < int(value) < 100_000 else 1


@bp.get("/organisaties/")
@login_required
def list_organisations():
    require(is_admin)
    search, page = (request.args.get("q") or "").strip()[:200], _page_number()
    query = sa.select(Organisation)
    if search:
        pattern = f"%{search.lower()}%"
        query = query.where(sa.or_(sa.func.lower(Organisation.name).like(pattern), Organisation.slug.like(pattern)))
    ordered = ids_in_dutch_order(db.session.execute(query.with_only_columns(Organisation.id, Organisation.name)))
    total, shown = len(ordered), ordered[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
    found = {o.id: o for o in db.session.scalars(sa.select(Organisation).where(Organisation.id.in_(shown)))}
    organisations = [found[id_] for id_ in shown]
    people = dict(db.session.execute(
        sa.select(Membership.organisation_id, sa.func.count(Membership.id))
        .where(Membership.organisation_id.in_([o.id for o in organisations])).group_by(Membership.organisation_id)).all())
    return render_template("admin/organisations.html", organisations=organisations, search=search, page=page,
                           pages=max(1, math.ceil(total / PAGE_SIZE)), total=total, people=people)


def _organisation_form(organisation: Organisation | None = None, **kwargs) -> OrganisationForm:
    form = OrganisationForm(slug_taken=lambda slug: db.session.scalar(
        sa.select(Organisation.id).where(Organisation.slug == slug, Organisation.id != getattr(organisation, "id", None))) is not None,
        **kwargs)
    form.kind.choices = choices([("", _("Choose a kind"))] + [(k.value, admin_kind_label(k)) for k in OrganisationKind])
    regions = db.session.scalars(sa.select(Organisation).where(Organisation.kind == OrganisationKind.REGION)
                                 .order_by(Organisation.name)).all()
    form.region.choices = choices([("", _("No region"))] + [(str(r.id), r.name) for r in regions
                                                             if organisation is None or r.id != organisation.id])
    form.theme.choices = choices([("", _("The look of the whole site"))] + [(stem, stem) for stem in available_themes()])
    return form


bp.add_app_template_global(admin_kind_label)


def _input(form: OrganisationForm) -> OrganisationInput:
    region = db.session.get(Organisation, int(form.region.data)) if form.region.data else None
    return OrganisationInput(name=form.name.data, slug=form.slug.data, kind=OrganisationKind(form.kind.data),
                             region=region, website=form.website.data or None,
                             privacy_officer=form.privacy_officer.data or None,
                             privacy_officer_email=form.privacy_officer_email.data or None,
                             accessibility_statement_url=form.accessibility_statement_url.data or None,
                             adopting_bodies=form.adopting_bodies.data or "",
                             members_may_moderate=bool(form.members_may_moderate.data)
                             and form.kind.data == OrganisationKind.REGION.value)


@bp.route("/organisaties/nieuw", methods=["GET", "POST"])
@login_required
@recent_login_required
@limiter.limit(POST_LIMIT, methods=["POST"])
def new_organisation():
    require(is_admin)
    form = _organisation_form()
    if form.validate_on_submit():
        organisation = save_organisation(current_user, _input(form))
        set_look(current_user, organisation, form.theme.data or None, form.checked_logo)
        db.session.commit()
        flash(_("%(name)s is made.", name=organisation.name), "success")
        return redirect(url_for("admin.show_organisation", organisation_id=organisation.id))
    return render_template("admin/organisation_form.html", form=form, organisation=None), 400 if form.errors else 200


def _show(organisation: Organisation, form: OrganisationForm, person_form: PersonForm, status: int = 200):
    members = sorted(db.session.execute(
        sa.select(Membership, User).join(User, Membership.user_id == User.id)
        .where(Membership.organisation_id == organisation.id)).all(), key=lambda row: (dutch_sort_key(row[1].name), row[1].id))
    return render_template("admin/organisation.html", organisation=organisation, form=form, person_form=person_form,
                           members=members, empty_form=EmptyForm()), status


@bp.get("/organisaties/<int:organisation_id>")
@login_required
def show_organisation(organisation_id: int):
    require(is_admin)
    organisation = db.get_or_404(Organisation, organisation_id)
    return _show(organisation, _stored(organisation), PersonForm(prefix=PERSON))


def _stored(organisation: Organisation) -> OrganisationForm:
    """The change form as the organisation is stored, whatever was posted."""
    form = _organisation_form(organisation, formdata=None, obj=organisation)
    form.kind.data, form.region.data = organisation.kind.value, str(organisation.region_id or "")
    form.theme.data = organisation.theme or ""
    return form


@bp.post("/organisaties/<int:organisation_id>")
@login_required
@recent_login_required
@limiter.limit(POST_LIMIT)
def edit_organisation(organisation_id: int):
    require(is_admin)
    organisation = db.get_or_404(Organisation, organisation_id)
    form = _organisation_form(organisation)
    if not form.validate_on_submit():
        return _show(organisation, form, PersonForm(formdata=None, prefix=PERSON), 400)
    try:
        save_organisation(current_user, _input(form), organisation)
        set_look(current_user, organisation, form.theme.data or None, form.checked_logo, bool(form.remove_logo.data))
    except NotAllowed:
        form.region.errors = [*form.region.errors, _("Choose a region for a municipality or partner, not for a region.")]
        return _show(organisation, form, PersonForm(formdata=None, prefix=PERSON), 400)
    db.session.commit()
    flash(_("The changes are saved."), "success")
    return redirect(url_for("admin.show_organisation", organisation_id=organisation.id))


@bp.post("/organisaties/<int:organisation_id>/mensen")
@login_required
@recent_login_required
@limiter.limit(POST_LIMIT)
def add_organisation_person(organisation_id: int):
    require(is_admin)
    organisation = db.get_or_404(Organisation, organisation_id)
    form = PersonForm(prefix=PERSON)

    def page_with_error(field, message):
        field.errors = [*field.errors, message]
        return _show(organisation, _stored(organisation), form, 400)

    if not form.validate_on_submit():
        return _show(organisation, _stored(organisation), form, 400)
    role = MembershipRole(form.role.data)
    try:
        user, changed = add_person(current_user, organisation, form.email.data, form.name.data or "", role)
    except NotAllowed as refused:
        if str(refused) == "name":
            return page_with_error(form.name, _("Fill in the name: there is no account with this e-mail address yet."))
        return page_with_error(form.role, _("Officials work for a municipality or region; partners for the other organisations."))
    db.session.commit()
    flash(_("%(name)s now works for %(organisation)s.", name=user.name, organisation=organisation.name) if changed
          else _("%(name)s already had this role.", name=user.name), "success")
    return redirect(url_for("admin.show_organisation", organisation_id=organisation.id) + "#mensen")


@bp.post("/organisaties/<int:organisation_id>/mensen/<int:membership_id>/verwijderen")
@login_required
@recent_login_required
@limiter.limit(POST_LIMIT)
def remove_organisation_person(organisation_id: int, membership_id: int):
    require(is_admin)
    membership = db.get_or_404(Membership, membership_id)
    if membership.organisation_id != organisation_id:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    name = membership.user.name
    remove_membership(current_user, membership)
    db.session.commit()
    flash(_("%(name)s no longer works for this organisation.", name=name), "success")
    return redirect(url_for("admin.show_organisation", organisation_id=organisation_id) + "#mensen")
