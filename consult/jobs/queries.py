"""How far the worker is behind: the figures /health/ready reports."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from consult.extensions import db
from consult.jobs.models import Job, JobStatus
from consult.jobs.services import abandoned
from consult.mail.models import OutboxMessage, OutboxStatus


def _seconds_since(moment: datetime | None, now: datetime) -> int:
    return max(0, int((now - moment).total_seconds())) if moment else 0


def worker_lag(now: datetime) -> dict:
    """Counts and ages only: no address, subject or job result, so anyone may read them.

    ``mail.oldest_waiting_seconds``: the age of the oldest mail not yet sent (retries included).
    ``mail.unconfirmed``: mails a worker stopped handing over, not sent again by themselves.
    ``jobs.oldest_waiting_seconds``: how long the longest-waiting job has waited, queued or, when its
    worker died, since its lease ran out. ``lag_seconds`` is the larger of the two.
    """
    mail_waiting, mail_oldest = db.session.execute(
        sa.select(sa.func.count(), sa.func.min(OutboxMessage.created_at)).where(OutboxMessage.status == OutboxStatus.QUEUED)
    ).one()
    mail_failed, mail_unconfirmed = (db.session.scalar(
        sa.select(sa.func.count()).select_from(OutboxMessage).where(OutboxMessage.status == status))
        for status in (OutboxStatus.FAILED, OutboxStatus.UNCONFIRMED))
    queued, queued_oldest = db.session.execute(
        sa.select(sa.func.count(), sa.func.min(Job.created_at)).where(Job.status == JobStatus.QUEUED)).one()
    running = db.session.scalar(sa.select(sa.func.count()).select_from(Job).where(Job.status == JobStatus.RUNNING))
    expired, expired_oldest = db.session.execute(
        sa.select(sa.func.count(), sa.func.min(sa.func.coalesce(Job.lease_expires_at, Job.started_at)))
        .where(abandoned(now))).one()
    mail_lag = _seconds_since(mail_oldest, now)
    job_lag = max(_seconds_since(queued_oldest, now), _seconds_since(expired_oldest, now))
    return {
        "lag_seconds": max(mail_lag, job_lag),
        "mail": {"waiting": mail_waiting, "oldest_waiting_seconds": mail_lag, "failed": mail_failed,
                 "unconfirmed": mail_unconfirmed},
        "jobs": {"queued": queued, "running": running, "running_lease_expired": expired,
                 "oldest_waiting_seconds": job_lag},
    }
