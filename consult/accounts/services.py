"""Log-in and password reset. Services flush, never commit."""
from __future__ import annotations

import secrets
from functools import cache

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from werkzeug.security import check_password_hash, generate_password_hash

from consult.accounts.models import User
from consult.audit.services import record_event
from consult.core.db import utcnow
from consult.core.links import external_url
from consult.extensions import db
from consult.mail.services import queue_mail


@cache
def _dummy_hash(method: str) -> str:
    # Checking a password against this when no account matches takes as long as a real check,
    # so response times do not tell which e-mail addresses have an account: made with the method the
    # accounts' own hashes are made with.
    return generate_password_hash("no account has this password", method=method)


def load_user(session_id: str) -> User | None:
    """The user of a session cookie, if the cookie's token is still the user's current one."""
    user_id, _, token = session_id.partition(":")
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    if user is None or not token or not secrets.compare_digest(token, user.session_token):
        return None
    return user


def find_user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))


def authenticate(email: str, password: str) -> User | None:
    """The active account with this address and password, or None.

    Every failure costs one password-hash check, the same as a wrong password: an unknown address, a
    blocked account and an invited account without a password yet cannot be told apart by the time
    the answer takes (OWASP ASVS V2.2; WSTG-IDNT-04, account enumeration)."""
    user = find_user(email)
    usable = user is not None and user.is_active and bool(user.password_hash)
    matches = check_password_hash(
        user.password_hash if usable else _dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
    if not (usable and matches):
        return None
    user.last_login_at = utcnow()
    return user


# A reset link works for PASSWORD_RESET_MAX_AGE; an invitation to a new account for a week, since the
# person may not read the mail at once. Both lead to the same page to choose a password.
LINK_KINDS = {"password-reset": lambda: current_app.config["PASSWORD_RESET_MAX_AGE"],
              "invitation": lambda: 7 * 24 * 3600}


def _link_serializer(kind: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=kind)


def _password_fingerprint(user: User) -> str:
    # Part of the current hash: once the password changes, every older reset link stops working.
    return (user.password_hash or "")[-16:]


def make_reset_token(user: User, kind: str = "password-reset") -> str:
    return _link_serializer(kind).dumps({"user": user.id, "fp": _password_fingerprint(user)})


def user_for_reset_token(token: str) -> User | None:
    for kind, max_age in LINK_KINDS.items():
        try:
            data = _link_serializer(kind).loads(token, max_age=max_age())
        except (SignatureExpired, BadSignature):
            continue
        user = db.session.get(User, data.get("user")) if isinstance(data, dict) else None
        if user is None or not user.is_active or data.get("fp") != _password_fingerprint(user):
            return None
        return user
    return None


def request_password_reset(email: str) -> None:
    """Mail a reset link if the account exists. The caller says the same thing either way."""
    user = find_user(email)
    if user is None or not user.is_active:
        return
    link = external_url("accounts.set_new_password", token=make_reset_token(user))
    queue_mail(
        user.email,
        _l("Set a new password for consult"),
        "password_reset",
        locale=user.locale,
        user=user,
        link=link,
        valid_minutes=current_app.config["PASSWORD_RESET_MAX_AGE"] // 60,
    )


def reset_password(user: User, password: str) -> None:
    user.set_password(password)
    user.end_all_sessions()
    record_event(user, "password_reset", user)
