"""What an official typed, kept when the session ended before the form was sent.

An official's session ends after STAFF_IDLE_MINUTES without a request. Writing a long answer takes
longer than that, and the POST that finally arrives finds no session: before, the text was gone. Now
the fields of that POST are kept in the database (a session cookie holds 4 kB, an answer 20,000
characters) under a random key that survives the log-in in the new session, for the same official and
the page that had the form. After logging in again the official lands on that page, and every form on
it whose fields were kept shows what was typed. Password and code fields are never kept; nothing is
kept for an anonymous request, and a kept form is deleted when it is shown or after KEPT_FORM_HOURS (by the
next form kept, and by ``flask privacy purge``).
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, g, request, session
from flask_limiter.util import get_remote_address
from flask_login import current_user
from limits import parse as parse_limit
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.datastructures import MultiDict

from consult.core.db import UTCDateTime, utcnow
from consult.extensions import db, limiter

SESSION_KEY = "kept_form"
# Never kept: secrets, and the hidden fields that belong to one showing of a form.
NEVER_KEPT = {"csrf_token", "password", "confirm", "code", "submission_key", "started", "website"}
# A POST carries at most a few 20,000-character texts; much more is not something typed by hand.
MAX_KEPT_CHARACTERS = 500_000


class KeptForm(db.Model):
    __tablename__ = "kept_forms"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # None: kept from a POST whose session had gone, so nobody was signed in; only this browser holds the key.
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    page: Mapped[str] = mapped_column(sa.String(2000))
    fields: Mapped[dict] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


def page_to_return_to() -> str | None:
    """The page that had the form: the posted address when it can be opened, else the page the POST
    came from (a button such as "reject" posts to an address that only takes POST)."""
    if request.url_rule is not None and "GET" in request.url_rule.methods:
        return request.full_path.rstrip("?")
    referrer = request.referrer or ""
    host = f"{request.scheme}://{request.host}"
    if referrer.startswith(host + "/"):
        return referrer[len(host):]
    return None


def expired(now: datetime) -> sa.ColumnElement[bool]:
    """Kept forms older than KEPT_FORM_HOURS at ``now`` (UTC): no longer shown, and removed by the purge."""
    return KeptForm.created_at < now - timedelta(hours=current_app.config["KEPT_FORM_HOURS"])


def remove_expired(now: datetime, dry_run: bool = False) -> int:
    """Delete (or, for a dry run, count) the expired kept forms; the caller commits. Part of
    ``flask privacy purge``: a kept answer can quote a resident's letter, so it must not outlive its use
    when nobody logs in again to trigger the clean-up in ``keep_posted_form``."""
    if dry_run:
        return db.session.scalar(sa.select(sa.func.count()).select_from(KeptForm).where(expired(now)))
    return db.session.execute(sa.delete(KeptForm).where(expired(now))).rowcount


def keep_posted_form(user, page: str) -> str | None:
    """Keep this POST's fields for ``user`` (None: nobody is signed in) and ``page``. Returns the key to put
    in the new session, or None when there is nothing to keep. Flushes; the caller commits."""
    fields = {name: values for name, values in request.form.lists()
              if name not in NEVER_KEPT and "password" not in name}
    if not any(value.strip() for values in fields.values() for value in values):
        return None
    if sum(len(value) for values in fields.values() for value in values) > MAX_KEPT_CHARACTERS:
        return None
    remove_expired(utcnow())
    kept = KeptForm(key=secrets.token_urlsafe(32), user_id=getattr(user, "id", None), page=page[:2000], fields=fields)
    db.session.add(kept)
    db.session.flush()
    return kept.key


def kept_for_this_page(user) -> MultiDict | None:
    """The fields kept for ``user`` on the page being shown, once per request; the kept form is deleted
    when it is read, so it comes back once. None when nothing was kept."""
    if "kept_form" in g:
        return g.kept_form
    g.kept_form = None
    key = session.get(SESSION_KEY)
    if not key or request.method != "GET":
        return None
    kept = db.session.scalar(sa.select(KeptForm).where(KeptForm.key == key, sa.not_(expired(utcnow()))))
    signed_in = getattr(user, "is_authenticated", False)
    if kept is None or (kept.user_id is not None and signed_in and kept.user_id != user.id):
        session.pop(SESSION_KEY, None)
        return None
    if (kept.user_id is not None and not signed_in) or kept.page != request.full_path.rstrip("?"):
        return None  # for after the log-in, or for its own page
    session.pop(SESSION_KEY, None)
    db.session.delete(kept)
    db.session.commit()
    g.kept_form_had_account = kept.user_id is not None
    g.kept_form = MultiDict([(name, value) for name, values in kept.fields.items() for value in values])
    return g.kept_form


# Flask-WTF's words for a POST whose session is gone (cookie lost or expired) or was replaced (a log-out
# and log-in in another tab): the form itself was fine.
LOST_SESSION = {"The CSRF session token is missing.", "The CSRF tokens do not match."}
# Forms kept without an account, per address: a browser that keeps losing its cookie cannot fill the table.
ANONYMOUS_LIMIT = parse_limit("20/hour")


def _from_our_own_page() -> bool:
    """A browser sends Origin with a POST (Referer where it does not): only a form on one of our own pages
    may have its text kept. A form on another site posts without our cookie (SameSite) and must not be
    able to put text in someone's form, nor replace their session."""
    ours = f"{request.scheme}://{request.host}"
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin == ours
    return (request.referrer or "").startswith(ours + "/")


def keep_after_lost_session(error) -> str | None:
    """For a refused POST (CSRF) that came from our own page after its session had gone: keep what was
    typed (as after an ended staff session) and return the page to send the person back to, where it is
    filled in again, after a log-in if that page needs one. None when this is not such a case."""
    if (request.method != "POST" or error.description not in LOST_SESSION or not request.form.get("csrf_token")
            or not _from_our_own_page()):
        return None
    page = page_to_return_to()
    user = current_user if current_user.is_authenticated else None
    if page is None or (user is None and not limiter.limiter.hit(ANONYMOUS_LIMIT, "kept-form", get_remote_address())):
        return None
    key = keep_posted_form(user, page)
    if key is None:
        return None
    db.session.commit()
    session[SESSION_KEY] = key
    return page
