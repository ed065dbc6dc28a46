"""The worker loop (mail and jobs) and its supervisor.

The loop outlives database errors: a locked SQLite file, a PostgreSQL connection that was dropped or a
database that restarts. It rolls the session back, logs the error and tries again after 1, 2, 4 … 60
seconds. What it cannot survive (SIGKILL, running out of memory) the supervisor catches: it runs the loop
as a child process and starts it again when it stops.
"""
from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time

from consult.core.db import utcnow
from consult.extensions import db
from consult.jobs.periodic import run_due_tasks
from consult.jobs.services import run_next
from consult.mail.delivery import deliver_due
from consult.notifications.services import send_digests

log = logging.getLogger(__name__)
MAX_BACKOFF = 60.0


def work_once() -> bool:
    """Run the periodic tasks that are due (their mail is queued), send what is due, queue the daily
    digests once their hour has come, and run one job. True when there was something to do."""
    periodic = run_due_tasks(utcnow())
    report = deliver_due()
    if report.sent or report.retried or report.failed:
        log.info("outbox: %s sent, %s to retry, %s failed", report.sent, report.retried, report.failed)
    digests = send_digests(utcnow())
    db.session.commit()
    if digests:
        log.info("digests: %s queued", digests)
    job = run_next()
    return job is not None or bool(periodic or digests or report.sent or report.retried or report.failed)


def recover() -> None:
    """Leave the failed transaction, and the connection with it: the pool gives a fresh one next time."""
    try:
        db.session.rollback()
    except Exception:  # the connection may be gone; removing the session below is what counts
        log.debug("rollback after a worker error failed too", exc_info=True)
    db.session.remove()


def work(interval: float, once: bool = False, stop: threading.Event | None = None, backoff: float = 1.0) -> None:
    """Run rounds until ``stop`` is set (or one round, with ``once``). Needs an app context.

    An error in a round is logged (with its traceback the first time in a row) and the round is tried
    again after ``backoff`` seconds, doubled after every further failure that comes at once, up to a minute.
    """
    stop = stop or threading.Event()
    failures = 0
    while not stop.is_set():
        started = time.monotonic()
        try:
            busy = work_once()
        except Exception as error:
            if once:
                raise
            failures += 1
            delay = min(backoff * 2 ** (failures - 1), MAX_BACKOFF)
            if failures > 1 and time.monotonic() - started > delay:
                # The round worked for longer than it would now wait (it sent mail before it failed):
                # the fault is intermittent, not lasting, so waiting ever longer only delays mail.
                failures, delay = 1, backoff
            log.error("worker round failed (%s in a row): %s: %s; next try in %.1f s", failures,
                      type(error).__name__, str(error).splitlines()[0] if str(error) else "", delay,
                      exc_info=failures == 1)
            recover()
            stop.wait(delay)
            continue
        if failures:
            log.info("worker works again after %s failed rounds", failures)
            failures = 0
        if once:
            return
        if not busy:
            stop.wait(interval)


def supervise(command: list[str], env: dict[str, str], stop: threading.Event | None = None) -> None:
    """Run ``command`` (the worker) and start it again whenever it stops, after 1 s, doubled while it keeps
    dying within a minute of starting, up to a minute. SIGTERM, Ctrl+C or ``stop`` ends the supervisor
    and its child."""
    stop = stop or threading.Event()
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set()) if in_main_thread else None
    child: subprocess.Popen | None = None
    delay = 1.0
    try:
        while not stop.is_set():
            started = time.monotonic()
            child = subprocess.Popen(command, env=env)
            log.info("worker started (pid %s)", child.pid)
            while (code := child.poll()) is None and not stop.wait(0.2):
                pass
            if stop.is_set():
                break
            delay = 1.0 if time.monotonic() - started > MAX_BACKOFF else delay
            log.error("worker (pid %s) stopped with exit code %s; starting it again in %.0f s", child.pid, code, delay)
            stop.wait(delay)
            delay = min(delay * 2, MAX_BACKOFF)
    except KeyboardInterrupt:
        pass
    finally:
        if child is not None and child.poll() is None:
            child.terminate()
            child.wait(timeout=30)
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def worker_command(interval: float, app_import_path: str | None) -> tuple[list[str], dict[str, str]]:
    env = dict(os.environ)
    if app_import_path:
        env["FLASK_APP"] = app_import_path
    return [sys.executable, "-m", "flask", "worker", "--interval", str(interval)], env
