"""The outbox worker: sends due messages over SMTP, retrying with backoff.

Each message is sent at most once by the worker itself, and is never lost without a trace:

- it is claimed before it is sent and recorded as sent in its own commit; when that commit fails (the
  database connection dropped), the worker keeps the id and records it on its next round;
- just before the end of the message goes to the SMTP server, the worker commits ``handed_over_at``. A
  worker killed after that point cannot know whether the server took the message (it almost always did:
  the kill came while waiting for its answer), so the message becomes *unconfirmed* instead of being
  sent again, and officials see it under failed mail with a button to send it again. A worker killed
  before that point had not finished the message, which the server then drops: it is sent again.

One message that cannot be sent fails on its own, with its reason; the rest of the batch goes out.
"""
from __future__ import annotations

import hashlib
import logging
import smtplib
import time
from collections.abc import Callable
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
        .where(OutboxMessage.status == OutboxStatus.QUEUED, OutboxMessage.next_attempt_at <= now,
               OutboxMessage.handed_over_at.is_(None))
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


INTERRUPTED = "Interrupted: the worker stopped while the mail server was taking this message"


def settle_interrupted(now: datetime) -> int:
    """Messages whose worker died after handing them over (their claim ran out) become unconfirmed, not
    due: sending them again would most likely deliver them twice. Returns how many."""
    result = db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.QUEUED, OutboxMessage.handed_over_at.is_not(None),
               OutboxMessage.next_attempt_at <= now)
        .values(status=OutboxStatus.UNCONFIRMED, failed_at=now, last_error=INTERRUPTED),
        execution_options={"synchronize_session": False})
    db.session.commit()
    if result.rowcount:
        log.error("%s mail(s) unconfirmed: a worker stopped while handing them over", result.rowcount)
    return result.rowcount


def renew_claim(messages: list[OutboxMessage], now: datetime) -> None:
    ids = [message.id for message in messages]
    db.session.execute(sa.update(OutboxMessage).where(OutboxMessage.id.in_(ids), OutboxMessage.status == OutboxStatus.QUEUED)
                       .values(next_attempt_at=now + claim_time()), execution_options={"synchronize_session": False})
    db.session.commit()


# The one body a one-click unsubscribe POST carries (RFC 8058 3.1), also the List-Unsubscribe-Post header.
ONE_CLICK_BODY = "List-Unsubscribe=One-Click"


def is_one_click_unsubscribe(form) -> bool:
    """Whether a POSTed form is exactly the one-click body of RFC 8058, nothing more."""
    return form.to_dict(flat=False) == {"List-Unsubscribe": ["One-Click"]}


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
    if message.unsubscribe_url:
        # RFC 8058: a mail program offers "unsubscribe" and POSTs the one-click body to this URL itself.
        email["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        email["List-Unsubscribe-Post"] = ONE_CLICK_BODY
    if message.attachment_name:
        # "text/calendar; method=CANCEL": the type, then its parameters
        content_type, *parameters = (part.strip() for part in message.attachment_type.split(";"))
        maintype, _slash, subtype = content_type.partition("/")
        params = dict(parameter.partition("=")[::2] for parameter in parameters if "=" in parameter)
        email.add_attachment(message.attachment_data or b"", maintype=maintype, subtype=subtype,
                             filename=message.attachment_name, params=params)
    return email


class HandingOverSMTP(smtplib.SMTP):
    """smtplib's client with one moment added: ``before_end_of_data`` is called after the message text
    and before the line that ends it, the last moment at which the server surely has not taken it."""

    before_end_of_data: Callable[[], None] | None = None

    def data(self, msg):
        # smtplib.SMTP.data (Python 3.11), split in two around the hook.
        self.putcmd("data")
        code, reply = self.getreply()
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        if isinstance(msg, str):
            msg = smtplib._fix_eols(msg).encode("ascii")
        text = smtplib._quote_periods(msg)
        if text[-2:] != smtplib.bCRLF:
            text += smtplib.bCRLF
        self.send(text)
        if self.before_end_of_data is not None:
            self.before_end_of_data()
        self.send(b"." + smtplib.bCRLF)
        return self.getreply()


def _open_smtp() -> HandingOverSMTP:
    config = current_app.config
    smtp = HandingOverSMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20)
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
    settle_interrupted(now)
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


def _send_one(smtp: HandingOverSMTP, message: OutboxMessage, sender: str, now: datetime,
              report: DeliveryReport) -> bool:
    """Try one message and record the outcome (uncommitted; the hand-over mark is committed on its own).
    False when the connection is lost."""
    try:
        email = as_email(message, sender)
    except sa.exc.SQLAlchemyError:
        raise  # reading the message failed: the database's trouble, not the message's
    except Exception as error:  # a message that cannot be built never can: it fails alone
        _mark_failed(message, now, error, report)
        return True
    handed_over = False

    def hand_over() -> None:
        nonlocal handed_over
        message.handed_over_at = utcnow()
        db.session.commit()
        handed_over = True

    smtp.before_end_of_data = hand_over
    try:
        smtp.send_message(email)
    except sa.exc.SQLAlchemyError:
        smtp.close()  # the message was not ended: the server drops it, and the next round sends it
        raise
    except Exception as error:
        if handed_over and not isinstance(error, smtplib.SMTPResponseException):
            _mark_unconfirmed(message, now, error, report)  # the server may have it; no answer came
            return not isinstance(error, OSError)
        message.handed_over_at = None
        return _record_refusal(message, now, error, report)
    else:
        unfinished.sent.add(message.id)
        _mark_sent(message, now, report)
    finally:
        smtp.before_end_of_data = None
    return True


def _record_refusal(message: OutboxMessage, now: datetime, error: Exception, report: DeliveryReport) -> bool:
    """The server answered no, or the connection broke before the message was handed over: try again
    later (or fail for good on a permanent refusal). False when the connection is lost."""
    if isinstance(error, smtplib.SMTPServerDisconnected):
        _mark_failed_attempt(message, now, error, report)
        return False
    if isinstance(error, smtplib.SMTPException):  # the server's answer to this message (SMTPException is an OSError)
        if is_refused_for_good(error):
            _mark_failed(message, now, error, report)
        else:
            _mark_failed_attempt(message, now, error, report)
        return True
    # The connection broke (OSError), or anything else: one message's trouble must not stop the batch.
    _mark_failed_attempt(message, now, error, report)
    return not isinstance(error, OSError)


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


def _mark_unconfirmed(message: OutboxMessage, now: datetime, error: Exception, report: DeliveryReport) -> None:
    message.attempts += 1
    message.status, message.failed_at = OutboxStatus.UNCONFIRMED, now
    message.last_error = reason(error)
    report.failed += 1
    log.error("mail %s unconfirmed: no answer after handing it over: %s", message.id, message.last_error)


def _mark_failed_attempt(message: OutboxMessage, now: datetime, error: Exception, report: DeliveryReport) -> None:
    if message.attempts + 1 >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        _mark_failed(message, now, error, report)
        return
    message.attempts += 1
    message.last_error = reason(error)
    message.next_attempt_at = now + retry_delay(message.attempts)
    report.retried += 1
    log.warning("mail %s not sent, retry at %s: %s", message.id, message.next_attempt_at, message.last_error)
