"""The outbox worker: sends due messages over SMTP, retrying with backoff.

Delivery is at least once and, as far as this process can see to it, exactly once: each message is
claimed before it is sent and recorded as sent in its own commit. When that commit fails (the database
connection dropped), the worker keeps the id and records it on its next round before sending anything.
One message that cannot be sent fails on its own, with its reason; the rest of the batch goes out.
"""
from __future__ import annotations

import hashlib
import logging
import smtplib
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage

import sqlalchemy as sa
from flask import current_app

from consult.core.db import utcnow
from consult.extensions import db
from consult.mail.models import OutboxMessage, OutboxStatus

log = logging.getLogger(__name__)


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0


@dataclass
class Unfinished:
    """What this worker process did that the database may not know yet."""

    sent: set[int] = field(default_factory=set)  # the SMTP server took them; recording that failed
    claimed: set[int] = field(default_factory=set)  # claimed by this worker and not yet tried


unfinished = Unfinished()


def claim_time() -> timedelta:
    """How long a claim holds; the sending worker renews it, so it only runs out when that worker died."""
    return timedelta(seconds=current_app.config["MAIL_CLAIM_SECONDS"])


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
    Another worker sees these messages as not due until the claim runs out; the sending worker renews it
    while it works. Only a worker that dies leaves its claimed messages to another, after the claim time.
    """
    messages = due_messages(now, limit)
    for message in messages:
        message.next_attempt_at = now + claim_time()
    db.session.commit()
    unfinished.claimed.update(message.id for message in messages)
    return messages


def settle_unfinished(now: datetime) -> None:
    """Record what the last round sent but could not record, and give back what it claimed but did not
    try. Runs first in every round, so a dropped database connection neither resends nor delays mail."""
    if not unfinished.sent and not unfinished.claimed:
        return
    if unfinished.sent:
        db.session.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.id.in_(sorted(unfinished.sent)), OutboxMessage.status == OutboxStatus.QUEUED)
            .values(status=OutboxStatus.SENT, sent_at=now, attempts=OutboxMessage.attempts + 1)
        )
    if unfinished.claimed - unfinished.sent:
        db.session.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.id.in_(sorted(unfinished.claimed - unfinished.sent)),
                   OutboxMessage.status == OutboxStatus.QUEUED)
            .values(next_attempt_at=now)
        )
    db.session.commit()
    unfinished.sent.clear()
    unfinished.claimed.clear()


def renew_claim(messages: list[OutboxMessage], now: datetime) -> None:
    ids = [message.id for message in messages]
    db.session.execute(sa.update(OutboxMessage).where(OutboxMessage.id.in_(ids), OutboxMessage.status == OutboxStatus.QUEUED)
                       .values(next_attempt_at=now + claim_time()), execution_options={"synchronize_session": False})
    db.session.commit()


def message_id(message: OutboxMessage, sender: str) -> str:
    """The same for every attempt at one outbox row, and different between installations, so a
    receiving server can drop a copy that was sent twice."""
    installation = hashlib.sha256(current_app.config["SECRET_KEY"].encode()).hexdigest()[:12]
    domain = sender.rpartition("@")[2] or "localhost"
    return f"<outbox-{message.id}.{installation}@{domain}>"


def as_email(message: OutboxMessage, sender: str) -> EmailMessage:
    """The message as a mail. Raises ValueError (a header with a line break, from before queue_mail
    folded them) or another error for a message that can never be sent."""
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


def is_refused_for_good(error: Exception) -> bool:
    """The server refused this recipient with a permanent (5xx) answer: trying again will not help."""
    return isinstance(error, smtplib.SMTPRecipientsRefused) and all(
        code >= 500 for code, _text in error.recipients.values())


def deliver_due(now: datetime | None = None, limit: int = 100) -> DeliveryReport:
    """Send what is due once; commit after each message so a crash never resends much.

    Database errors propagate (the worker loop rolls back and waits); everything a single message can
    raise is that message's own failure.
    """
    now = now or utcnow()
    report = DeliveryReport()
    settle_unfinished(now)
    messages = claim_due(now, limit)
    if not messages:
        return report
    if current_app.config["DEV_MAILBOX"]:
        for message in messages:
            _mark_sent(message, now, report)
        db.session.commit()
        unfinished.claimed.clear()
        return report
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    try:
        smtp = _open_smtp()
    except (OSError, smtplib.SMTPException) as error:
        for message in messages:
            _mark_failed_attempt(message, now, error, report)
        db.session.commit()
        unfinished.claimed.clear()
        return report
    renewed = time.monotonic()
    with smtp:
        for position, message in enumerate(messages):
            connected = _send_one(smtp, message, sender, now, report)
            db.session.commit()
            unfinished.sent.discard(message.id)
            unfinished.claimed.discard(message.id)
            if not connected:
                break  # the rest of the batch is given back by the next round, which connects anew
            if time.monotonic() - renewed > claim_time().total_seconds() / 3:
                renew_claim(messages[position + 1:], utcnow())
                renewed = time.monotonic()
    return report


def _send_one(smtp: smtplib.SMTP, message: OutboxMessage, sender: str, now: datetime, report: DeliveryReport) -> bool:
    """Try one message and record the outcome (uncommitted). False when the connection is lost."""
    try:
        email = as_email(message, sender)
    except sa.exc.SQLAlchemyError:
        raise  # reading the message failed: the database's trouble, not the message's
    except Exception as error:  # a message that cannot be built never can: it fails alone
        _mark_failed(message, now, error, report)
        return True
    try:
        smtp.send_message(email)
    except smtplib.SMTPServerDisconnected as error:
        _mark_failed_attempt(message, now, error, report)
        return False
    except smtplib.SMTPException as error:  # the server's answer to this message (SMTPException is an OSError)
        if is_refused_for_good(error):
            _mark_failed(message, now, error, report)
        else:
            _mark_failed_attempt(message, now, error, report)
    except OSError as error:  # the connection broke
        _mark_failed_attempt(message, now, error, report)
        return False
    except Exception as error:  # anything else: one message's trouble must not stop the batch
        _mark_failed_attempt(message, now, error, report)
    else:
        unfinished.sent.add(message.id)
        _mark_sent(message, now, report)
    return True


def reason(error: Exception) -> str:
    """What went wrong, for the official's list and the log: without the recipient's address."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        answers = "; ".join(f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
                            for code, text in error.recipients.values())
        return f"SMTPRecipientsRefused: {answers}"[:2000]
    return f"{type(error).__name__}: {error}"[:2000]


def _mark_sent(message: OutboxMessage, now: datetime, report: DeliveryReport) -> None:
    message.status = OutboxStatus.SENT
    message.sent_at = now
    message.attempts += 1
    report.sent += 1


def _mark_failed(message: OutboxMessage, now: datetime, error: Exception, report: DeliveryReport) -> None:
    message.attempts += 1
    message.status, message.failed_at = OutboxStatus.FAILED, now
    message.last_error = reason(error)
    report.failed += 1
    # The id, not the address: logs leave the database and must hold no personal data.
    log.error("mail %s failed after %s attempts: %s", message.id, message.attempts, message.last_error)


def _mark_failed_attempt(message: OutboxMessage, now: datetime, error: Exception, report: DeliveryReport) -> None:
    if message.attempts + 1 >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        _mark_failed(message, now, error, report)
        return
    message.attempts += 1
    message.last_error = reason(error)
    message.next_attempt_at = now + retry_delay(message.attempts)
    report.retried += 1
    log.warning("mail %s not sent, retry at %s: %s", message.id, message.next_attempt_at, message.last_error)
