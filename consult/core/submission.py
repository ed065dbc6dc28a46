"""One form sent twice makes one thing.

A double click, a reload of the POST or a slow network that makes someone press again sends the very same
form twice. Every form that creates a row carries a one-time key (``SubmissionKey``), made when the form
is shown; the row keeps it in a unique column (``HasSubmissionKey``). The second send finds the row the
first one made (``made_by``) and answers as the first did, instead of making a duplicate or refusing a
value that the first send changed (a status that is no longer a choice). Two sends at the very same
moment meet in the unique constraint: ``commit_or_first`` gives the row the other request stored.

The public reaction form (``consult.reactions``) was the first to work this way; this module is that
mechanism for every form.
"""
import re
import secrets

import sqlalchemy as sa
from flask import request
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column
from wtforms import HiddenField

from consult.extensions import db

# What ``secrets.token_urlsafe(24)`` makes, and fits the column: anything else is not ours.
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")


class SubmissionKey:
    """Form mixin (before the base form): the hidden one-time key, made or kept when the form is made."""

    submission_key = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.keep_or_renew_key()

    def keep_or_renew_key(self) -> None:
        """A form shown (GET) gets a fresh key; a sent form keeps its own. A missing or tampered key gets a
        fresh one too, so only keys we made reach the database (that send is then simply not protected)."""
        if request.method == "GET" or not KEY_PATTERN.fullmatch(self.submission_key.data or ""):
            self.submission_key.data = secrets.token_urlsafe(24)

    def sent_key(self) -> str | None:
        """The key of a sent form, None on a GET."""
        return self.submission_key.data if request.method == "POST" else None


class HasSubmissionKey:
    """Model mixin: the key of the form that made the row, unique (``uq_<table>_submission_key``)."""

    submission_key: Mapped[str | None] = mapped_column(sa.String(64), unique=True)


def made_by(model, key: str | None):
    """The row of ``model`` that the form with ``key`` made already, or None (also for no key)."""
    if not key:
        return None
    return db.session.scalar(sa.select(model).where(model.submission_key == key))


def commit_or_first(model, key: str | None):
    """Commit. When the unique key refuses it because another request stored this same submission a moment
    earlier, roll back and return that request's row; returns None after a normal commit. Any other
    IntegrityError is raised again."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        first = made_by(model, key)
        if first is None:
            raise
        return first
    return None
