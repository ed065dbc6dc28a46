"""Each municipality's and region's toegankelijkheidsverklaring for its pages on consult: public, and
changed by its officials or the admin."""
from datetime import date

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consult.accessibility import bp
from consult.accessibility.forms import StatementForm
from consult.accessibility.labels import OMBUDSMAN_LABELS, status_label
from consult.accessibility.models import Ombudsman
from consult.accessibility.permissions import EDIT_STATEMENT
from consult.accessibility.services import StatementInput, default_statement, save_statement, statement_of
from consult.core.db import utcnow
from consult.core.i18n import local_date
from consult.core.links import external_url
from consult.core.permissions import require
from consult.extensions import db, limiter
from consult.organisations.models import Organisation

bp.add_app_template_global(status_label, "compliance_status_label")


@bp.app_template_filter("iso_date")
def iso_date(value: str | None) -> str:
    """A date stored as ISO text (in the statement's JSON lists), as people read it."""
    return local_date(date.fromisoformat(value)) if value else ""


bp.add_app_template_global(EDIT_STATEMENT, "EDIT_STATEMENT")


def government_or_404(slug: str) -> Organisation:
    organisation = db.first_or_404(sa.select(Organisation).where(Organisation.slug == slug))
    if not organisation.kind.is_government:
        abort(404)
    return organisation


def site_of(organisation: Organisation) -> str:
    return _("The pages of %(organisation)s on %(address)s", organisation=organisation.name,
             address=external_url("pages.show_organisation", slug=organisation.slug))


@bp.get("/organisaties/<slug>/toegankelijkheid")
def show_statement(slug: str):
    """The statement in the national model's shape; consult's default until the organisation writes its own."""
    organisation = government_or_404(slug)
    statement = statement_of(organisation)
    return render_template("accessibility/statement.html", organisation=organisation,
                           statement=statement or default_statement(site_of(organisation)), is_default=statement is None,
                           ombudsman_label=OMBUDSMAN_LABELS[(statement.ombudsman if statement else Ombudsman.NATIONAL)],
                           header_organisation=organisation)


def _input(form: StatementForm) -> StatementInput:
    return StatementInput(scope=form.scope.data, status=form.compliance_status, statement_date=form.statement_date.data,
                          audits=form.audit_list(), problems=form.problem_list(),
                          contact_email=form.contact_email.data or "", contact_phone=form.contact_phone.data or "",
                          response_days=form.response_days.data, ombudsman=Ombudsman(form.ombudsman.data),
                          ombudsman_name=form.ombudsman_name.data or "", ombudsman_url=form.ombudsman_url.data or "")


def _stored_form(organisation: Organisation) -> StatementForm:
    statement = statement_of(organisation) or default_statement(site_of(organisation))
    form = StatementForm(formdata=None, data={
        "scope": statement.scope, "status": statement.status.value, "statement_date": statement.statement_date,
        "contact_email": statement.contact_email, "contact_phone": statement.contact_phone,
        "response_days": statement.response_days, "ombudsman": statement.ombudsman.value,
        "ombudsman_name": statement.ombudsman_name, "ombudsman_url": statement.ombudsman_url})
    for audit in statement.audits:
        form.audits.append_entry({"checked_on": _date(audit.get("date")), "method": audit.get("method", ""),
                                  "link": audit.get("link", "")})
    for problem in statement.problems:
        form.problems.append_entry({"problem": problem.get("problem", ""), "measure": problem.get("measure", ""),
                                    "planned_on": _date(problem.get("planned_on"))})
    form.add_blank_rows()
    return form


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@bp.route("/beheer/organisaties/<slug>/toegankelijkheid", methods=["GET", "POST"])
@login_required
@limiter.limit("60/hour", methods=["POST"])
def edit_statement(slug: str):
    organisation = government_or_404(slug)
    require(EDIT_STATEMENT, organisation)
    if request.method == "GET":
        form = _stored_form(organisation)
    else:
        form = StatementForm()
        if form.validate_on_submit():
            save_statement(organisation, _input(form), current_user, utcnow())
            db.session.commit()
            flash(_("The accessibility statement is saved."), "success")
            return redirect(url_for("accessibility.show_statement", slug=organisation.slug))
        form.add_blank_rows()
    return render_template("accessibility/edit.html", organisation=organisation, form=form,
                           has_own=statement_of(organisation) is not None,
                           header_organisation=organisation), 400 if form.errors else 200
