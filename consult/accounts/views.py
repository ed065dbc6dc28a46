import time

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user

from consult.accounts import bp, two_factor
from consult.accounts.forms import CodeForm, ConfirmPasswordForm, LoginForm, NewPasswordForm, PasswordResetRequestForm
from consult.accounts.services import (
    authenticate,
    load_user,
    request_password_reset,
    reset_password,
    user_for_reset_token,
)
from consult.accounts.sessions import PENDING_KEY, enforce_staff_session_limits, pending_action
from consult.core.forms import EmptyForm, form_status
from consult.core.kept_forms import SESSION_KEY as KEPT_FORM_KEY
from consult.core.web import is_safe_next, no_store
from consult.extensions import db, limiter, submitted_email


def _failed(_response) -> bool:
    return g.get("attempt_failed", False)


# Only wrong passwords count, per address and per account: colleagues behind the town hall's one address
# who log in every morning never use up the limit of the one who mistypes.
@bp.route("/inloggen", methods=["GET", "POST"])
@limiter.limit("30/hour", methods=["POST"], deduct_when=_failed)
@limiter.limit("10/15 minutes", methods=["POST"], key_func=submitted_email, deduct_when=_failed)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            g.attempt_failed = True
            form.password.errors.append(_("This e-mail address and password do not match. Try again."))
        elif user.has_second_factor or (user.is_staff and current_app.config["REQUIRE_TWO_FACTOR"]):
            _fresh_session()
            session["pending_user"], session["pending_at"] = user.get_id(), time.time()
            session["pending_next"] = request.args.get("next", "")
            db.session.commit()
            return redirect(url_for("accounts.second_factor" if user.has_second_factor else "accounts.set_up_second_factor"))
        else:
            return _complete_login(user, request.args.get("next"))
    return render_template("accounts/login.html", form=form), form_status(form)


def _fresh_session() -> None:
    """A new session on log-in: nothing from before carries over, except the chosen language and the
    key to a form kept when the previous session ended (it only opens for the same account)."""
    carried = {key: session[key] for key in ("lang", KEPT_FORM_KEY) if key in session}
    session.clear()
    session.update(carried)


def _complete_login(user, target):
    _fresh_session()
    login_user(user)
    session["login_at"] = session["seen_at"] = session["auth_at"] = time.time()
    db.session.commit()
    flash(_("You are logged in."), "success")
    return redirect(target if is_safe_next(target) else url_for("pages.home"))


def _pending_user():
    """The person who gave the right password and still has to give the second factor (5 minutes)."""
    if time.time() - session.get("pending_at", 0) > 300:
        return None
    return load_user(session.get("pending_user", ""))


def _account_key() -> str:
    """Rate-limit key for the steps after the password: the account (waiting for its second factor, or
    signed in), from whatever addresses the attempts come."""
    user_id = (session.get("pending_user") or "").partition(":")[0]
    if current_user.is_authenticated:
        user_id = str(current_user.id)
    return f"account:{user_id}" if user_id else f"address:{get_remote_address()}"


# Wrong codes are limited per account, so spreading guesses over many addresses does not help; per
# address only far more, and only wrong ones count, so one person's typing errors never lock out the
# colleagues who share the town hall's address.
ACCOUNT_LIMIT = limiter.limit("10/15 minutes", methods=["POST"], key_func=_account_key, deduct_when=_failed)
ADDRESS_LIMIT = limiter.limit("50/15 minutes", methods=["POST"], deduct_when=_failed)


@bp.route("/inloggen/code", methods=["GET", "POST"])
@ACCOUNT_LIMIT
@ADDRESS_LIMIT
def second_factor():
    user = _pending_user()
    if user is None or not user.has_second_factor:
        flash(_("Log in again, please."), "info")
        return redirect(url_for("accounts.login"))
    form = CodeForm()
    if form.validate_on_submit():
        if two_factor.verify(user, form.code.data):
            return _complete_login(user, session.get("pending_next"))
        db.session.commit()
        g.attempt_failed = True
        form.code.errors.append(_("This code is not right. Check the time on your phone and try again."))
    return render_template("accounts/second_factor.html", form=form), form_status(form)


@bp.route("/inloggen/tweede-stap-instellen", methods=["GET", "POST"])
@ACCOUNT_LIMIT
@ADDRESS_LIMIT
@no_store  # the page shows the new secret, then the recovery codes
def set_up_second_factor():
    user = _pending_user()
    if user is None or user.has_second_factor:
        return redirect(url_for("accounts.login"))
    secret = session.setdefault("new_totp_secret", two_factor.new_secret())
    form = CodeForm()
    if form.validate_on_submit():
        step = two_factor.code_is_valid(secret, form.code.data, 0)
        if step is not None:
            codes = two_factor.enable(user, secret, step)
            target = session.get("pending_next")
            _complete_login(user, target)
            return render_template("accounts/recovery_codes.html", codes=codes,
                                   target=target if is_safe_next(target) else url_for("pages.home"))
        g.attempt_failed = True
        form.code.errors.append(_("This code is not right. Check the time on your phone and try again."))
    uri = two_factor.provisioning_uri(user, secret)
    return render_template("accounts/set_up_second_factor.html", form=form, secret=secret, uri=uri,
                           qr_code=two_factor.qr_code(uri)), form_status(form)


@bp.post("/uitloggen")
@login_required
def logout():
    if EmptyForm().validate_on_submit():
        current_user.end_all_sessions()
        db.session.commit()
        logout_user()
        session.clear()
        flash(_("You are logged out."), "success")
    return redirect(url_for("pages.home"))


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@limiter.limit("10/hour", methods=["POST"])
@limiter.limit("3/hour", methods=["POST"], key_func=submitted_email)
def request_reset():
    form = PasswordResetRequestForm()
    if form.validate_on_submit():
        request_password_reset(form.email.data)
        db.session.commit()
        flash(
            _("If an account exists for this e-mail address, we have sent a link to set a new password."),
            "success",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/request_reset.html", form=form), form_status(form)


@bp.route("/wachtwoord-instellen/<token>", methods=["GET", "POST"])
def set_new_password(token: str):
    user = user_for_reset_token(token)
    if user is None:
        flash(_("This link has expired or was already used. Ask for a new link."), "error")
        return redirect(url_for("accounts.request_reset"))
    form = NewPasswordForm()
    if form.validate_on_submit():
        reset_password(user, form.password.data)
        db.session.commit()
        if current_user.is_authenticated:
            logout_user()
        flash(_("Your new password is set. You can log in now."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form), form_status(form)


@bp.route("/wachtwoord-bevestigen", methods=["GET", "POST"])
@login_required
@ACCOUNT_LIMIT
@ADDRESS_LIMIT
def confirm_password():
    """Before an export or another sensitive step: the password once more."""
    form = ConfirmPasswordForm()
    if form.validate_on_submit():
        if current_user.check_password(form.password.data):
            session["auth_at"] = time.time()
            if pending_action() is not None:
                return redirect(url_for("accounts.continue_pending_action"))
            target = request.args.get("next")
            return redirect(target if is_safe_next(target) else url_for("pages.home"))
        g.attempt_failed = True
        form.password.errors.append(_("This password is not right. Try again."))
    return render_template("accounts/confirm_password.html", form=form, pending=pending_action()), form_status(form)


@bp.get("/wachtwoord-bevestigen/verder")
@login_required
def continue_pending_action():
    """After the password: the step that asked for it, offered again with its own words (a POST cannot be
    sent on by a redirect). The step's own view checks permission and state again when it is sent."""
    pending = session.pop(PENDING_KEY, None) if pending_action() else None
    if pending is None:
        return redirect(url_for("pages.home"))
    return render_template("accounts/pending_action.html", pending=pending, form=EmptyForm(),
                           back=pending["back"] if is_safe_next(pending["back"]) else url_for("pages.home"))


bp.before_app_request(enforce_staff_session_limits)
