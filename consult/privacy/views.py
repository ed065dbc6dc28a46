import json

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consult.accounts.sessions import password_again, recent_login_required
from consult.audit.services import record_event, record_view
from consult.consultations.permissions import MANAGE_CONSULTATION
from consult.consultations.queries import consultation_or_404
from consult.core.db import utcnow
from consult.core.forms import EmptyForm, form_status
from consult.core.links import external_url
from consult.core.permissions import require
from consult.core.web import no_store
from consult.extensions import db, limiter, submitted_email
from consult.jobs.services import enqueue
from consult.organisations.permissions import is_official
from consult.privacy import bp
from consult.privacy.forms import AccessForm, ErasureForm, HandleErasureForm
from consult.privacy.labels import erasure_status_label
from consult.privacy.models import ErasureRequest, RequestStatus
from consult.privacy.permissions import HANDLE_ERASURE
from consult.privacy.services import (
    grant_erasure,
    kept_about,
    personal_data,
    refuse_erasure,
    request_erasure,
    send_access_link,
)
from consult.privacy.tokens import make_access_token, read_access_token
from consult.workshops.privacy import registration_data

bp.add_app_template_global(erasure_status_label)


@bp.route("/mijn-gegevens", methods=["GET", "POST"])
@limiter.limit("10/hour", methods=["POST"])
@limiter.limit("3/hour", methods=["POST"], key_func=submitted_email)
def request_access():
    """A person asks for a link to their own data; the link goes to the address, never to the page."""
    form = AccessForm()
    if request.method == "GET" or not form.started.data:
        form.start()
    if form.validate_on_submit():
        if not form.is_robot():
            link = external_url("privacy.my_data", token=make_access_token(form.email.data))
            send_access_link(form.email.data, link, str(get_locale()))
            db.session.commit()
        flash(_("We have sent an e-mail to %(email)s. Open the link in it within 24 hours.", email=form.email.data),
              "success")
        return redirect(url_for("privacy.request_access"))
    return render_template("privacy/request_access.html", form=form), form_status(form)


def _email_from(token: str) -> str | None:
    email = read_access_token(token)
    if email is None:
        flash(_("This link has expired or is not valid. Ask for a new link."), "error")
    return email


@bp.get("/mijn-gegevens/<token>")
@no_store
def my_data(token: str):
    email = _email_from(token)
    if email is None:
        return redirect(url_for("privacy.request_access"))
    return _my_data_page(token, email, ErasureForm())


def _my_data_page(token: str, email: str, form: ErasureForm, status: int = 200):
    kept = kept_about(email)
    items = kept.items
    asked = {r.organisation_id for r in items["requests"] if r.is_open}
    return render_template("privacy/my_data.html", token=token, email=email, kept=items, reactions=items["reactions"],
                           requests=items["requests"], drafts=items["draft_comments"], form=form,
                           registrations=[(r, registration_data(r)) for r in items["workshop_registrations"]],
                           can_ask=bool({o.id for o in kept.organisations()} - asked)), status


@bp.get("/mijn-gegevens/<token>/gegevens.json")
@no_store
def download_my_data(token: str):
    email = _email_from(token)
    if email is None:
        return redirect(url_for("privacy.request_access"))
    body = json.dumps(personal_data(email), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": 'attachment; filename="mijn-gegevens-consult.json"'})


@bp.post("/mijn-gegevens/<token>/verwijderen")
@limiter.limit("10/hour")
@no_store
def ask_erasure(token: str):
    email = _email_from(token)
    if email is None:
        return redirect(url_for("privacy.request_access"))
    form = ErasureForm()
    if not form.validate_on_submit():
        return _my_data_page(token, email, form, 400)
    made = request_erasure(email, form.message.data or "", utcnow(), str(get_locale()))
    db.session.commit()
    if made:
        flash(_("Your request is sent to: %(names)s. You get an answer by e-mail within one month.",
                names=", ".join(r.organisation.name for r in made)), "success")
    else:
        flash(_("There is nothing new to ask: your requests are already being handled."), "info")
    return redirect(url_for("privacy.my_data", token=token))


# The workbench side: officials handle the requests addressed to their organisation.

@bp.get("/beheer/verzoeken")
@login_required
def list_requests():
    if not is_official(current_user):
        abort(403)
    organisation_ids = [o.id for o in current_user.governed_organisations]
    requests = db.session.scalars(
        sa.select(ErasureRequest).where(ErasureRequest.organisation_id.in_(organisation_ids))
        .order_by((ErasureRequest.status == RequestStatus.OPEN).desc(), ErasureRequest.created_at.desc())
    ).all()
    return render_template("privacy/list_requests.html", requests=requests, now=utcnow())


@bp.route("/beheer/verzoeken/<int:request_id>", methods=["GET", "POST"])
@login_required
def show_request(request_id: int):
    erasure = db.get_or_404(ErasureRequest, request_id)
    require(HANDLE_ERASURE, erasure)
    form = HandleErasureForm()
    if erasure.is_open and form.validate_on_submit():
        # Removing personal data cannot be undone: the password again, as for other such steps.
        if form.decision.data == "grant" and (asked := password_again(_("Remove the personal data"))):
            return asked
        now = utcnow()
        if form.decision.data == "grant":
            count = grant_erasure(erasure, current_user, now)
            flash(ngettext("The personal data is removed from %(num)s reaction. The person gets an e-mail.",
                           "The personal data is removed from %(num)s reactions. The person gets an e-mail.", count),
                  "success")
        else:
            refuse_erasure(erasure, current_user, now, form.reason.data)
            flash(_("The request is answered. The person gets your reason by e-mail."), "success")
        db.session.commit()
        return redirect(url_for("privacy.show_request", request_id=erasure.id))
    held = kept_about(erasure.email).removable_in(erasure.organisation_id)
    record_view(current_user, "personal_data_viewed", erasure, erasure.organisation_id, reactions=len(held["reactions"]))
    return render_template("privacy/show_request.html", erasure=erasure, reactions=held["reactions"],
                           drafts=held["draft_comments"], registrations=held["workshop_registrations"], form=form,
                           now=utcnow(), header_organisation=erasure.organisation), 400 if form.errors else 200


@bp.post("/beheer/consultaties/<slug>/dossier")
@login_required
@recent_login_required(purpose=lambda: _("Export the dossier"))
def start_dossier(slug: str):
    """The complete dossier for the municipality's archive, made in the background. Audited."""
    # A werkatelier's dossier holds its registrations (consult.workshops.privacy); its own page offers it.
    consultation = consultation_or_404(slug, MANAGE_CONSULTATION, werkatelier_too=True)
    if not EmptyForm().validate_on_submit():
        abort(400)
    job = enqueue("dossier", consultation.id, current_user)
    record_event(current_user, "dossier_exported", consultation, consultation.organisation_id, job=job.id)
    db.session.commit()
    flash(_("The dossier is being made. You can keep working; it appears on this page when it is ready."), "success")
    return redirect(url_for("consultations.manage_consultation" if consultation.takes_reactions else "workshops.manage_workshop",
                            slug=slug))
