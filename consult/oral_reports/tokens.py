"""The link in the verslag mail. It names one verslag, expires, and works for one answer (the model
refuses a second)."""
from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer


class LinkExpired(Exception):
    pass


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="oral-report")


def make_oral_report_token(report_id: int) -> str:
    return _serializer().dumps(report_id)


def read_oral_report_token(token: str) -> int | None:
    """The verslag id in a valid token; None when forged; LinkExpired after ORAL_REPORT_MAX_AGE seconds."""
    try:
        value = _serializer().loads(token, max_age=current_app.config["ORAL_REPORT_MAX_AGE"])
    except SignatureExpired:
        raise LinkExpired from None
    except BadSignature:
        return None
    return value if isinstance(value, int) else None
