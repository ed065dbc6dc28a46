"""The workbench queue with several officials at once, over HTTP under gunicorn (issue 15: 5 officials on
100,000 reactions, p95 under 150 ms on PostgreSQL).

    python -m bench.queue --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_queue \
        [--officials 5] [--seconds 30] [--port 5107]

Run ``python -m bench.generate --reactions 100000 --no-extras --database-url URL`` first. Makes
``--officials`` accounts of the bench municipality (bench.queue.ambtenaar<n>@example.org) when missing,
starts consult under gunicorn (2 sync workers, rate limits off, the log-in throttle off), and lets each
official log in through the form (its CSRF token) and then go round the queue's views of bench.run
(to moderate, all statuses, every filter, search, page 50) for ``--seconds``. Prints one markdown row:
requests, requests per second, p50 and p95 in ms over all officials' requests.

``--think`` is the time an official takes between two pages (seconds, each pause drawn between half and
one and a half times it, so the officials do not click in step). A person reads a queue page before the
next click, so the default is 1 s, faster than anyone works; ``--think 0`` sends every request back to
back, which measures how many requests the two workers can take rather than how long an official waits.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import sqlalchemy as sa

from bench.generate import PASSWORD
from bench.loadfault import FormFields
from bench.run import PAGES

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
QUEUE_PAGES = [url for name, url in PAGES.items() if name.startswith("queue")]


def officials(database_url: str, count: int) -> list[str]:
    """The e-mail addresses of ``count`` officials of the bench municipality, made when missing."""
    from consult import create_app
    from consult.accounts.models import Membership, MembershipRole, User
    from consult.extensions import db
    from consult.organisations.models import Organisation

    emails = [f"bench.queue.ambtenaar{n}@example.org" for n in range(1, count + 1)]
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        municipality = db.session.scalar(sa.select(Organisation).where(Organisation.slug == "bench-gemeente"))
        if municipality is None:
            raise SystemExit("run python -m bench.generate first")
        for email in emails:
            if db.session.scalar(sa.select(User).where(User.email == email)) is None:
                user = User(email=email, name=email.split("@")[0])
                user.set_password(PASSWORD)
                user.memberships.append(Membership(organisation=municipality, role=MembershipRole.OFFICIAL))
                db.session.add(user)
        db.session.commit()
    return emails


def official(args) -> list[float]:
    """One official: log in through the form, each of the queue's views once unmeasured, then the views in
    turn for ``seconds``; the latencies in seconds."""
    port, email, seconds, think = args
    base = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    token = FormFields(opener.open(f"{base}/inloggen", timeout=60).read().decode()).first("csrf_token")
    opener.open(f"{base}/inloggen", urllib.parse.urlencode(
        {"csrf_token": token, "email": email, "password": PASSWORD}).encode(), timeout=60).read()
    for url in QUEUE_PAGES:  # unmeasured: a server that has run a while has compiled its templates
        opener.open(base + url, timeout=60).read()
    latencies, end, n = [], time.perf_counter() + seconds, 0
    while time.perf_counter() < end:
        url = QUEUE_PAGES[n % len(QUEUE_PAGES)]
        n += 1
        started = time.perf_counter()
        with opener.open(base + url, timeout=60) as response:
            response.read()
            if response.status != 200 or response.url.rstrip("/").endswith("/inloggen"):
                raise SystemExit(f"{url}: {response.status} {response.url}")
        latencies.append(time.perf_counter() - started)
        if think:
            time.sleep(random.uniform(0.5 * think, 1.5 * think))
    return latencies


def run(database_url: str, count: int, seconds: float, port: int, think: float = 1.0) -> dict:
    """Start consult, let ``count`` officials work for ``seconds``, pausing about ``think`` seconds between
    pages; the figures as a dict, the row printed."""
    OUT.mkdir(exist_ok=True)
    emails = officials(database_url, count)
    env = {"PYTHONPATH": str(ROOT), "DATABASE_URL": database_url, "CONSULT_ENV": "development", "LOG_LEVEL": os.environ.get("BENCH_LOG_LEVEL", "WARNING"),
           "RATELIMIT_ENABLED": "0", "BASE_URL": f"http://127.0.0.1:{port}"}
    command = [str(Path(sys.executable).parent / "gunicorn"), "-w", "2", "-k", "sync", "--log-level", "warning",
               "-b", f"127.0.0.1:{port}", "wsgi:app"]
    server = subprocess.Popen(command, env={**os.environ, **env}, cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=open(OUT / "queue-server.log", "w"))
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)
        with multiprocessing.Pool(count) as pool:
            results = pool.map(official, [(port, email, seconds, think) for email in emails])
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies = [x for part in results for x in part]
    found = {"officials": count, "think": think, "requests": len(latencies), "rate": len(latencies) / seconds,
             "p50": statistics.median(latencies) * 1000, "p95": statistics.quantiles(latencies, n=20)[18] * 1000}
    print(f"| {count} officials, {seconds:.0f} s, {think:g} s between pages | {found['requests']:,} | {found['rate']:,.1f} | "
          f"{found['p50']:.1f} | {found['p95']:.1f} |", flush=True)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--officials", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--port", type=int, default=5107)
    parser.add_argument("--think", type=float, default=1.0, help="seconds between an official's pages (0: back to back)")
    args = parser.parse_args()
    print("| run | requests | per second | p50 ms | p95 ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    run(args.database_url, args.officials, args.seconds, args.port, args.think)


if __name__ == "__main__":
    main()
