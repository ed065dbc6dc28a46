"""The one start and timing loop of the page benchmarks (bench.actions, bench.rounds, bench.workshops): the
same arguments and app for each (``bench_parser``, ``bench_app``), then each page asked ``repeat`` times
through Flask's test client after one warm-up, with p50/p95 wall-clock time, p95 CPU time of this process,
and the number of queries each request ran.

The CPU column is the app's own work, which other load on the machine disturbs less; the database
server's time (PostgreSQL) is in the wall clock only.
"""
from __future__ import annotations

import argparse
import gc
import statistics
import time
from dataclasses import dataclass

from sqlalchemy import event

from bench.run import percentile
from consult import create_app
from consult.extensions import db


def bench_parser(description: str | None, repeat: int) -> argparse.ArgumentParser:
    """The arguments every page benchmark takes; each adds its own sizes. ``repeat``: the default number of
    times each page is asked."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--database-url", default=None, help="the database to fill and time (default: the app's own)")
    parser.add_argument("--repeat", type=int, default=repeat, help="how many times each page is asked")
    return parser


def bench_app(args: argparse.Namespace):
    """The app a benchmark times, on ``args.database_url`` when given: no CSRF (the bench logs in by POST), no
    password-again before exports (REAUTH_MINUTES: a day) and no rate limits (one address asks every page
    hundreds of times)."""
    overrides = {"SQLALCHEMY_DATABASE_URI": args.database_url} if args.database_url else {}
    return create_app({**overrides, "WTF_CSRF_ENABLED": False, "REAUTH_MINUTES": 24 * 60, "RATELIMIT_ENABLED": False})


@dataclass
class Timing:
    p50: float  # ms, wall clock
    p95: float  # ms, wall clock
    cpu95: float  # ms, this process
    queries: set[int]  # the query counts seen (one number when the page is steady)

    @property
    def query_text(self) -> str:
        return "/".join(map(str, sorted(self.queries)))


def log_in(app, who: dict[str, tuple[str, str] | None]) -> dict:
    """A test client per role: ``who`` maps a role to (e-mail, password), or None for the public."""
    clients = {}
    for role, credentials in who.items():
        clients[role] = app.test_client()
        if credentials is not None:
            email, password = credentials
            response = clients[role].post("/inloggen", data={"email": email, "password": password})
            assert response.status_code == 302, f"log-in of {email} failed"
    return clients


def time_pages(app, clients: dict, pages: dict[str, tuple[str, str]], repeat: int) -> dict[str, Timing]:
    """Per page name: its ``Timing``. ``pages`` maps a name to (role in ``clients``, URL); every answer
    must be 200, or the run stops with the URL."""
    gc.collect()  # the seed's objects go now, not in the middle of the first page measured
    with app.app_context():
        engine = db.engine
    queries = {"count": 0}

    def count(*_args, **_kwargs):
        queries["count"] += 1

    event.listen(engine, "before_cursor_execute", count)
    results = {}
    try:
        for name, (who, url) in pages.items():
            clients[who].get(url).get_data()  # warm up
            timings, cpu, counts = [], [], set()
            for _ in range(repeat):
                queries["count"] = 0
                started, started_cpu = time.perf_counter(), time.process_time()
                response = clients[who].get(url)
                response.get_data()
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
                counts.add(queries["count"])
                assert response.status_code == 200, (url, response.status_code)
            results[name] = Timing(statistics.median(timings), percentile(timings, 0.95), percentile(cpu, 0.95), counts)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return results


def report(small: dict[str, Timing], large: dict[str, Timing], small_label: str, width: int = 34) -> None:
    """Print the large run's figures beside the small run's query counts, and where the counts grew."""
    print(f"{'page':{width}} {'p50 ms':>8} {'p95 ms':>8} {'CPU p95':>8} {'queries':>8} {small_label:>8}")
    grew = []
    for name, timing in large.items():
        print(f"{name:{width}} {timing.p50:8.1f} {timing.p95:8.1f} {timing.cpu95:8.1f} {timing.query_text:>8} "
              f"{small[name].query_text:>8}")
        if timing.queries != small[name].queries:
            grew.append(name)
    print("queries differ on: " + ", ".join(grew) if grew else "every page ran the same number of queries at both sizes")
