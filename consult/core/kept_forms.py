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
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.datastructures import MultiDict

from consult.core.db import UTCDateTime, utcnow
from consult.extensions import db

SESSION_KEY = "kept_form"
# Never kept: secrets, and the hidden fields that belong to one showing of a form.
NEVER_KEPT = {"csrf_token", "password", "confirm", "code", "submission_key", "started", "website"}
# A POST carries at most a few 20,000-character texts; much more is not something typed by hand.
MAX_KEPT_CHARACTERS = 500_000


class KeptForm(db.Model):
    __tablename__ = "kept_forms"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
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
    """Keep this POST's fields for ``user`` and ``page``. Returns the key to put in the new session, or
    None when there is nothing to keep. Flushes; the caller commits."""
    fields = {name: values for name, values in request.form.lists()
              if name not in NEVER_KEPT and "password" not in name}
    if not any(value.strip() for values in fields.values() for value in values):
        return None
    if sum(len(value) for values in fields.values() for value in values) > MAX_KEPT_CHARACTERS:
        return None
    remove_expired(utcnow())
    kept = KeptForm(key=secrets.token_urlsafe(32), user_id=user.id, page=page[:2000], fields=fields)
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
    if not key or request.method != "GET" or not getattr(user, "is_authenticated", False):
        return None
    kept = db.session.scalar(sa.select(KeptForm).where(KeptForm.key == key, sa.not_(expired(utcnow()))))
    if kept is None or kept.user_id != user.id:
        session.pop(SESSION_KEY, None)
        return None
    if kept.page != request.full_path.rstrip("?"):
        return None
    session.pop(SESSION_KEY, None)
    db.session.delete(kept)
    db.session.commit()
    g.kept_form = MultiDict([(name, value) for name, values in kept.fields.items() for value in values])
    return g.kept_form
