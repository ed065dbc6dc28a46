from datetime import timedelta

import sqlalchemy as sa
from flask import (
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user

from consult.accessibility.labels import OMBUDSMAN_LABELS
from consult.accessibility.models import Ombudsman
from consult.accessibility.services import default_statement
from consult.consultations.queries import public_overview
from consult.core.db import utcnow
from consult.core.links import external_url
from consult.core.web import is_safe_next
from consult.extensions import db
from consult.organisations.models import Organisation, OrganisationKind
from consult.pages import bp
from consult.privacy.partners import SPENT_LINK_DAYS
from consult.privacy.services import SENT_MAIL_DAYS, UNCONFIRMED_DAYS
from consult.workshops.queries import coming_workshops


@bp.get("/")
def home():
    now = utcnow()
    governments = db.session.scalars(
        sa.select(Organisation)
        .where(Organisation.kind.in_([OrganisationKind.MUNICIPALITY, OrganisationKind.REGION]))
        .order_by(Organisation.name)
    ).all()
    return render_template(
        "pages/home.html", overview=public_overview(now), now=now, governments=governments,
        workshops=coming_workshops(now),
    )


@bp.get("/organisaties/<slug>")
def show_organisation(slug: str):
    organisation = db.first_or_404(sa.select(Organisation).where(Organisation.slug == slug))
    if not organisation.kind.is_government:
        abort(404)
    now = utcnow()
    ids = [organisation.id, *(member.id for member in organisation.members)]
    return render_template(
        "pages/organisation.html",
        organisation=organisation,
        header_organisation=organisation,
        overview=public_overview(now, ids),
        workshops=coming_workshops(now, ids),
        now=now,
    )


@bp.get("/privacy")
def privacy():
    return render_template("pages/privacy.html", unconfirmed_days=UNCONFIRMED_DAYS, sent_mail_days=SENT_MAIL_DAYS,
                           spent_link_days=SPENT_LINK_DAYS)


@bp.get("/organisaties/<slug>/privacy")
def organisation_privacy(slug: str):
    """The privacy statement of one municipality or region: who is responsible (a region's municipalities
    together, AVG 26) and how to reach their data protection officer (AVG 13(1)(b))."""
    organisation = db.first_or_404(sa.select(Organisation).where(Organisation.slug == slug))
    if not organisation.kind.is_government:
        abort(404)
    return render_template("pages/privacy.html", organisation=organisation, controllers=organisation.controllers,
                           unconfirmed_days=UNCONFIRMED_DAYS, sent_mail_days=SENT_MAIL_DAYS,
                           spent_link_days=SPENT_LINK_DAYS, header_organisation=organisation)


@bp.get("/huisregels")
def house_rules():
    """The default house rules for reactions; a consultation may have its own (shown on its form)."""
    return render_template("pages/house_rules.html")


@bp.get("/toegankelijkheid")
def accessibility():
    """consult's own statement (the national model's parts), and each municipality's and region's."""
    governments = db.session.scalars(sa.select(Organisation).where(
        Organisation.kind.in_([OrganisationKind.MUNICIPALITY, OrganisationKind.REGION])).order_by(Organisation.name)).all()
    return render_template("pages/accessibility.html", governments=governments,
                           statement=default_statement(external_url("pages.home")),
                           ombudsman_label=OMBUDSMAN_LABELS[Ombudsman.NATIONAL])


@bp.get("/taal/<language>")
def set_language(language: str):
    """A plain link, so the switch works without JavaScript. For a signed-in person it is also the
    account's language: the one their mails are written in (``consult.core.i18n.reader_locale``)."""
    if language not in current_app.config["LANGUAGES"]:
        abort(404)
    session["lang"] = language
    if current_user.is_authenticated and current_user.locale != language:
        current_user.locale = language
        db.session.commit()
    target = request.args.get("next")
    return redirect(target if is_safe_next(target) else url_for("pages.home"))


@bp.get("/.well-known/security.txt")
def security_txt():
    """RFC 9116: where to report a vulnerability."""
    expires = (utcnow() + timedelta(days=180)).strftime("%Y-%m-%dT%H:%M:%SZ")
    lines = [f"Contact: {current_app.config['SECURITY_CONTACT']}", f"Expires: {expires}",
             "Preferred-Languages: nl, en", f"Canonical: {external_url('pages.security_txt')}"]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


@bp.get("/health")
def health():
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        return {"status": "unavailable"}, 503
    return {"status": "ok"}
