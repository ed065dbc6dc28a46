"""The sign-in link from an invitation, and choosing a password afterwards.

Opening the link only shows a button: mail scanners open links to check them, and the link works once,
so it is spent by the button's POST, never by the GET."""
import time

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from consult.audit.services import record_event
from consult.consultations.models import ConsultationKind
from consult.consultations.permissions import MANAGE_CONSULTATION
from consult.consultations.queries import consultation_or_404
from consult.core.collation import dutch_sort_key
from consult.core.db import utcnow
from consult.core.forms import EmptyForm, choices
from consult.core.kept_forms import SESSION_KEY as KEPT_FORM_KEY
from consult.core.web import is_safe_next, no_store
from consult.extensions import db, limiter
from consult.rounds.queries import round_of
from consult.signin import bp, services
from consult.signin.forms import ChoosePasswordForm, ContactForm
from consult.signin.services import (
    FullLogInNeeded,
    LinkUnusable,
    find_link,
    follow_link,
    landing_page,
    send_fresh_link,
    token_hash,
)


def _token_key() -> str:
    """Rate-limit key for new links: the old link, whichever address asks."""
    return "link:" + token_hash(request.view_args.get("token", ""))


@bp.get("/aanmelden/<token>")
@no_store
def show_link(token: str):
    link = find_link(token)
    if link is None or not link.is_usable(utcnow()):
        return render_template("signin/unusable.html", token=token, form=EmptyForm())
    return render_template("signin/link.html", link=link, form=EmptyForm())


@bp.post("/aanmelden/<token>")
@limiter.limit("30/hour")
@no_store
def use_link(token: str):
    link = find_link(token)
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("signin.show_link", token=token))
    try:
        user = follow_link(link, utcnow())
    except LinkUnusable:
        db.session.rollback()
        return render_template("signin/unusable.html", token=token, form=EmptyForm()), 410
    except FullLogInNeeded:
        target = landing_page(link)
        db.session.commit()
        flash(_("You now work for %(organisation)s. Log in with your password to continue.",
                organisation=link.organisation.name), "info")
        return redirect(url_for("accounts.login", next=target))
    target = landing_page(link)
    has_password = bool(user.password_hash)
    _sign_in(user)
    db.session.commit()
    flash(_("Welcome. You are logged in and work for %(organisation)s.", organisation=link.organisation.name), "success")
    return redirect(target if has_password else url_for("signin.choose_password", next=target))


def _sign_in(user) -> None:
    """A fresh session, as a log-in with a password makes (consult.accounts.views)."""
    carried = {key: session[key] for key in ("lang", KEPT_FORM_KEY) if key in session}
    session.clear()
    session.update(carried)
    login_user(user)
    session["login_at"] = session["seen_at"] = session["auth_at"] = time.time()


@bp.post("/aanmelden/<token>/nieuwe-link")
@limiter.limit("10/hour")
@limiter.limit("3/hour", key_func=_token_key)
@no_store
def request_new_link(token: str):
    """Mail a new link to the address the old one went to. The answer is the same whether the link
    was ours or not, so the page tells nobody which addresses were invited."""
    if EmptyForm().validate_on_submit():
        send_fresh_link(find_link(token), utcnow())
        db.session.commit()
        flash(_("If this link was ours, a new link is on its way to the e-mail address it was sent to. "
                "It works for 14 days."), "success")
    return redirect(url_for("signin.show_link", token=token))


@bp.route("/mijn-account/wachtwoord", methods=["GET", "POST"])
@login_required
@limiter.limit("10/15 minutes", methods=["POST"])
def choose_password():
    """Choose (or change) a password. After a sign-in link this may be skipped: the link back goes on."""
    target = request.args.get("next")
    target = target if is_safe_next(target) else url_for("notifications.my_account")
    form = ChoosePasswordForm()
    if form.validate_on_submit():
        if current_user.password_hash and not current_user.check_password(form.current.data or ""):
            form.current.errors.append(_("This password is not right. Try again."))
        else:
            current_user.set_password(form.password.data)
            current_user.end_all_sessions()  # other sessions end; this one continues with the new token
            user = current_user._get_current_object()
            _sign_in(user)
            record_event(user, "password_chosen", user)
            db.session.commit()
            flash(_("Your password is saved. Next time you log in with your e-mail address and this password."), "success")
            return redirect(target)
    return render_template("signin/choose_password.html", form=form, target=target,
                           has_password=bool(current_user.password_hash)), 400 if form.errors else 200


# Officials: contact people of the organisations invited to a round --------------------------------

def _managed_round_or_404(slug: str):
    consultation = consultation_or_404(slug, MANAGE_CONSULTATION)
    feedback_round = round_of(consultation) if consultation.kind is ConsultationKind.PARTNER_ROUND else None
    if feedback_round is None:
        abort(404)
    return feedback_round


@bp.app_template_global()
def contact_form(feedback_round) -> ContactForm:
    """The contact-person form of the round's progress page (templates/rounds/_contacts.html)."""
    form = ContactForm()
    form.invitation.choices = choices([("", _("Choose an organisation"))] + [
        (str(i.id), i.organisation.name) for i in sorted(feedback_round.invitations, key=lambda i: dutch_sort_key(i.organisation.name))])
    return form


@bp.post("/beheer/consultaties/<slug>/ronde/contactpersonen")
@login_required
@limiter.limit("60/hour")
def invite_contact(slug: str):
    feedback_round = _managed_round_or_404(slug)
    form = contact_form(feedback_round)
    if not form.validate_on_submit():
        return render_template("signin/contact_form.html", form=form, consultation=feedback_round.consultation,
                               header_organisation=feedback_round.consultation.organisation), 400
    invitation = next(i for i in feedback_round.invitations if str(i.id) == form.invitation.data)
    with_link = services.invite_contact(invitation, form.name.data, form.email.data, current_user, utcnow())
    db.session.commit()
    flash(_("%(email)s got an e-mail with a link that works once, for 14 days.", email=form.email.data) if with_link
          else _("%(email)s already works for %(organisation)s and got the invitation to the round.",
                 email=form.email.data, organisation=invitation.organisation.name), "success")
    return redirect(url_for("rounds.manage_round", slug=slug) + "#contactpersonen")
