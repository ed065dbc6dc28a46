"""The second factor for officials and admins (OWASP ASVS V2.8): TOTP, with one-time recovery codes."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime

import pyotp
import segno
from flask import current_app

from consult.accounts.models import User
from consult.audit.services import record_event

ISSUER = "consult"
RECOVERY_CODES = 10


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_code(uri: str) -> str:
    """The provisioning URI as a QR code: an SVG ``data:`` URI for an ``<img>`` (the CSP allows data: images,
    and no script is needed). Medium error correction, so a phone still reads it from a screen with glare."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=4)


def code_is_valid(secret: str, code: str, last_step: int) -> int | None:
    """The time step of a valid code (a step earlier or later allowed for clock drift), or None.
    A step at or before ``last_step`` was used already: refused, so a seen code cannot be replayed."""
    # Only 0–9: str.isdigit() also accepts e.g. Arabic-Indic digits, which compare_digest refuses.
    code = "".join(ch for ch in code if ch in "0123456789")
    totp = pyotp.TOTP(secret)
    now_step = totp.timecode(datetime.now(UTC))
    for step in (now_step - 1, now_step, now_step + 1):
        if step > last_step and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _hash(code: str) -> str:
    normalised = code.replace("-", "").replace(" ", "").lower()
    return hmac.new(current_app.config["SECRET_KEY"].encode(), normalised.encode(), hashlib.sha256).hexdigest()


def enable(user: User, secret: str, step: int) -> list[str]:
    """Turn the second factor on; returns the recovery codes, shown once and stored only as hashes."""
    codes = [f"{secrets.token_hex(2)}-{secrets.token_hex(2)}-{secrets.token_hex(2)}" for _ in range(RECOVERY_CODES)]
    user.totp_secret, user.totp_last_step = secret, step
    user.recovery_code_hashes = [_hash(code) for code in codes]
    record_event(user, "two_factor_enabled", user)
    return codes


def verify(user: User, code: str) -> bool:
    """A current TOTP code, or an unused recovery code (which is then used up)."""
    step = code_is_valid(user.totp_secret, code, user.totp_last_step)
    if step is not None:
        user.totp_last_step = step
        return True
    hashed = _hash(code)
    if hashed in (user.recovery_code_hashes or []):
        user.recovery_code_hashes = [h for h in user.recovery_code_hashes if h != hashed]
        record_event(user, "recovery_code_used", user, remaining=len(user.recovery_code_hashes))
        return True
    return False
