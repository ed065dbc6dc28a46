"""/health/ready: outbox and job lag as JSON, 503 when the worker is down or far behind."""
from datetime import timedelta

from consult.core.db import utcnow
from consult.jobs.models import Job, JobStatus
from consult.mail.models import OutboxMessage, OutboxStatus


def mail(session, age: timedelta, status=OutboxStatus.QUEUED) -> OutboxMessage:
    message = OutboxMessage(recipient="iris@example.org", subject="Ontvangst van uw reactie TST-2026-0001",
                            body_text="Tekst", status=status, created_at=utcnow() - age)
    session.add(message)
    session.commit()
    return message


def test_ready_when_nothing_waits(client):
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.json == {
        "status": "ok", "max_lag_seconds": 900, "lag_seconds": 0,
        "mail": {"waiting": 0, "oldest_waiting_seconds": 0, "failed": 0, "unconfirmed": 0},
        "jobs": {"queued": 0, "running": 0, "running_lease_expired": 0, "oldest_waiting_seconds": 0},
    }


def test_mail_waiting_longer_than_the_limit_makes_it_503_without_saying_whose(client, session):
    """21 mails stayed waiting behind a dead worker, and nothing showed it."""
    for minutes in range(1, 22):
        mail(session, timedelta(minutes=minutes))
    mail(session, timedelta(days=2), OutboxStatus.FAILED)

    response = client.get("/health/ready")

    assert response.status_code == 503 and response.json["status"] == "lagging"
    assert response.json["mail"]["waiting"] == 21 and response.json["mail"]["failed"] == 1
    assert 21 * 60 <= response.json["mail"]["oldest_waiting_seconds"] < 21 * 60 + 30
    assert "iris" not in response.text and "TST-2026" not in response.text


def test_the_limit_is_a_setting(app, client, session, monkeypatch):
    mail(session, timedelta(minutes=3))
    assert client.get("/health/ready").status_code == 200
    monkeypatch.setitem(app.config, "HEALTH_MAX_LAG_SECONDS", 120)
    assert client.get("/health/ready").status_code == 503


def test_a_running_job_whose_worker_died_shows_and_makes_it_503(client, session, make_consultation):
    consultation = make_consultation()
    now = utcnow()
    session.add_all([
        Job(kind="dossier", consultation_id=consultation.id, status=JobStatus.RUNNING, started_at=now - timedelta(hours=1),
            lease_expires_at=now - timedelta(minutes=20)),
        Job(kind="topics", consultation_id=consultation.id, status=JobStatus.RUNNING, started_at=now,
            lease_expires_at=now + timedelta(minutes=1)),
        Job(kind="report_pdf", consultation_id=consultation.id, created_at=now - timedelta(seconds=30)),
    ])
    session.commit()

    response = client.get("/health/ready")

    assert response.status_code == 503
    jobs = response.json["jobs"]
    assert (jobs["queued"], jobs["running"], jobs["running_lease_expired"]) == (1, 2, 1)
    assert 20 * 60 <= jobs["oldest_waiting_seconds"] < 21 * 60
