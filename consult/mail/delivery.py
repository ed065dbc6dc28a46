"""The outbox worker: sends due messages over SMTP, retrying with backoff."""
from __future__ import annotations

import hashlib
import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

import sqlalchemy as sa
from flask import current_app

from consult.core.db import reading, utcnow, writing
from consult.extensions import db
from consult.mail.models import OutboxMessage, OutboxStatus

log = logging.getLogger(__name__)
# How long a worker holds the messages it took before another may take them.
CLAIM_TIME = timedelta(minutes=10)


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0


def retry_delay(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, … capped at one hour, so a long SMTP outage costs little."""
    return timedelta(seconds=min(30 * 2 ** (attempts - 1), 3600))


def due_messages(now: datetime, limit: int) -> list[OutboxMessage]:
    query = (
        sa.select(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.QUEUED, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    if db.engine.dialect.name == "postgresql":
        # Two workers never take the same message.
        query = query.with_for_update(skip_locked=True)
    return list(db.session.scalars(query))


def claim_due(now: datetime, limit: int) -> list[OutboxMessage]:
    """Take the due messages for this worker and commit that at once.

    Sending commits after each message, which would release a row lock: so the claim is in the data.
    Another worker sees these messages as not due until CLAIM_TIME has passed; by then each is sent, or
    scheduled again by the backoff. Only a worker that dies while sending leaves one to be sent again.
    """
    messages = due_messages(now, limit)
    for message in messages:
        message.next_attempt_at = now + CLAIM_TIME
    db.session.commit()
    return messages


def message_id(message: OutboxMessage, sender: str) -> str:
    """The same for every attempt at one outbox row, and different between installations, so a
    receiving server can drop a copy that was sent twice."""
    installation = hashlib.sha256(current_app.config["SECRET_KEY"].encode()).hexdigest()[:12]
    domain = sender.rpartition("@")[2] or "localhost"
    return f"<outbox-{message.id}.{installation}@{domain}>"


def _as_email(message: OutboxMessage, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Message-ID"] = message_id(message, sender)
    email.set_content(message.body_text)
    return email


def _open_smtp() -> smtplib.SMTP:
    config = current_app.config
    smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20)
    if config["MAIL_USE_TLS"]:
        smtp.starttls()
    if config["MAIL_USERNAME"]:
        smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
    return smtp


def deliver_due(now: datetime | None = None, limit: int = 100) -> DeliveryReport:
    """Send what is due once; commit after each message so a crash never resends much.

    No transaction stays open while the SMTP server is talked to: on SQLite a writing transaction
    holds the one write lock, and a slow mail server must not hold up the residents' reactions.
    """
    now = now or utcnow()
    report = DeliveryReport()
    with writing():
        messages = claim_due(now, limit)
    if not messages:
        return report
    if current_app.config["DEV_MAILBOX"]:
        with writing():
            for message in messages:
                _mark_sent(message, now, report)
            db.session.commit()
        return report
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    with reading():
        emails = [_as_email(message, sender) for message in messages]
        db.session.commit()
    try:
        smtp = _open_smtp()
    except (OSError, smtplib.SMTPException) as error:
        with writing():
            for message in messages:
                _mark_failed_attempt(message, now, error, report)
            db.session.commit()
        return report
    with smtp:
        for message, email in zip(messages, emails, strict=True):
            error = None
            try:
                smtp.send_message(email)
            except (OSError, smtplib.SMTPException) as failure:
                error = failure
            with writing():
                if error is None:
                    _mark_sent(message, now, report)
                else:
                    _mark_failed_attempt(message, now, error, report)
                db.session.commit()
    return report


def _mark_sent(message: OutboxMessage, now: datetime, report: DeliveryReport) -> None:
    message.status = OutboxStatus.SENT
    message.sent_at = now
    message.attempts += 1
    report.sent += 1


def _mark_failed_attempt(message: OutboxMessage, now: datetime, error: Exception, report: DeliveryReport) -> None:
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    if message.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        message.status = OutboxStatus.FAILED
        report.failed += 1
        # The id, not the address: logs leave the database and must hold no personal data.
        log.error("mail %s failed for good after %s attempts: %s", message.id, message.attempts, message.last_error)
    else:
        message.next_attempt_at = now + retry_delay(message.attempts)
        report.retried += 1
        log.warning("mail %s not sent, retry at %s: %s", message.id, message.next_attempt_at, message.last_error)
