"""Publishing the reactienota (issue 15): the official's publish request, and the background job that
does the work the request did before (freeze the nota, the audit event, a mail to everyone who reacted).

    python -m bench.publishjob --database-url sqlite:////abs/path/copy.sqlite [--seed 1000]

``--seed N`` first makes the database with N reactions (``bench.generate --no-extras``); otherwise it
takes one made by bench.generate. The database is changed: use a copy. The bench consultation's period
is closed first; a nota that is published already gets a new version (a note is given). Prints the
request's time and the job's time (the job runs ``publish_report`` as the request did before).

While the job runs, a resident in a process of its own (no shared GIL) sends a reaction every half
second to an open consultation (``bench-open``, made here when missing) and the bench prints how long
each send took; it also times the worker's transactions that write (on SQLite: hold the write lock),
so it prints the build (from the job's start to its longest writing transaction) and that lock time.
"""
from __future__ import annotations

import argparse
import multiprocessing
import re
import statistics
import threading
import time
from datetime import timedelta

import flask_migrate
import sqlalchemy as sa

from bench.generate import OFFICIAL, PASSWORD, SLUG, seed
from consult import create_app
from consult.consultations.models import Consultation
from consult.core.db import transaction_kind, utcnow
from consult.extensions import db
from consult.jobs.models import Job
from consult.jobs.services import run_next

OPEN_SLUG = "bench-open"
CONFIG = {"WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "REAUTH_MINUTES": 24 * 60, "MINIMUM_FILL_SECONDS": 0}


class WriterClock:
    """Times the transactions of one thread that begin as writers (BEGIN IMMEDIATE on SQLite)."""

    def __init__(self):
        self.thread: threading.Thread | None = None
        self.began: float | None = None
        self.writes: list[tuple[float, float]] = []  # (began, seconds)
        self.progress: list[tuple[float, int]] = []  # (when, percent)

    def begin(self, _connection) -> None:
        if threading.current_thread() is self.thread and transaction_kind() == "IMMEDIATE":
            self.began = time.perf_counter()

    def statement(self, _connection, _cursor, statement, parameters, *_args) -> None:
        """Notes each progress report of the job: (seconds since the job began, percent)."""
        if threading.current_thread() is self.thread and statement.startswith("UPDATE jobs SET progress"):
            self.progress.append((time.perf_counter(), parameters[0]))

    def end(self, _connection) -> None:
        if threading.current_thread() is self.thread and self.began is not None:
            self.writes.append((self.began, time.perf_counter() - self.began))
            self.began = None


def resident(database_url: str, stop, latencies) -> None:
    """Send a reaction every half second until ``stop`` is set; put (seconds, status) in ``latencies``,
    then None."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, **CONFIG})
    client = app.test_client()
    n = 0
    while not stop.is_set():
        n += 1
        page = client.get(f"/consultaties/{OPEN_SLUG}/reageren").text
        key = re.search(r'name="submission_key" type="hidden" value="([^"]+)"', page)
        section = re.search(r'<select[^>]*name="section"[^>]*>\s*<option[^>]*value="([^"]*)"', page)
        data = {"body": "Zorg dat de wijkteams bereikbaar blijven.", "author_name": "Iris de Boer",
                "author_email": f"bewoner{n}@example.org", "author_place": "Almere", "publication": "named",
                "privacy": "y", "section": section.group(1) if section else "",
                "submission_key": key.group(1) if key else ""}
        started = time.perf_counter()
        response = client.post(f"/consultaties/{OPEN_SLUG}/reageren", data=data)
        latencies.put((time.perf_counter() - started, response.status_code))
        stop.wait(0.5)
    latencies.put(None)


def open_consultation(closed: Consultation) -> None:
    """The open consultation the resident reacts on, beside the bench consultation."""
    if db.session.scalar(sa.select(Consultation.id).where(Consultation.slug == OPEN_SLUG)) is None:
        db.session.add(Consultation(
            organisation_id=closed.organisation_id, kind=closed.kind, audience=closed.audience, state=closed.state,
            slug=OPEN_SLUG, title="Open benchmark-consultatie", reference_prefix="BOP",
            document_version_id=closed.document_version_id, opens_at=utcnow() - timedelta(days=1),
            closes_at=utcnow() + timedelta(days=30), requires_email_confirmation=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seed", type=int, default=0, help="make the database first, with this many reactions")
    args = parser.parse_args()
    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url, **CONFIG})
    with app.app_context():
        flask_migrate.upgrade()
        if args.seed:
            seed(args.seed)
        consultation = db.session.scalar(sa.select(Consultation).where(Consultation.slug == SLUG))
        if consultation.closes_at > utcnow():
            consultation.closes_at = utcnow() - timedelta(days=1)
        reactions = consultation.reaction_count
        open_consultation(consultation)
        db.session.commit()
    client = app.test_client()
    response = client.post("/inloggen", data={"email": OFFICIAL, "password": PASSWORD})
    assert response.status_code == 302, "log-in failed"
    draft = client.get(f"/beheer/consultaties/{SLUG}/reactienota").text
    note = {"note": "Bench: een nieuwe versie."} if "Publiceer als versie" in draft else {}
    started = time.perf_counter()
    response = client.post(f"/beheer/consultaties/{SLUG}/reactienota/publiceren", data=note)
    request_ms = (time.perf_counter() - started) * 1000
    assert response.status_code == 302, response.status_code
    clock, ran = WriterClock(), {}

    def work() -> None:
        clock.thread = threading.current_thread()
        with app.app_context():
            started = time.perf_counter()
            job = run_next()
            ran["job"] = (job.id, job.kind) if job else None
            ran["started"], ran["seconds"] = started, time.perf_counter() - started

    context = multiprocessing.get_context("spawn")
    stop, latencies = context.Event(), context.Queue()
    sender = context.Process(target=resident, args=(args.database_url, stop, latencies))
    sender.start()
    time.sleep(5)  # the resident's app is up
    with app.app_context():
        for name, listener in (("begin", clock.begin), ("commit", clock.end), ("rollback", clock.end),
                               ("before_cursor_execute", clock.statement)):
            sa.event.listen(db.engine, name, listener)
    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    stop.set()
    sends = list(iter(latencies.get, None))  # the resident ends with None
    sender.join()
    with app.app_context():
        job_s = ran["seconds"]
        assert ran["job"] is not None and ran["job"][1] == "report_publish", ran["job"]
        job = db.session.get(Job, ran["job"][0])
        outcome = job.result if job.status.value == "done" else job.error[-500:]
        dialect = db.engine.dialect.name
    longest_at, longest = max(clock.writes, key=lambda write: write[1])
    page = client.get(f"/beheer/consultaties/{SLUG}/reactienota").text
    shown = re.search(r"Versie \d+ van de reactienota is gepubliceerd\.[^<]*", page)
    print(f"{dialect}, {reactions:,} reactions: publish request {request_ms:.0f} ms; job {job_s:.1f} s ({outcome})")
    print(f"build before the write {longest_at - ran['started']:.1f} s; longest writing transaction {longest:.2f} s; "
          f"{len(clock.writes)} writing transactions")
    print("progress reported: " + ", ".join(f"{percent}% at {at - ran['started']:.1f} s" for at, percent in clock.progress))
    seconds = sorted(took for took, _status in sends)
    failed = [status for _took, status in sends if status != 302]
    if seconds:
        print(f"resident: {len(sends)} reactions sent during the job, {len(failed)} failed {failed[:5]}; "
              f"p50 {statistics.median(seconds) * 1000:.0f} ms, max {seconds[-1] * 1000:.0f} ms")
    print(f"draft page after the job: {shown.group(0) if shown else 'no publication message'}")


if __name__ == "__main__":
    main()
