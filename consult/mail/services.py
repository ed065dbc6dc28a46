from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from flask import render_template
from flask_babel import force_locale

from consult.audit.services import record_event
from consult.core.i18n import reader_locale
from consult.extensions import db
from consult.mail.models import OutboxMessage

SUBJECT_LENGTH = OutboxMessage.subject.property.columns[0].type.length
RECIPIENT_LENGTH = OutboxMessage.recipient.property.columns[0].type.length
# Built once: building and keying a statement costs more than running it.
_INSERT = sa.insert(OutboxMessage)


def header_value(text: str, length: int) -> str:
    """One line that fits its column: every run of white space, line breaks included, becomes one space.

    A header with CR or LF cannot be sent (and would let a title inject headers), so a consultation
    title with a line break must not reach the mail as one.
    """
    return " ".join(text.split())[:length]


def owner_of(context: dict) -> int | None:
    """The organisation a mail is about, from what its template is given: an organisation, a
    consultation, an erasure request or a reaction. None for mail about no organisation's work."""
    if (organisation := context.get("organisation")) is not None:
        return organisation.id
    for name in ("consultation", "erasure"):
        if (subject := context.get(name)) is not None:
            return subject.organisation_id
    if (reaction := context.get("reaction")) is not None:
        return reaction.consultation.organisation_id
    return None


def queue_mail(recipient: str, subject, template: str, *, locale: str | None,
               organisation_id: int | None = None, attachment: tuple[str, str, bytes] | None = None,
               unsubscribe: str | None = None, **context) -> int:
    """Put a mail in the outbox and return its id; it goes out only if the caller's transaction commits.

    Subject and body are rendered in ``locale``, the RECIPIENT's language (``reader_locale``: None means
    the site's default), never the interface language of whoever causes the mail, and the same inside
    a request or in the worker. ``subject`` is a lazy string (``_l``), a callable that returns the text,
    or text already translated; it is folded to one line and cut to fit. The body comes from
    ``templates/mail/<template>.txt``. The mail belongs to ``organisation_id``, or else to the
    organisation the context is about (see ``owner_of``): its officials see it if it cannot be sent.
    ``attachment`` is (file name, content type, bytes), sent along. ``unsubscribe``: the mail's stop link,
    which must accept the one-click POST of RFC 8058; the mail then names it in List-Unsubscribe.

    The row is inserted at once, on the session's connection: no ORM object, so a submission's commit
    has nothing more to flush (issue 15).
    """
    row = mail_row(recipient, subject, template, locale=locale, organisation_id=organisation_id, **context)
    if attachment is not None:
        row["attachment_name"], row["attachment_type"], row["attachment_data"] = attachment
    if unsubscribe:
        row["unsubscribe_url"] = unsubscribe
    return db.session.connection().execute(_INSERT, row).inserted_primary_key[0]


def mail_row(recipient: str, subject, template: str, *, locale: str | None, organisation_id: int | None = None,
             **context) -> dict:
    """A mail rendered as ``queue_mail`` renders it, as an outbox row that is not queued yet: work that
    mails many people (publishing the reactienota) renders them before its short writing transaction,
    which queues them with ``queue_rows``."""
    subject, body = _render(subject, template, locale, context)
    return {"recipient": header_value(recipient, RECIPIENT_LENGTH), "subject": header_value(subject, SUBJECT_LENGTH),
            "body_text": body, "organisation_id": organisation_id or owner_of(context)}


def queue_rows(rows: list[dict]) -> None:
    """Put mails rendered by ``mail_row`` in the outbox, in bulk; they go out only if the transaction commits."""
    if rows:
        db.session.connection().execute(_INSERT, rows)


def queue_mail_to_many(recipients: Iterable[tuple[str, str | None]], subject, template: str,
                       organisation_id: int | None = None, **context) -> None:
    """The same mail to many people, each as ``(address, language)``: rendered once per language, one
    outbox row each, inserted in bulk. ``subject`` as for ``queue_mail``."""
    by_locale: dict[str, list[str]] = {}
    for address, locale in recipients:
        by_locale.setdefault(reader_locale(locale), []).append(address)
    owner = organisation_id or owner_of(context)
    rows = []
    for locale, addresses in by_locale.items():
        text, body = _render(subject, template, locale, context)
        text = header_value(text, SUBJECT_LENGTH)
        rows += [{"recipient": header_value(address, RECIPIENT_LENGTH), "subject": text, "body_text": body,
                  "organisation_id": owner} for address in addresses]
    if rows:
        db.session.connection().execute(_INSERT, rows)


def _render(subject, template: str, locale: str | None, context: dict) -> tuple[str, str]:
    with force_locale(reader_locale(locale)):
        text = subject() if callable(subject) else subject
        return str(text), render_template(f"mail/{template}.txt", **context)


def retry_mail(message: OutboxMessage, user, at) -> None:
    """Send a failed message again (the reason stays until it is sent or fails anew); logged."""
    message.retry(at)
    record_event(user, "mail_retried", message, message.organisation_id)
