"""The outbox worker against a real SMTP server (aiosmtpd on a local port)."""
import socket
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from consult.core.db import utcnow
from consult.mail.delivery import claim_due, claim_time, deliver_due, due_messages, message_id, retry_delay, unfinished
from consult.mail.models import OutboxMessage, OutboxStatus
from consult.mail.services import queue_mail


class Inbox:
    def __init__(self):
        self.messages = []
        self.unknown = set()  # addresses refused for good (550), as a real server does for a typo

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.unknown:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(app, monkeypatch):
    """A real SMTP server the app is configured for; ``start()`` and ``stop()`` it at will."""
    port = free_port()
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    inbox = Inbox()

    class Server:
        controller = None

        def start(self):
            self.controller = Controller(inbox, hostname="127.0.0.1", port=port)
            self.controller.start()

        def stop(self):
            if self.controller:
                self.controller.stop()
                self.controller = None

    server = Server()
    server.inbox = inbox
    yield server
    server.stop()


def queue(app, session, recipient="inwoner@example.org"):
    with app.test_request_context():
        message_id = queue_mail(recipient, "Kies een nieuw wachtwoord", "password_reset", locale="nl",
                                user=type("U", (), {"name": "Iris"})(), link="https://consult.test/x", valid_minutes=60)
    session.commit()
    return session.get(OutboxMessage, message_id)


def test_worker_delivers_queued_mail_over_smtp_once(app, session, smtp):
    smtp.start()
    message = queue(app, session)

    with app.app_context():
        report = deliver_due()
        again = deliver_due()

    assert (report.sent, again.sent) == (1, 0)
    assert len(smtp.inbox.messages) == 1
    delivered = smtp.inbox.messages[0]
    assert delivered.rcpt_tos == ["inwoner@example.org"]
    assert b"Subject: Kies een nieuw wachtwoord" in delivered.content
    assert message.status is OutboxStatus.SENT and message.sent_at is not None


def test_mail_stays_queued_while_smtp_is_down_and_goes_out_on_a_later_run(app, session, smtp):
    message = queue(app, session)

    with app.app_context():
        report = deliver_due()
    assert report.retried == 1
    assert message.status is OutboxStatus.QUEUED and message.attempts == 1
    assert "Error" in message.last_error or "refused" in message.last_error.lower()

    smtp.start()
    with app.app_context():
        too_early = deliver_due()
        later = deliver_due(utcnow() + retry_delay(1) + timedelta(seconds=1))
    assert too_early.sent == 0  # waits for its retry time
    assert later.sent == 1
    assert len(smtp.inbox.messages) == 1
    assert message.status is OutboxStatus.SENT and message.attempts == 2


def test_worker_gives_up_after_the_maximum_number_of_attempts(app, session, smtp, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 2)
    message = queue(app, session)
    with app.app_context():
        deliver_due()
        deliver_due(utcnow() + timedelta(hours=2))
    assert message.status is OutboxStatus.FAILED and message.attempts == 2


def test_mail_of_a_rolled_back_action_is_never_sent(app, session, smtp):
    smtp.start()
    with app.test_request_context():
        queue_mail("x@example.org", "Onderwerp", "password_reset", locale="nl",
                   user=type("U", (), {"name": "X"})(), link="https://consult.test/x", valid_minutes=60)
    session.rollback()

    with app.app_context():
        report = deliver_due()
    assert report.sent == 0 and smtp.inbox.messages == []
    assert session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0


def test_retry_delay_grows_and_is_capped():
    assert retry_delay(1) == timedelta(seconds=30)
    assert retry_delay(2) == timedelta(seconds=60)
    assert retry_delay(20) == timedelta(hours=1)


def test_a_worker_claims_its_batch_so_a_second_worker_does_not_send_it_too(app, session):
    first, second = queue(app, session, "een@example.org"), queue(app, session, "twee@example.org")
    now = utcnow()

    with app.app_context():
        claimed = claim_due(now, limit=100)
        other_worker = due_messages(now, limit=100)
        after_the_claim = due_messages(now + claim_time() + timedelta(seconds=1), limit=100)
        unfinished.claimed.clear()  # as if this worker had died

    assert claimed == [first, second] and other_worker == []
    assert after_the_claim == [first, second]  # a worker that died mid-batch does not lose its mail


def test_every_attempt_at_one_message_has_the_same_message_id(app, session, smtp):
    message = queue(app, session)
    with app.app_context():
        deliver_due()  # the server is down: a failed attempt
        smtp.start()
        deliver_due(utcnow() + timedelta(minutes=1))
        expected = message_id(message, app.config["MAIL_DEFAULT_SENDER"])

    assert expected.startswith(f"<outbox-{message.id}.") and expected.endswith("@localhost>")
    assert f"Message-ID: {expected}".encode() in smtp.inbox.messages[0].content


def raw_message(session, subject="Kies een nieuw wachtwoord", recipient="inwoner@example.org") -> OutboxMessage:
    """A row as older code (or another path than queue_mail) could leave it in the outbox."""
    message = OutboxMessage(recipient=recipient, subject=subject, body_text="Tekst")
    session.add(message)
    session.commit()
    return message


def test_a_message_that_cannot_be_sent_fails_alone_and_the_mail_behind_it_goes_out(app, session, smtp):
    """A line break in a subject crashed the worker on every restart, and the mail after it never went."""
    smtp.start()
    bad = raw_message(session, subject="Reageer op de agenda\nBcc: iedereen@example.org")
    good = [raw_message(session, recipient=f"inwoner{n}@example.org") for n in range(3)]

    with app.app_context():
        report = deliver_due()
        again = deliver_due(utcnow() + timedelta(hours=2))

    assert (report.sent, report.failed, again.sent, again.failed) == (3, 1, 0, 0)
    assert all(message.status is OutboxStatus.SENT for message in good)
    assert bad.status is OutboxStatus.FAILED and bad.failed_at is not None
    assert bad.last_error.startswith("ValueError: Header values may not contain linefeed")
    assert len(smtp.inbox.messages) == 3 and all(b"Bcc" not in m.content for m in smtp.inbox.messages)


def test_queued_subjects_and_addresses_never_hold_a_line_break(app, session, make_consultation):
    consultation = make_consultation(title="Sociaal maatschappelijke agenda\r\n2026–2030\u2028(ontwerp)")
    with app.test_request_context():
        message = session.get(OutboxMessage, queue_mail(
            "iris@example.org\n", f"Besluit over {consultation.title}", "password_reset", locale="nl",
            user=type("U", (), {"name": "Iris"})(), link="https://consult.test/x", valid_minutes=60))
    assert message.subject == "Besluit over Sociaal maatschappelijke agenda 2026–2030 (ontwerp)"
    assert message.recipient == "iris@example.org"


def test_a_very_long_title_still_fits_the_subject(app, session):
    with app.test_request_context():
        message_id = queue_mail("iris@example.org", "Reactie op " + "lange titel " * 40, "password_reset", locale="nl",
                                user=type("U", (), {"name": "Iris"})(), link="https://consult.test/x", valid_minutes=60)
    session.commit()  # PostgreSQL refuses a value longer than the column
    assert len(session.get(OutboxMessage, message_id).subject) == 300


def test_an_address_the_server_refuses_for_good_fails_at_once_without_the_address_in_the_reason(app, session, smtp):
    smtp.start()
    smtp.inbox.unknown.add("tikfout@example.org")
    wrong, right = raw_message(session, recipient="tikfout@example.org"), raw_message(session)

    with app.app_context():
        report = deliver_due()

    assert (report.sent, report.failed) == (1, 1)
    assert wrong.status is OutboxStatus.FAILED and wrong.attempts == 1
    assert wrong.last_error.startswith("SMTPRecipientsRefused: 550") and "tikfout" not in wrong.last_error
    assert right.status is OutboxStatus.SENT


def test_mail_knows_the_organisation_it_is_about(app, session, make_consultation):
    consultation = make_consultation()
    with app.test_request_context():
        decision = SimpleNamespace(taken_on=date(2027, 1, 12), outcome="Vastgesteld.", decision_url="")
        about = queue_mail("iris@example.org", "Besluit", "decision", locale="nl", consultation=consultation, link="https://x",
                           decision=decision, answers=[("TST-2026-0001", "https://x/reactienota#TST-2026-0001")],
                           nota="https://x/reactienota")
        reset = queue_mail("iris@example.org", "Wachtwoord", "password_reset", locale="nl",
                           user=type("U", (), {"name": "Iris"})(), link="https://consult.test/x", valid_minutes=60)
    assert session.get(OutboxMessage, about).organisation_id == consultation.organisation_id
    assert session.get(OutboxMessage, reset).organisation_id is None
