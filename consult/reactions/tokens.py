"""Signed links in e-mails: confirm a reaction, and see, change or withdraw it later."""
from __future__ import annotations

from enum import Enum

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer


class Purpose(Enum):
    CONFIRM = "confirm"
    MANAGE = "manage"


class TokenExpired(Exception):
    def __init__(self, reaction_id: int):
        self.reaction_id = reaction_id


def _serializer(purpose: Purpose) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"reaction-{purpose.value}")


def make_token(reaction_id: int, purpose: Purpose) -> str:
    return _serializer(purpose).dumps(reaction_id)


def read_token(token: str, purpose: Purpose, max_age: int | None = None) -> int | None:
    """The reaction id in a valid token; None when forged; TokenExpired when too old."""
    serializer = _serializer(purpose)
    try:
        value = serializer.loads(token, max_age=max_age)
    except SignatureExpired as expired:
        raise TokenExpired(serializer.load_payload(expired.payload)) from None
    except BadSignature:
        return None
    return value if isinstance(value, int) else None
