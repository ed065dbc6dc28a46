"""Work the worker does on the clock (reminders), besides mail and queued jobs.

Each task is registered with how often it runs and is called with the current time; it writes and
commits its own work and returns how much it did. The interval is kept per worker process: with two
workers a task may run twice as often, so every task must be idempotent by a claim in the data (see
``consult.rounds.reminders``), never by this timing.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass
class PeriodicTask:
    every: timedelta
    run: Callable[[datetime], int]
    last_started: float | None = None  # time.monotonic() of this process's last run


TASKS: dict[str, PeriodicTask] = {}


def periodic(name: str, every: timedelta):
    """Register ``function(now) -> int`` to run about once per ``every`` in each worker process."""

    def register(function):
        TASKS[name] = PeriodicTask(every, function)
        return function

    return register


def run_due_tasks(now: datetime) -> int:
    """Run every task whose interval has passed (all of them on a worker's first round). Returns the sum
    of what they did. A task's database error propagates to the worker loop, which rolls back and tries
    again; the task then runs again at the next round."""
    done = 0
    for task in TASKS.values():
        started = time.monotonic()
        if task.last_started is not None and started - task.last_started < task.every.total_seconds():
            continue
        done += task.run(now)
        task.last_started = started
    return done
