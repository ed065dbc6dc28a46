"""Queue and run background jobs. A job's handler gets the job and a progress callback.

A running job holds a lease that a heartbeat thread renews. A worker that is killed stops renewing it;
once it has run out, the next worker takes the job again, up to JOB_MAX_ATTEMPTS times in all, and then
marks it failed, so a page never shows "being made" forever and a new file can be asked for.
"""
from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from typing import TypeVar

import sqlalchemy as sa
from flask import current_app

from consult.core.db import is_writing, reading, utcnow, writing
from consult.extensions import db
from consult.jobs.models import Job, JobStatus

log = logging.getLogger(__name__)
T = TypeVar("T")
HANDLERS: dict[str, Callable[[Job, Callable[[int], None]], dict]] = {}


def handler(kind: str):
    def register(function):
        HANDLERS[kind] = function
        return function

    return register


def enqueue(kind: str, consultation_id: int, user, arguments: dict | None = None) -> Job:
    """Queue a job, unless the same one is already waiting or running for this consultation.

    A job whose worker died counts as waiting: the next worker runs it again once its lease runs out.
    ``arguments`` is what the handler needs beyond the consultation (see Job.arguments).
    """
    active = db.session.scalar(sa.select(Job).where(
        Job.kind == kind, Job.consultation_id == consultation_id, Job.status.in_([JobStatus.QUEUED, JobStatus.RUNNING])))
    if active is not None:
        return active
    job = Job(kind=kind, consultation_id=consultation_id, created_by_id=getattr(user, "id", None), arguments=arguments)
    db.session.add(job)
    db.session.flush()
    return job


def latest(kind: str, consultation_id: int) -> Job | None:
    return db.session.scalar(sa.select(Job).where(Job.kind == kind, Job.consultation_id == consultation_id)
                             .order_by(Job.id.desc()).limit(1))


def lease_time() -> timedelta:
    return timedelta(seconds=current_app.config["JOB_LEASE_SECONDS"])


def abandoned(now: datetime):
    """Running jobs whose worker stopped renewing the lease (or that started before there were leases)."""
    return sa.and_(Job.status == JobStatus.RUNNING, sa.or_(Job.lease_expires_at.is_(None), Job.lease_expires_at < now))


def take_next(now: datetime) -> Job | None:
    """Claim the oldest waiting job (queued, or abandoned by a dead worker) and commit the claim.

    An abandoned job that has had its JOB_MAX_ATTEMPTS is marked failed instead, and returned as such.
    """
    query = (sa.select(Job).where(sa.or_(Job.status == JobStatus.QUEUED, abandoned(now)))
             .order_by(Job.id).limit(1))
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    job = db.session.scalar(query)
    if job is None:
        db.session.commit()
        return None
    if job.status is JobStatus.RUNNING:
        log.warning("job %s (%s) was abandoned by its worker after attempt %s", job.id, job.kind, job.attempts)
        if job.attempts >= current_app.config["JOB_MAX_ATTEMPTS"]:
            job.status, job.finished_at, job.lease_expires_at = JobStatus.FAILED, now, None
            job.error = f"The worker stopped {job.attempts} times while running this job; given up."
            db.session.commit()
            log.error("job %s (%s) given up after %s attempts", job.id, job.kind, job.attempts)
            return job
    job.attempts += 1
    job.status, job.started_at, job.progress = JobStatus.RUNNING, now, 0
    job.lease_expires_at = now + lease_time()
    db.session.commit()
    return job


class Heartbeat:
    """Renews a running job's lease from a thread of its own, on a connection of its own, every third of
    the lease: the lease then holds exactly as long as the worker process lives, however long a handler
    goes without reporting progress.

    Not on SQLite: there a write from a second connection makes the worker's own next write fail
    ("database is locked": its read snapshot is out of date). SQLite runs one worker; its jobs renew the
    lease each time they report progress.
    """

    def __init__(self, job_id: int, lease: timedelta):
        self.job_id, self.lease = job_id, lease
        self.engine = db.engine
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"job-{job_id}-heartbeat", daemon=True)

    def __enter__(self) -> Heartbeat:
        if self.engine.dialect.name != "sqlite":
            self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stopped.set()
        if self.thread.is_alive():
            self.thread.join()

    def _beat(self) -> None:
        while not self.stopped.wait(self.lease.total_seconds() / 3):
            try:
                with self.engine.begin() as connection:
                    connection.execute(sa.update(Job).where(Job.id == self.job_id, Job.status == JobStatus.RUNNING)
                                       .values(lease_expires_at=utcnow() + self.lease))
            except sa.exc.SQLAlchemyError as error:  # the next beat tries again; the lease has slack
                log.warning("job %s: lease not renewed: %s", self.job_id, type(error).__name__)


def stage(progress: Callable[[int], None], start: int, end: int) -> Callable[[float], None]:
    """One stage of a job: ``tell(fraction)``, 0 to 1 through the stage, reports ``start`` to ``end``
    percent, each whole percent once, so a stage may tell after every row it walks."""
    reported = start - 1

    def tell(fraction: float) -> None:
        nonlocal reported
        percent = start + int((end - start) * min(max(fraction, 0.0), 1.0))
        if percent > reported:
            reported = percent
            progress(percent)

    return tell


def reporting(rows: Iterable[T], total: int, tell: Callable[[float], None], every: int = 1_000) -> Iterator[T]:
    """``rows`` as they come, telling ``tell`` (see ``stage``) the share of ``total`` walked after every
    ``every`` rows: progress for a handler that writes a file row by row."""
    for walked, row in enumerate(rows, start=1):
        yield row
        if walked % every == 0:
            tell(walked / max(total, 1))


def _commit_keeping_loaded() -> None:
    """Commit without expiring what the session loaded: a handler that reports progress halfway through
    100,000 loaded reactions must not load each of them again after the report."""
    session = db.session()
    keep, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = keep


def _report_apart(job_id: int, percent: int) -> None:
    """Progress of a handler inside its own writing transaction, written on a connection of its own as
    the heartbeat writes, so the page shows it while that transaction goes on. Not on SQLite: there the
    handler's transaction holds the one write lock until it commits (it is kept short for that reason).
    The report gives up after two seconds rather than wait for a lock (it is only a report)."""
    if db.engine.dialect.name == "sqlite":
        return
    try:
        with db.engine.begin() as connection:
            connection.exec_driver_sql("SET LOCAL lock_timeout = '2s'")
            connection.execute(sa.update(Job).where(Job.id == job_id, Job.status == JobStatus.RUNNING)
                               .values(progress=percent, lease_expires_at=utcnow() + lease_time()))
    except sa.exc.SQLAlchemyError as error:
        log.warning("job %s: progress not reported: %s", job_id, type(error).__name__)


def run_next(now: datetime | None = None) -> Job | None:
    """Run the oldest waiting job, committing its progress as it goes so pages can show it. Each report
    also renews the lease (on SQLite the only renewal, see Heartbeat).

    A handler's error fails the job (the page says so); a database error propagates, and the job runs
    again once its lease has run out.
    """
    job = take_next(now or utcnow())
    if job is None or job.status is not JobStatus.RUNNING:
        return job

    def progress(percent: int) -> None:
        if is_writing():  # inside the handler's write_apart: committing here would keep half its work
            _report_apart(job.id, percent)
            return
        _commit_keeping_loaded()  # ends the handler's read transaction
        with writing():
            job.progress, job.lease_expires_at = percent, utcnow() + lease_time()
            _commit_keeping_loaded()

    with Heartbeat(job.id, lease_time()):
        try:
            # A handler only reads (it returns its result), in transactions that take no write lock on
            # SQLite: a dossier of 10,000 reactions reads for half a minute and must not hold up residents.
            with reading():
                result = HANDLERS[job.kind](job, progress)
                db.session.commit()
            job.result = result
            job.status, job.progress = JobStatus.DONE, 100
        except sa.exc.DBAPIError:
            raise
        except Exception:  # a failed job must not stop the worker; the page shows that it failed
            db.session.rollback()
            job.status, job.error = JobStatus.FAILED, traceback.format_exc()[-4000:]
            log.exception("job %s (%s) failed", job.id, job.kind)
        job.finished_at, job.lease_expires_at = utcnow(), None
        db.session.commit()
    return job
