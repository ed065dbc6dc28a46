from __future__ import annotations

from contextlib import nullcontext

import sqlalchemy as sa
from flask import render_template
from flask_babel import force_locale

from consult.extensions import db
from consult.mail.models import OutboxMessage


def queue_mail(recipient: str, subject: str, template: str, locale: str | None = None, **context) -> OutboxMessage:
    """Put a mail in the outbox; it goes out only if the caller's transaction commits.

    ``subject`` must already be translated; the body is rendered from ``templates/mail/<template>.txt``
    in ``locale`` (the request's when not given).
    """
    with force_locale(locale) if locale else nullcontext():
        body = render_template(f"mail/{template}.txt", **context)
    message = OutboxMessage(recipient=recipient, subject=subject, body_text=body)
    db.session.add(message)
    return message


def queue_mail_to_many(recipients: list[str], subject: str, template: str, **context) -> None:
    """The same mail to many people: rendered once, one outbox row each, inserted in bulk."""
    if not recipients:
        return
    body = render_template(f"mail/{template}.txt", **context)
    db.session.execute(
        sa.insert(OutboxMessage),
        [{"recipient": recipient, "subject": subject, "body_text": body} for recipient in recipients],
    )
