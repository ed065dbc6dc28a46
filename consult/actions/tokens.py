"""The one-click link in a terugkoppeling mail that stops them: it names the address, signed, no log-in."""
from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="action-feedback-stop")


def make_stop_token(email: str) -> str:
    """Does not expire: the link in an old mail must still stop the next one."""
    return _serializer().dumps(email.lower())


def read_stop_token(token: str) -> str | None:
    """The address in a valid token; None when it was changed or made up."""
    try:
        value = _serializer().loads(token)
    except BadSignature:
        return None
    return value if isinstance(value, str) else None
