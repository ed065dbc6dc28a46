"""Session limits for staff (OWASP ASVS for administrative interfaces): 30 minutes idle and 12 hours
in all end the session; exports and other sensitive steps ask for the password again after 15."""
from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from consult.core.kept_forms import NEVER_KEPT, keep_posted_form, page_to_return_to
from consult.core.kept_forms import SESSION_KEY as KEPT_FORM_KEY
from consult.extensions import db


def enforce_staff_session_limits():
    if not current_user.is_authenticated or not current_user.is_staff:
        return None
    now, config = time.time(), current_app.config
    idle = now - session.get("seen_at", 0) > config["STAFF_IDLE_MINUTES"] * 60
    too_long = now - session.get("login_at", 0) > config["STAFF_MAX_HOURS"] * 3600
    if idle or too_long:
        # A form sent now would be lost with the session: keep what was typed for after the log-in.
        page = page_to_return_to() if request.method == "POST" else request.full_path.rstrip("?")
        kept = keep_posted_form(current_user, page) if request.method == "POST" and page else None
        if kept:
            db.session.commit()
        logout_user()
        session.clear()
        if kept:
            session[KEPT_FORM_KEY] = kept
            flash(_("You were logged out because the session was not used for a while. What you typed is kept: log in again to find it back."), "info")
        else:
            flash(_("You were logged out because the session was not used for a while. Log in again."), "info")
        return redirect(url_for("accounts.login", next=page or url_for("pages.home")))
    session["seen_at"] = now
    return None


PENDING_KEY = "pending_action"
# A pending action is a button or a short form (a role, an invitation); its fields ride in the session cookie.
MAX_PENDING_CHARACTERS = 1000


def password_again(purpose: str | None = None):
    """For sensitive steps: a redirect to the password page if the password was typed more than
    REAUTH_MINUTES ago (it then comes back here), else None. For a view that decides after loading
    what it hands out; ``recent_login_required`` for a whole view.

    A POST (a button such as "Block the account") cannot be repeated by a redirect: its fields are kept
    in the session with ``purpose``, the words of that button, and after the password the official is
    offered that same step again on one page (``accounts.pending_action``)."""
    last = session.get("auth_at", session.get("login_at", 0))
    if time.time() - last <= current_app.config["REAUTH_MINUTES"] * 60:
        return None
    back = _back_after_password()
    if request.method == "POST":
        fields = [(name, value) for name, value in request.form.items(multi=True)
                  if name not in NEVER_KEPT and "password" not in name]
        if sum(len(name) + len(value) for name, value in fields) <= MAX_PENDING_CHARACTERS:
            session[PENDING_KEY] = {"path": request.path, "fields": fields, "purpose": purpose or "", "back": back}
        else:
            session.pop(PENDING_KEY, None)
    else:
        session.pop(PENDING_KEY, None)  # a download asks now: an older step is not offered after it
    return redirect(url_for("accounts.confirm_password", next=back))


def recent_login_required(view=None, *, purpose: Callable[[], str] | None = None):
    """For sensitive steps: the password again if it was typed more than REAUTH_MINUTES ago.
    ``purpose`` gives the words of the step being asked for (called in the request, so it may read the
    form), shown on the password page and on the button that offers the step again."""

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            return password_again(str(purpose()) if purpose else None) or view(*args, **kwargs)

        return wrapped

    return decorate(view) if view is not None else decorate


def pending_action() -> dict | None:
    """The step that asked for the password, as kept by ``password_again``, or None."""
    pending = session.get(PENDING_KEY)
    return pending if isinstance(pending, dict) and str(pending.get("path", "")).startswith("/") else None


def _back_after_password() -> str:
    """Where to go once the password is typed: a POST cannot be repeated by a redirect, so for a
    button (an export, a role change) back to the page that had the button, to press it again."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path:
        return referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return url_for("pages.home")
