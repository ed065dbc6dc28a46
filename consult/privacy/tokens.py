"""The link in the mail that lets a person see their own data: it proves they read that mailbox."""
from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

ACCESS_LINK_SECONDS = 24 * 3600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="data-access")


def make_access_token(email: str) -> str:
    return _serializer().dumps(email.lower())


def read_access_token(token: str) -> str | None:
    """The e-mail address in a valid, unexpired token; None otherwise."""
    try:
        value = _serializer().loads(token, max_age=ACCESS_LINK_SECONDS)
    except BadSignature:  # includes SignatureExpired
        return None
    return value if isinstance(value, str) else None
