"""Reaction submissions per second on PostgreSQL, side by side with the bare stack (issue 15).

    python -m bench.submit --database-url postgresql+psycopg://postgres@127.0.0.1:5432/wt_perf_submit \
        [--seconds 60] [--clients 8] [--port 5105]

Drops and creates the database (never ``test``), migrates it and loads the demo data, then starts consult
under gunicorn (``--workers`` sync workers, 2 by default as in the issue's measurement; the shipped
``deploy/gunicorn.conf.py`` runs two per core; rate limits off, ``MINIMUM_FILL_SECONDS=0``) and ``--clients`` resident
processes. Each resident loads the reaction form once (its session cookie, CSRF token and start time)
and then sends reactions for ``--seconds``, each with a new submission key, as a kiosk would: the
figure is what a submission costs, the POST, not the form page. Afterwards it checks that every answered
submission is stored exactly once, with its own kenmerk and its confirmation mail in the outbox.

Then the bare stack (``bench/bare_submit.py``: a Flask app that does one INSERT per POST, on the same
gunicorn settings and the same database server) gets the same POSTs for the same time.
"""
from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import sqlalchemy as sa

from bench.loadfault import SLUG, FormFields

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
FORM_PATH = f"/consultaties/{SLUG}/reageren"
BARE_TABLE = ("CREATE TABLE IF NOT EXISTS bare_submissions (id serial PRIMARY KEY, submission_key text UNIQUE, "
              "body text, author_name text, author_email text)")
BODY = ("Ik vind het goed dat de gemeente de wijkteams dichter bij de inwoners brengt. Zorg wel dat de "
        "mantelzorgers een vast aanspreekpunt krijgen.")


def request(port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response, data


def resident(args) -> tuple[list[float], list[str]]:
    port, seconds, number, bare = args
    cookie, fields = "", {}
    if not bare:
        response, page = request(port, "GET", FORM_PATH)
        cookie = response.getheader("Set-Cookie").split(";")[0]
        form = FormFields(page.decode())
        fields = {name: form.inputs[name][0] for name in ("csrf_token", "started")}
    latencies, keys, end = [], [], time.perf_counter() + seconds
    while time.perf_counter() < end:
        key = secrets.token_urlsafe(24)
        data = urlencode({**fields, "submission_key": key, "website": "", "section": "", "quote": "", "body": BODY,
                          "author_name": f"Inwoner {number}", "author_email": f"inwoner{number}@example.org",
                          "author_place": "Vianen", "organisation_name": "", "organisation_kind": "",
                          "privacy": "y", "publication": "anonymous"}).encode()
        started = time.perf_counter()
        response, _ = request(port, "POST", FORM_PATH, data, {
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
        if response.status != 302:
            raise SystemExit(f"submission answered {response.status}")
        latencies.append(time.perf_counter() - started)
        keys.append(key)
    return latencies, keys


def load(port: int, seconds: float, clients: int, bare: bool) -> tuple[list[float], list[str]]:
    with multiprocessing.Pool(clients) as pool:
        results = pool.map(resident, [(port, seconds, number, bare) for number in range(clients)])
    return [x for part in results for x in part[0]], [x for part in results for x in part[1]]


def start(command: list[str], env: dict, port: int, name: str) -> subprocess.Popen:
    process = subprocess.Popen(command, env={**os.environ, **env}, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=open(OUT / f"submit-{name}.log", "w"))
    for _ in range(300):
        try:
            request(port, "GET", "/health")
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"{name} did not start; see {OUT}/submit-{name}.log")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=30)


def check(url: sa.URL, keys: list[str]) -> str:
    """Every answered submission stored once, with a kenmerk of its own and one confirmation in the outbox."""
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(sa.text(
            "SELECT r.submission_key, r.reference, r.author_email, r.id FROM reactions r "
            "WHERE r.submission_key IS NOT NULL")).all()
        mails = connection.execute(sa.text("SELECT recipient, count(*) FROM outbox_messages GROUP BY recipient")).all()
    engine.dispose()
    by_key = {}
    for key, reference, _email, _id in rows:
        by_key.setdefault(key, []).append(reference)
    missing = [key for key in keys if key not in by_key]
    twice = [key for key, references in by_key.items() if len(references) > 1]
    references = [reference for key, (reference, *_rest) in by_key.items()]
    outbox = sum(count for recipient, count in mails if recipient.startswith("inwoner"))
    problems = []
    if missing or twice or len(by_key) != len(keys):
        problems.append(f"{len(missing)} missing, {len(twice)} stored twice, {len(by_key)} rows for {len(keys)} answers")
    if len(set(references)) != len(references) or not all(references):
        problems.append("a kenmerk missing or shared")
    if outbox != len(keys):
        problems.append(f"{outbox} confirmation mails for {len(keys)} reactions")
    return "; ".join(problems) or (f"{len(keys)} reactions, each stored once with its own kenmerk; "
                                   f"{outbox} confirmation mails in the outbox")


def report(name: str, latencies: list[float], seconds: float) -> str:
    p95 = statistics.quantiles(latencies, n=20)[18] * 1000
    return f"| {name} | {len(latencies):,} | {len(latencies) / seconds:,.1f} | {statistics.median(latencies) * 1000:.1f} | {p95:.1f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--port", type=int, default=5105)
    parser.add_argument("--only", choices=["consult", "bare"], default=None)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers, for both stacks")
    args = parser.parse_args()
    url = sa.make_url(args.database_url)
    if url.database == "test":
        sys.exit("The database `test` belongs to the test suite; choose another one.")
    OUT.mkdir(exist_ok=True)
    env = {"PYTHONPATH": str(ROOT), "DATABASE_URL": args.database_url, "CONSULT_ENV": "development",
           "LOG_LEVEL": "WARNING", "RATELIMIT_ENABLED": "0", "MINIMUM_FILL_SECONDS": "0", "FLASK_APP": "wsgi.py",
           "BASE_URL": f"http://127.0.0.1:{args.port}", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": "1"}
    where = ["-h", url.host or "127.0.0.1", "-p", str(url.port or 5432), "-U", url.username or "postgres"]
    subprocess.run(["dropdb", "--if-exists", "--force", *where, url.database], check=True)
    subprocess.run(["createdb", *where, url.database], check=True)
    for command in (["db", "upgrade"], ["demo", "load"]):
        subprocess.run([sys.executable, "-m", "flask", *command], env={**os.environ, **env}, cwd=ROOT, check=True,
                       capture_output=True)
    gunicorn = [str(Path(sys.executable).parent / "gunicorn"), "-w", str(args.workers), "-k", "sync", "--log-level", "warning",
                "-b", f"127.0.0.1:{args.port}"]
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    print("| stack | submissions | per second | p50 ms | p95 ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    if args.only != "bare":
        server = start([*gunicorn, "wsgi:app"], env, args.port, "consult")
        try:
            latencies, keys = load(args.port, args.seconds, args.clients, bare=False)
        finally:
            stop(server)
        print(report(f"consult, {args.workers} workers", latencies, args.seconds), flush=True)
        print(f"load average after consult: {os.getloadavg()[0]:.1f}; check: {check(url, keys)}", flush=True)
    if args.only != "consult":
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            connection.execute(sa.text(BARE_TABLE))
        engine.dispose()
        server = start([*gunicorn, "bench.bare_submit:app"], {**env, "BARE_DATABASE_URL": args.database_url},
                       args.port, "bare")
        try:
            latencies, _keys = load(args.port, args.seconds, args.clients, bare=True)
        finally:
            stop(server)
        print(report(f"bare (one INSERT per POST), {args.workers} workers", latencies, args.seconds))
        print(f"load average after bare: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
