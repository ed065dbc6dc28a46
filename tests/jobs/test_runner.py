"""The job runner: a job whose worker stopped mid-way runs again after its lease, a limited number of times."""
import time
from datetime import timedelta

import pytest

from consult.core.db import utcnow
from consult.jobs.models import Job, JobStatus
from consult.jobs.queries import worker_lag
from consult.jobs.services import enqueue, handler, reporting, run_next, stage

RUNS = []


@handler("test_count")
def count_run(job, progress) -> dict:
    RUNS.append(job.id)
    progress(50)
    return {"run": len(RUNS)}


@pytest.fixture
def consultation(make_consultation):
    RUNS.clear()
    return make_consultation()


def stuck_job(session, consultation, attempts=1, lease_left=timedelta(seconds=-1)) -> Job:
    """What a worker that was killed while running a job leaves behind."""
    now = utcnow()
    job = Job(kind="test_count", consultation_id=consultation.id, status=JobStatus.RUNNING, attempts=attempts,
              started_at=now - timedelta(minutes=5), progress=40, lease_expires_at=now + lease_left)
    session.add(job)
    session.commit()
    return job


def test_a_job_whose_worker_died_runs_again_once_its_lease_has_run_out(app, session, consultation):
    job = stuck_job(session, consultation, lease_left=timedelta(seconds=30))
    with app.app_context():
        assert run_next() is None  # its worker may still be alive: the lease holds
        assert enqueue("test_count", consultation.id, None) == job  # no second copy meanwhile
        session.commit()
        done = run_next(utcnow() + timedelta(seconds=31))

    assert done == job and job.status is JobStatus.DONE and job.attempts == 2
    assert job.result == {"run": 1} and job.lease_expires_at is None


def test_a_job_that_was_running_before_there_were_leases_is_taken_again(app, session, consultation):
    job = stuck_job(session, consultation)
    job.lease_expires_at = None
    session.commit()
    with app.app_context():
        assert run_next() == job
    assert job.status is JobStatus.DONE


def test_a_job_abandoned_too_often_fails_visibly_and_a_new_one_can_start(app, session, consultation, monkeypatch):
    monkeypatch.setitem(app.config, "JOB_MAX_ATTEMPTS", 3)
    job = stuck_job(session, consultation, attempts=3)
    with app.app_context():
        given_up = run_next()
        fresh = enqueue("test_count", consultation.id, None)
        session.commit()
        ran = run_next()

    assert given_up == job and job.status is JobStatus.FAILED and RUNS == [fresh.id]
    assert job.error == "The worker stopped 3 times while running this job; given up."
    assert fresh != job and ran == fresh and fresh.status is JobStatus.DONE and fresh.attempts == 1


def test_a_running_job_holds_a_lease_that_progress_renews(app, session, consultation, monkeypatch):
    monkeypatch.setitem(app.config, "JOB_LEASE_SECONDS", 60)
    leases = []

    @handler("test_lease")
    def watch_lease(job, progress):
        leases.append(job.lease_expires_at)
        progress(50)
        leases.append(job.lease_expires_at)
        return {}

    job = enqueue("test_lease", consultation.id, None)
    session.commit()
    started = utcnow()
    with app.app_context():
        run_next()
    assert job.status is JobStatus.DONE and job.attempts == 1
    assert started + timedelta(seconds=59) < leases[0] <= leases[1] <= utcnow() + timedelta(seconds=60)


def test_a_job_longer_than_its_lease_is_not_counted_lost_while_it_reports_progress(app, session, consultation,
                                                                                   monkeypatch):
    """On SQLite no heartbeat renews the lease (see Heartbeat): each progress report does, so /health/ready
    does not count a long job that is alive as one whose worker died."""
    monkeypatch.setitem(app.config, "JOB_LEASE_SECONDS", 1)
    lost = []

    @handler("test_long")
    def long_job(job, progress):
        for percent in (25, 50, 75, 90):
            time.sleep(0.4)
            progress(percent)
            lost.append(worker_lag(utcnow())["jobs"]["running_lease_expired"])
        return {}

    job = enqueue("test_long", consultation.id, None)
    session.commit()
    with app.app_context():
        run_next()
    assert job.status is JobStatus.DONE and lost == [0, 0, 0, 0]  # 1.6 s with a lease of 1 s


def test_a_stage_reports_each_whole_percent_of_its_range_once():
    reported = []
    tell = stage(reported.append, 20, 60)
    for step in range(1001):  # a handler may tell after every row
        tell(step / 1000)
    tell(1.5)
    assert reported == list(range(20, 61))


def test_rows_pass_through_unchanged_while_the_share_walked_is_told():
    told = []
    assert list(reporting(iter(range(2500)), 2500, told.append, every=1000)) == list(range(2500))
    assert told == [0.4, 0.8]
