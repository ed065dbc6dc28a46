"""Queue and run background jobs. A job's handler gets the job and a progress callback."""
from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

import sqlalchemy as sa

from consult.core.db import reading, utcnow, writing
from consult.extensions import db
from consult.jobs.models import Job, JobStatus

log = logging.getLogger(__name__)
HANDLERS: dict[str, Callable[[Job, Callable[[int], None]], dict]] = {}


def handler(kind: str):
    def register(function):
        HANDLERS[kind] = function
        return function

    return register


def enqueue(kind: str, consultation_id: int, user) -> Job:
    """Queue a job, unless the same one is already waiting or running for this consultation."""
    active = db.session.scalar(sa.select(Job).where(
        Job.kind == kind, Job.consultation_id == consultation_id, Job.status.in_([JobStatus.QUEUED, JobStatus.RUNNING])))
    if active is not None:
        return active
    job = Job(kind=kind, consultation_id=consultation_id, created_by_id=getattr(user, "id", None))
    db.session.add(job)
    db.session.flush()
    return job


def latest(kind: str, consultation_id: int) -> Job | None:
    return db.session.scalar(sa.select(Job).where(Job.kind == kind, Job.consultation_id == consultation_id)
                             .order_by(Job.id.desc()).limit(1))


def run_next() -> Job | None:
    """Run the oldest queued job, committing its progress as it goes so pages can show it.

    A handler only reads (it returns its result), in transactions that take no write lock on SQLite
    (``reading()``): a dossier of 10,000 reactions reads for half a minute and must not hold up the
    residents' reactions meanwhile. The job's own row is written in short transactions of its own.
    """
    query = sa.select(Job).where(Job.status == JobStatus.QUEUED).order_by(Job.id).limit(1)
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    with writing():
        job = db.session.scalar(query)
        if job is None:
            db.session.commit()
            return None
        job.status, job.started_at, job.progress = JobStatus.RUNNING, utcnow(), 0
        job_id, kind = job.id, job.kind
        db.session.commit()

    def progress(percent: int) -> None:
        db.session.commit()  # ends the handler's read transaction
        with writing():
            job.progress = percent
            db.session.commit()

    try:
        with reading():
            result = HANDLERS[kind](job, progress)
            db.session.commit()  # ends the handler's read transaction
        outcome = {"result": result, "status": JobStatus.DONE, "progress": 100}
    except Exception:  # a failed job must not stop the worker; the page shows that it failed
        db.session.rollback()
        outcome = {"status": JobStatus.FAILED, "error": traceback.format_exc()[-4000:]}
        log.exception("job %s (%s) failed", job_id, kind)
    with writing():
        for name, value in outcome.items():
            setattr(job, name, value)
        job.finished_at = utcnow()
        db.session.commit()
    return job
