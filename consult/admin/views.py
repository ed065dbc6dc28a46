import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consult.accounts.models import Membership, MembershipRole, User
from consult.accounts.queries import accounts_page
from consult.accounts.services import find_user
from consult.accounts.sessions import recent_login_required
from consult.admin import (
    bp,
    organisation_views,  # noqa: F401  (the organisations' routes, on this blueprint)
)
from consult.admin.forms import InviteForm, MembershipForm
from consult.admin.labels import membership_role_label, role_summary
from consult.admin.services import NotAllowed, add_membership, invite, remove_membership, set_active, set_admin
from consult.core.collation import dutch_sort_key
from consult.core.forms import EmptyForm, choices
from consult.core.permissions import is_admin, require
from consult.extensions import db
from consult.organisations.models import Organisation

bp.add_app_template_global(membership_role_label)
bp.add_app_template_global(role_summary)


def _organisation_choices(form: MembershipForm) -> list[Organisation]:
    organisations = sorted(db.session.scalars(sa.select(Organisation)), key=lambda o: dutch_sort_key(o.name))
    form.organisation.choices = choices([("", _("Choose an organisation"))] + [(str(o.id), o.name) for o in organisations])
    return organisations


def _chosen(form: MembershipForm, organisations: list[Organisation]) -> tuple[Organisation, MembershipRole]:
    organisation = next(o for o in organisations if str(o.id) == form.organisation.data)
    return organisation, MembershipRole(form.role.data)


def _role_mismatch(form: MembershipForm) -> None:
    form.role.errors = [*form.role.errors, _("Officials work for a municipality or region; partners for the other organisations.")]


@bp.get("/accounts/")
@login_required
def list_users():
    require(is_admin)
    search = (request.args.get("q") or "").strip()
    page = accounts_page(search, request.args.get("pagina", 1, type=int))
    form = InviteForm()
    _organisation_choices(form)
    return render_template("admin/list.html", page=page, search=search, form=form)


@bp.post("/accounts/nieuw")
@login_required
@recent_login_required(purpose=lambda: _("Make the account and send an e-mail"))
def invite_user():
    require(is_admin)
    form = InviteForm(taken=lambda email: find_user(email) is not None)
    organisations = _organisation_choices(form)
    if form.validate_on_submit():
        try:
            user = invite(current_user, form.name.data, form.email.data, *_chosen(form, organisations))
        except NotAllowed:
            _role_mismatch(form)
        else:
            db.session.commit()
            flash(_("The account for %(name)s is made. They get an e-mail to choose a password.", name=user.name), "success")
            return redirect(url_for("admin.show_user", user_id=user.id))
    return render_template("admin/list.html", page=accounts_page("", 1), search="", form=form), 400


@bp.get("/accounts/<int:user_id>")
@login_required
def show_user(user_id: int):
    require(is_admin)
    return _user_page(db.get_or_404(User, user_id), MembershipForm())


def _user_page(user: User, form: MembershipForm, status: int = 200):
    _organisation_choices(form)
    return render_template("admin/user.html", user=user, form=form, empty_form=EmptyForm()), status


@bp.post("/accounts/<int:user_id>/rollen")
@login_required
@recent_login_required(purpose=lambda: _("Add the role"))
def add_role(user_id: int):
    require(is_admin)
    user = db.get_or_404(User, user_id)
    form = MembershipForm()
    organisations = _organisation_choices(form)
    if not form.validate_on_submit():
        return _user_page(user, form, 400)
    organisation, role = _chosen(form, organisations)
    try:
        added = add_membership(current_user, user, organisation, role)
    except NotAllowed:
        _role_mismatch(form)
        return _user_page(user, form, 400)
    db.session.commit()
    flash(_("%(name)s now works for %(organisation)s.", name=user.name, organisation=organisation.name) if added
          else _("%(name)s already had this role.", name=user.name), "success")
    return redirect(url_for("admin.show_user", user_id=user.id))


@bp.post("/accounts/<int:user_id>/rollen/<int:membership_id>/verwijderen")
@login_required
@recent_login_required(purpose=lambda: _("Remove the role"))
def remove_role(user_id: int, membership_id: int):
    require(is_admin)
    membership = db.get_or_404(Membership, membership_id)
    if membership.user_id != user_id or not EmptyForm().validate_on_submit():
        abort(404 if membership.user_id != user_id else 400)
    organisation_name = membership.organisation.name
    remove_membership(current_user, membership)
    db.session.commit()
    flash(_("The role at %(organisation)s is removed.", organisation=organisation_name), "success")
    return redirect(url_for("admin.show_user", user_id=user_id))


@bp.post("/accounts/<int:user_id>/beheerder")
@login_required
@recent_login_required(purpose=lambda: _("Make admin") if request.form.get("admin") == "yes" else _("Take away admin rights"))
def change_admin(user_id: int):
    require(is_admin)
    return _change(user_id, set_admin, "admin", lambda user, on: (
        _("%(name)s is now an admin.", name=user.name) if on else _("%(name)s is no longer an admin.", name=user.name)))


@bp.post("/accounts/<int:user_id>/actief")
@login_required
@recent_login_required(purpose=lambda: _("Unblock the account") if request.form.get("active") == "yes" else _("Block the account"))
def change_active(user_id: int):
    require(is_admin)
    return _change(user_id, set_active, "active", lambda user, on: (
        _("The account of %(name)s is unblocked.", name=user.name) if on
        else _("The account of %(name)s is blocked: they can no longer log in.", name=user.name)))


def _change(user_id: int, change, field: str, done):
    """A yes/no change of ``field`` on the account; ``done(user, on)`` says what happened."""
    user = db.get_or_404(User, user_id)
    if not EmptyForm().validate_on_submit() or request.form.get(field) not in ("yes", "no"):
        abort(400)
    on = request.form[field] == "yes"
    try:
        change(current_user, user, on)
    except NotAllowed:
        flash(_("You cannot take away your own admin rights or block your own account. Ask another admin."), "error")
    else:
        db.session.commit()
        flash(done(user, on), "success")
    return redirect(url_for("admin.show_user", user_id=user.id))
