from __future__ import annotations

from contextlib import nullcontext

import sqlalchemy as sa
from flask import render_template
from flask_babel import force_locale

from consult.audit.services import record_event
from consult.extensions import db
from consult.mail.models import OutboxMessage

SUBJECT_LENGTH = OutboxMessage.subject.property.columns[0].type.length
RECIPIENT_LENGTH = OutboxMessage.recipient.property.columns[0].type.length


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


def queue_mail(recipient: str, subject: str, template: str, locale: str | None = None,
               organisation_id: int | None = None, attachment: tuple[str, str, bytes] | None = None,
               **context) -> OutboxMessage:
    """Put a mail in the outbox; it goes out only if the caller's transaction commits.

    ``subject`` must already be translated; it is folded to one line and cut to fit. The body is rendered
    from ``templates/mail/<template>.txt`` in ``locale`` (the request's when not given). The mail belongs
    to ``organisation_id``, or else to the organisation the context is about (see ``owner_of``): its
    officials see it if it cannot be sent. ``attachment`` is (file name, content type, bytes), sent along.
    """
    with force_locale(locale) if locale else nullcontext():
        body = render_template(f"mail/{template}.txt", **context)
    message = OutboxMessage(recipient=header_value(recipient, RECIPIENT_LENGTH),
                            subject=header_value(subject, SUBJECT_LENGTH), body_text=body,
                            organisation_id=organisation_id or owner_of(context))
    if attachment is not None:
        message.attachment_name, message.attachment_type, message.attachment_data = attachment
    db.session.add(message)
    return message


def queue_mail_to_many(recipients: list[str], subject: str, template: str, organisation_id: int | None = None,
                       **context) -> None:
    """The same mail to many people: rendered once, one outbox row each, inserted in bulk."""
    if not recipients:
        return
    body = render_template(f"mail/{template}.txt", **context)
    subject, owner = header_value(subject, SUBJECT_LENGTH), organisation_id or owner_of(context)
    db.session.execute(
        sa.insert(OutboxMessage),
        [{"recipient": header_value(recipient, RECIPIENT_LENGTH), "subject": subject, "body_text": body,
          "organisation_id": owner} for recipient in recipients],
    )


def retry_mail(message: OutboxMessage, user, at) -> None:
    """Send a failed message again (the reason stays until it is sent or fails anew); logged."""
    message.retry(at)
    record_event(user, "mail_retried", message, message.organisation_id)
