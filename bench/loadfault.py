"""Load and faults: many residents react while officials moderate and the SMTP server goes down.

    python -m bench.loadfault [--residents 200] [--reactions 3] [--officials 3] [--workers 4]
                              [--smtp-down-after 10] [--smtp-down-seconds 30] [--mail-workers 1]
                              [--kill-worker-at 100,300] [--drop-db-every 20] [--claim-seconds 20]

The app runs under gunicorn on a fresh PostgreSQL database (dropped and created again, then migrated and
loaded with the demo data) and delivers mail through `flask worker` to an SMTP server inside this script.
Residents react on the open Vijfheerenlanden consultation (some click "send" twice at once), wait for
the confirmation mail and follow its link (some twice at once); officials bulk-approve the queue. The
SMTP server is stopped for a while and started again on the same port. The mail worker runs under its
supervisor (`flask worker --supervise`, as `make run` does); while it sends it is killed with SIGKILL
(mid-batch: when the SMTP server has received so many mails), and every few seconds its database
connections are ended with pg_terminate_backend. At the end the script waits
until the outbox is empty, then checks: no 500 and every response as expected; every accepted reaction
in the database exactly once and confirmed; every outbox message received exactly once (a mail the
killed worker was handing over is left unconfirmed, not sent again, and must have arrived); one
confirmation and one receipt per reaction; the stored counters equal the rows; the worker came back after
every kill. Exits 1 when a check fails.
Logs go to bench/out/loadfault/.
"""
from __future__ import annotations

import argparse
import email
import email.policy
import logging
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path

import sqlalchemy as sa
from aiosmtpd.controller import Controller

from bench.generate import NAMES, sentences
from bench.run import percentile
from consult import create_app
from consult.consultations.models import Consultation
from consult.extensions import db
from consult.mail.models import OutboxMessage, OutboxStatus
from consult.reactions.counters import counter_mismatches
from consult.reactions.models import Publication, Reaction, ReactionStatus

ROOT = Path(__file__).resolve().parents[1]
LOG_DIR = ROOT / "bench" / "out" / "loadfault"
SLUG = "sociaal-maatschappelijke-agenda"
FORM_PATH = f"/consultaties/{SLUG}/reageren"
SENT_PATH = f"/consultaties/{SLUG}/reactie-verstuurd"
QUEUE_PATH = f"/beheer/consultaties/{SLUG}/moderatie"
BULK_PATH = f"/beheer/consultaties/{SLUG}/selectie"
OFFICIAL = ("ambtenaar@vijfheerenlanden.example.org", "consult-demo-2026")
RESIDENT_DOMAIN = "loadfault.example.org"
PLACES = ("Vianen", "Leerdam", "Zijderveld", "Everdingen", "Hagestein", "Meerkerk", "Ameide", "Lexmond")
REFERENCE = re.compile(r"\bSMA-\d{4}-\d{4,}\b")
CONFIRM_LINK = re.compile(r"https?://\S+/reacties/bevestigen/\S+")
OUTBOX_ID = re.compile(r"<outbox-(\d+)\.")
WORKER_APPLICATION = "consult-worker"  # the mail worker's PostgreSQL application_name, to end its connections
# What each kind of request must answer; anything else counts as a failure.
EXPECTED = {
    "log-in form": 200, "log-in": 302, "queue": 200, "bulk approve": 302,
    "reaction form": 200, "submit": 302, "submit, double click": 302, "sent page": 200,
    "confirm": 302, "confirm, double click": 302, "manage page": 200,
}
# A resident pauses up to this long before sending, so requests do not arrive in lockstep.
THINK_SECONDS = 1.0


# --- HTTP ------------------------------------------------------------------------------------------


@dataclass
class Response:
    status: int  # 0: no answer (connection refused, reset, timed out)
    location: str = ""
    text: str = ""


class Stats:
    """Every request's kind, status and wall-clock time as the client saw it (queueing included)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.timings: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[str, Counter] = defaultdict(Counter)

    def record(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.timings[kind].append(seconds)
            self.statuses[kind][status] += 1

    def unexpected(self) -> dict[str, dict[int, int]]:
        return {kind: {s: n for s, n in counts.items() if s != EXPECTED[kind]}
                for kind, counts in self.statuses.items() if set(counts) - {EXPECTED[kind]}}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # Each hop is its own request with its own kind and timing, so the client follows redirects itself.
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """One browser: its own cookies (session, CSRF), no automatic redirects."""

    def __init__(self, base_url: str, stats: Stats):
        self.base_url, self.stats = base_url, stats
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect)

    def send(self, kind: str, target: str, data: dict | None = None) -> Response:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(urllib.parse.urljoin(self.base_url, target), data=body)
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=120) as answer:
                response = Response(answer.status, text=answer.read().decode())
        except urllib.error.HTTPError as answer:  # every non-2xx, redirects included
            response = Response(answer.code, answer.headers.get("Location", ""), answer.read().decode(errors="replace"))
        except OSError:
            response = Response(0)
        self.stats.record(kind, response.status, time.perf_counter() - started)
        return response


class FormFields(HTMLParser):
    """The values of a page's inputs and select options, by name."""

    def __init__(self, html: str):
        super().__init__()
        self.inputs: dict[str, list[str]] = defaultdict(list)
        self.options: dict[str, list[str]] = defaultdict(list)
        self._select = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name"):
            self.inputs[attrs["name"]].append(attrs.get("value") or "")
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select:
            self.options[self._select].append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None

    def first(self, name: str) -> str:
        return self.inputs[name][0] if self.inputs[name] else ""


def at_once(*calls):
    """Run the calls in parallel threads, as two clicks that reach the server together."""
    results = [None] * len(calls)

    def run(index):
        results[index] = calls[index]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


# --- SMTP ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mail:
    message_id: str
    recipient: str
    subject: str
    body: str

    @property
    def outbox_id(self) -> int | None:
        match = OUTBOX_ID.search(self.message_id)
        return int(match.group(1)) if match else None

    @property
    def reference(self) -> str | None:
        match = REFERENCE.search(self.body)
        return match.group(0) if match else None

    @property
    def confirm_link(self) -> str | None:
        match = CONFIRM_LINK.search(self.body)
        return match.group(0) if match else None


class Sink:
    """The SMTP server the worker delivers to (it is its own aiosmtpd handler): keeps every message,
    and can be stopped and started again on the same port."""

    def __init__(self, port: int):
        self.port = port
        self.mails: list[Mail] = []
        self.links: dict[str, str] = {}
        self.arrived = threading.Condition()
        self.controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        mail = Mail(str(parsed["Message-ID"]), ",".join(envelope.rcpt_tos), str(parsed["Subject"]), parsed.get_content())
        with self.arrived:
            self.mails.append(mail)
            if mail.confirm_link and mail.reference:
                self.links.setdefault(mail.reference, mail.confirm_link)
            self.arrived.notify_all()
        return "250 Message accepted for delivery"

    def start(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

    def confirm_link(self, reference: str, timeout: float) -> str | None:
        with self.arrived:
            self.arrived.wait_for(lambda: reference in self.links, timeout)
            return self.links.get(reference)


# --- the run ---------------------------------------------------------------------------------------


@dataclass
class Run:
    args: argparse.Namespace
    base_url: str
    sink: Sink
    stats: Stats = field(default_factory=Stats)
    pool: list[str] = field(default_factory=sentences)
    lock: threading.Lock = field(default_factory=threading.Lock)
    accepted: dict[str, str] = field(default_factory=dict)  # submission key -> reference shown to the resident
    submissions: Counter = field(default_factory=Counter)  # resident e-mail -> submissions made
    double_clicks: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    residents_done: threading.Event = field(default_factory=threading.Event)
    smtp_down_seconds: float = 0.0
    kills: list[int] = field(default_factory=list)  # pids of worker processes killed
    db_drops: Counter = field(default_factory=Counter)  # "rounds", "connections" ended

    def problem(self, text: str) -> None:
        with self.lock:
            self.problems.append(text)

    def double_click(self, what: str, rng: random.Random) -> bool:
        """Whether this send or confirmation is clicked twice (counted when it is)."""
        if rng.random() >= self.args.double_click:
            return False
        with self.lock:
            self.double_clicks[what] += 1
        return True


def resident(run: Run, number: int) -> None:
    """React a few times, then confirm each reaction by the link in its mail (later, if mail is down)."""
    rng = random.Random(number)
    client = Client(run.base_url, run.stats)
    person = (f"{rng.choice('ABCDEFGHJKLMNPRSTVW')}. {rng.choice(NAMES)}", f"inwoner{number}@{RESIDENT_DOMAIN}")
    references = [ref for _ in range(run.args.reactions) if (ref := react(run, client, rng, person))]
    for reference in references:
        link = run.sink.confirm_link(reference, run.args.drain_timeout)
        if link is None:
            run.problem(f"no confirmation mail for {reference}")
        else:
            confirm(run, client, rng, link)


def react(run: Run, client: Client, rng: random.Random, person: tuple[str, str]) -> str | None:
    time.sleep(rng.uniform(0, THINK_SECONDS))
    form = client.send("reaction form", FORM_PATH)
    if form.status != 200:
        return None
    fields = FormFields(form.text)
    name, address = person
    data = {
        "csrf_token": fields.first("csrf_token"), "submission_key": fields.first("submission_key"),
        "started": fields.first("started"), "website": "", "section": rng.choice(fields.options["section"]),
        "quote": "", "body": " ".join(rng.choice(run.pool) for _ in range(rng.randint(2, 6))),
        "author_name": name, "author_email": address, "author_place": rng.choice(PLACES),
        "organisation_name": "", "organisation_kind": "", "privacy": "y",
        "publication": rng.choice([p.value for p in Publication]),
    }
    with run.lock:
        run.submissions[address] += 1
    if run.double_click("submit", rng):
        answers = at_once(*[lambda: client.send("submit, double click", FORM_PATH, data)] * 2)
    else:
        answers = [client.send("submit", FORM_PATH, data)]
    if any(answer.status != 302 for answer in answers):
        return None
    match = REFERENCE.search(client.send("sent page", SENT_PATH).text)
    if match is None:
        return None
    with run.lock:
        run.accepted[data["submission_key"]] = match.group(0)
    return match.group(0)


def confirm(run: Run, client: Client, rng: random.Random, link: str) -> None:
    if run.double_click("confirm", rng):
        answer = at_once(*[lambda: client.send("confirm, double click", link)] * 2)[0]
    else:
        answer = client.send("confirm", link)
    if answer.status == 302:
        client.send("manage page", answer.location)


def official(run: Run, number: int) -> None:
    """Log in, then approve the queue in bulk, page after page, until the residents are done and it is
    empty, or holds only reactions that bulk approval leaves for a decision one by one (a possible
    personal detail in the text, as a real official would decide on each)."""
    client = Client(run.base_url, run.stats)
    fields = FormFields(client.send("log-in form", "/inloggen").text)
    email_address, password = OFFICIAL
    if client.send("log-in", "/inloggen", {"csrf_token": fields.first("csrf_token"), "email": email_address,
                                           "password": password}).status != 302:
        run.problem(f"official {number} could not log in")
        return
    left_alone: list[str] = []
    while True:
        residents_done = run.residents_done.is_set()  # read before the queue, so a last confirmation is seen
        page = FormFields(client.send("queue", QUEUE_PATH).text)
        shown = page.inputs["reaction"]
        if shown and shown != left_alone:
            client.send("bulk approve", BULK_PATH, {"csrf_token": page.first("csrf_token"), "action": "approve",
                                                    "reason": page.options["reason"][0], "reaction": shown})
            left_alone = shown
        elif residents_done:
            return
        else:
            time.sleep(0.5)
            left_alone = []  # new reactions may have joined the page: try again


def smtp_outage(run: Run) -> None:
    time.sleep(run.args.smtp_down_after)
    run.sink.stop()
    down_at = time.perf_counter()
    print(f"SMTP server stopped for {run.args.smtp_down_seconds} s", flush=True)
    time.sleep(run.args.smtp_down_seconds)
    run.sink.start()
    run.smtp_down_seconds = time.perf_counter() - down_at
    print(f"SMTP server started again after {run.smtp_down_seconds:.1f} s", flush=True)


WORKER_STARTED = re.compile(r"worker started \(pid (\d+)\)")


def worker_pids(number: int = 0) -> list[int]:
    """The worker processes the supervisor started, in order (from its log)."""
    return [int(pid) for pid in WORKER_STARTED.findall((LOG_DIR / f"worker-{number}.log").read_text())]


def kill_worker(run: Run) -> None:
    """SIGKILL the running worker when the SMTP server has received so many mails: it is then mid-batch."""
    for count in run.args.kill_worker_at:
        with run.sink.arrived:
            if not run.sink.arrived.wait_for(lambda: len(run.sink.mails) >= count or run.residents_done.is_set(),
                                             run.args.drain_timeout):
                return
        if len(run.sink.mails) < count:
            return
        pid = worker_pids()[-1]
        os.kill(pid, signal.SIGKILL)
        run.kills.append(pid)
        print(f"worker {pid} killed (SIGKILL) after {len(run.sink.mails)} mails received", flush=True)


def drop_worker_connections(run: Run, app) -> None:
    """End the worker's database connections every few seconds, as a database restart or failover would."""
    if not run.args.drop_db_every:
        return
    with app.app_context():
        while not run.residents_done.wait(run.args.drop_db_every):
            ended = db.session.scalar(sa.text(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND application_name = :name"), {"name": WORKER_APPLICATION})
            db.session.commit()
            run.db_drops["rounds"] += 1
            run.db_drops["connections"] += ended


def load(run: Run, app) -> None:
    """Residents, officials, the outage and the worker faults at the same time; returns when residents and
    officials are done."""
    outage = threading.Thread(target=smtp_outage, args=(run,))
    outage.start()
    faults = [threading.Thread(target=kill_worker, args=(run,), daemon=True),
              threading.Thread(target=drop_worker_connections, args=(run, app), daemon=True)]
    for fault in faults:
        fault.start()
    with ThreadPoolExecutor(run.args.officials, thread_name_prefix="official") as officials:
        moderating = [officials.submit(official, run, n) for n in range(run.args.officials)]
        with ThreadPoolExecutor(run.args.residents, thread_name_prefix="resident") as residents:
            reacting = [residents.submit(resident, run, n) for n in range(run.args.residents)]
        run.residents_done.set()
    outage.join()
    with run.sink.arrived:
        run.sink.arrived.notify_all()  # a kill still waiting for its mail count gives up
    for fault in faults:
        fault.join(timeout=60)
    for future in reacting + moderating:
        if future.exception() is not None:
            run.problem(f"a client thread failed: {future.exception()!r}")


# --- servers ---------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def reset_database(url: sa.URL, env: dict) -> None:
    """A fresh database with the migrations and the demo data: PostgreSQL, or a SQLite file."""
    if url.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{url.database}{suffix}").unlink(missing_ok=True)
    else:
        if url.database == "test":
            sys.exit("The database `test` belongs to the test suite; choose another one.")
        where = ["-h", url.host or "127.0.0.1", "-p", str(url.port or 5432), "-U", url.username or "postgres"]
        subprocess.run(["dropdb", "--if-exists", "--force", *where, url.database], check=True)
        subprocess.run(["createdb", *where, url.database], check=True)
    with (LOG_DIR / "setup.log").open("w") as log:
        for command in (["db", "upgrade"], ["demo", "load"]):
            subprocess.run([sys.executable, "-m", "flask", *command], env=env, cwd=ROOT, check=True,
                           stdout=log, stderr=subprocess.STDOUT)


def start(name: str, command: list[str], env: dict) -> subprocess.Popen:
    log = (LOG_DIR / f"{name}.log").open("w")
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)


def start_servers(args: argparse.Namespace, port: int, env: dict) -> list[subprocess.Popen]:
    (LOG_DIR / "access.log").unlink(missing_ok=True)  # gunicorn appends; the checks read this run's lines only
    gunicorn = start("gunicorn", [
        sys.executable, "-m", "gunicorn", "--workers", str(args.workers), "--worker-class", "gthread",
        "--threads", str(args.threads), "--bind", f"127.0.0.1:{port}", "--access-logfile", str(LOG_DIR / "access.log"),
        "--access-logformat", "%(s)s %(m)s %(U)s %(D)s", "wsgi:app",
    ], env)
    url = sa.make_url(env["DATABASE_URL"]).update_query_dict({"application_name": WORKER_APPLICATION})
    worker_env = {**env, "DATABASE_URL": url.render_as_string(hide_password=False)}
    workers = [start(f"worker-{n}", [sys.executable, "-m", "flask", "worker", "--supervise", "--interval", "0.5"],
                     worker_env) for n in range(args.mail_workers)]
    # Generous: on a busy 2-core machine four gunicorn workers took over a minute to import the app.
    if not is_serving(f"http://127.0.0.1:{port}/", gunicorn, timeout=300):
        stop_servers([gunicorn, *workers])
        sys.exit(f"gunicorn did not start; see {LOG_DIR / 'gunicorn.log'}")
    return [gunicorn, *workers]


def is_serving(url: str, process: subprocess.Popen, timeout: float = 180) -> bool:
    """Whether the home page answers 200 within the timeout (an error page does not count)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            urllib.request.urlopen(url, timeout=5).close()
            return True
        except OSError:
            time.sleep(0.2)
    return False


def stop_servers(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


# --- database and checks ---------------------------------------------------------------------------


def outbox_by_status() -> Counter:
    counts = Counter({status: n for status, n in db.session.execute(
        sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status))})
    db.session.rollback()  # the next poll sees new commits
    return counts


def wait_for_empty_outbox(timeout: float) -> Counter:
    deadline = time.monotonic() + timeout
    while (counts := outbox_by_status())[OutboxStatus.QUEUED] and time.monotonic() < deadline:
        time.sleep(1)
    return counts


def check_reactions(run: Run, consultation: Consultation) -> list[tuple[str, bool, str]]:
    rows = db.session.execute(sa.select(Reaction.submission_key, Reaction.reference, Reaction.author_email,
                                        Reaction.status).where(Reaction.consultation_id == consultation.id,
                                                               Reaction.author_email.like(f"%@{RESIDENT_DOMAIN}"))).all()
    keys = Counter(row.submission_key for row in rows)
    stored = {row.submission_key: row.reference for row in rows}
    per_resident = Counter(row.author_email for row in rows)
    attempted = sum(run.submissions.values())
    wrong = [key for key, reference in run.accepted.items() if stored.get(key) != reference]
    unconfirmed = [row.reference for row in rows if row.status is ReactionStatus.UNCONFIRMED]
    return [
        ("every submission accepted", len(run.accepted) == attempted, f"{len(run.accepted)} of {attempted}"),
        ("accepted reactions in the database with their reference", not wrong, f"{len(wrong)} missing or different"),
        ("no reaction stored twice", max(keys.values(), default=1) == 1 and len(rows) == len(run.accepted),
         f"{len(rows)} rows for {len(run.accepted)} accepted"),
        ("rows per resident = submissions per resident", per_resident == run.submissions,
         f"{sum(per_resident.values())} rows, {attempted} submissions"),
        ("every accepted reaction confirmed", not unconfirmed, f"{len(unconfirmed)} unconfirmed"),
        ("stored counters equal the rows", not (mismatch := counter_mismatches(consultation)), "; ".join(mismatch)),
    ]


def check_mail(run: Run, outbox: Counter) -> list[tuple[str, bool, str]]:
    by_status = defaultdict(set)
    for outbox_id, status in db.session.execute(sa.select(OutboxMessage.id, OutboxMessage.status)):
        by_status[status].add(outbox_id)
    sent_ids, unconfirmed_ids = by_status[OutboxStatus.SENT], by_status[OutboxStatus.UNCONFIRMED]
    received = Counter(mail.outbox_id for mail in run.sink.mails)
    twice = {outbox_id: n for outbox_id, n in received.items() if n > 1}
    distinct = {mail.outbox_id: mail for mail in run.sink.mails}.values()
    confirmations = Counter(mail.reference for mail in distinct if mail.confirm_link)
    receipts = Counter(mail.reference for mail in distinct if not mail.confirm_link and mail.reference
                       and mail.reference in mail.subject)
    references = set(run.accepted.values())
    return [
        ("outbox empty (nothing queued, nothing failed)", not outbox[OutboxStatus.QUEUED] and not outbox[OutboxStatus.FAILED],
         f"{outbox[OutboxStatus.QUEUED]} queued, {outbox[OutboxStatus.FAILED]} failed"),
        ("every sent outbox message received", sent_ids <= set(received), f"{len(sent_ids - set(received))} missing"),
        # The worker commits a hand-over mark before it ends each message: one killed while the server
        # takes a message leaves it unconfirmed instead of sending it again. It must have arrived.
        ("every unconfirmed message (being handed over at a SIGKILL) received, not lost",
         unconfirmed_ids <= set(received),
         f"{len(unconfirmed_ids)} unconfirmed ({len(run.kills)} kills), {len(unconfirmed_ids - set(received))} missing"),
        ("no message received twice", not twice,
         f"{len(twice)} outbox messages received more than once ({len(run.kills)} kills): "
         + ", ".join(f"#{outbox_id} ×{n}" for outbox_id, n in sorted(twice.items()))[:300]),
        ("every received message is in the outbox as sent or unconfirmed", set(received) <= sent_ids | unconfirmed_ids,
         f"{len(set(received) - sent_ids - unconfirmed_ids)} not in the outbox as sent"),
        ("one confirmation mail per reaction", all(confirmations[ref] == 1 for ref in references),
         f"{sum(confirmations[ref] != 1 for ref in references)} reactions with another number"),
        ("one receipt per reaction", all(receipts[ref] == 1 for ref in references),
         f"{sum(receipts[ref] != 1 for ref in references)} reactions with another number: "
         + ", ".join(f"{ref} ×{receipts[ref]}" for ref in sorted(references) if receipts[ref] != 1)[:300]),
    ]


def check_worker(run: Run) -> list[tuple[str, bool, str]]:
    started = worker_pids()
    log_text = (LOG_DIR / "worker-0.log").read_text()
    return [
        ("the supervisor started the worker again after every kill", len(started) == 1 + len(run.kills)
         and all(pid in started[:-1] for pid in run.kills), f"{len(run.kills)} kills, {len(started)} starts"),
        ("the worker never stopped on a database error", "stopped with exit code 1" not in log_text,
         "a worker exited with an error"),
    ]


def check_requests(run: Run) -> list[tuple[str, bool, str]]:
    server_500 = sum(1 for line in (LOG_DIR / "access.log").read_text().splitlines() if line.startswith("500 "))
    tracebacks = (LOG_DIR / "gunicorn.log").read_text().count("Traceback")
    client_500 = sum(counts[500] for counts in run.stats.statuses.values())
    unexpected = run.stats.unexpected()
    return [
        ("no 500 (clients, gunicorn's access log and its error log)", not client_500 and not server_500 and not tracebacks,
         f"{client_500} seen by clients, {server_500} in the access log, {tracebacks} tracebacks in gunicorn.log"),
        ("every response as expected", not unexpected, str(unexpected)),
        ("no client problems", not run.problems, "; ".join(run.problems[:5])),
    ]


# --- report ----------------------------------------------------------------------------------------


def print_requests(stats: Stats) -> None:
    print(f"\n{'request':24} {'count':>6} {'p50 ms':>8} {'p95 ms':>8}  statuses")
    for kind in EXPECTED:
        timings = stats.timings.get(kind)
        if timings:
            statuses = ", ".join(f"{status}×{n}" for status, n in sorted(stats.statuses[kind].items()))
            print(f"{kind:24} {len(timings):6} {percentile(timings, 0.5) * 1000:8.0f} "
                  f"{percentile(timings, 0.95) * 1000:8.0f}  {statuses}")
    print(f"{'all':24} {sum(len(t) for t in stats.timings.values()):6}")


def print_figures(run: Run, outbox: Counter, times: dict[str, float]) -> None:
    attempts = db.session.execute(sa.select(sa.func.sum(OutboxMessage.attempts),
                                            sa.func.count().filter(OutboxMessage.attempts > 1))).one()
    print(f"\nreactions: {sum(run.submissions.values())} submitted by {len(run.submissions)} residents "
          f"({run.double_clicks['submit']} double clicks on send, {run.double_clicks['confirm']} on the "
          f"confirmation link), {len(run.accepted)} accepted")
    print(f"outbox: {sum(outbox.values())} messages ({', '.join(f'{s.value} {n}' for s, n in outbox.items())}), "
          f"{attempts[0]} delivery attempts, {attempts[1]} messages needed a retry; "
          f"the SMTP server received {len(run.sink.mails)}")
    worker_log = (LOG_DIR / "worker-0.log").read_text()
    twice = sorted(outbox_id for outbox_id, n in Counter(mail.outbox_id for mail in run.sink.mails).items() if n > 1)
    print(f"received twice: {len(twice)} outbox messages {twice} (a mail in flight at a SIGKILL is left unconfirmed, not sent again)")
    print(f"worker: killed {len(run.kills)} times mid-batch, started {len(worker_pids())} times; worker database "
          f"connections ended {run.db_drops['connections']} times in {run.db_drops['rounds']} rounds; "
          f"{worker_log.count('worker round failed')} worker rounds failed on it and were tried again")
    print(f"SMTP down {run.smtp_down_seconds:.1f} s; load {times['load']:.1f} s, waiting for the outbox "
          f"{times['drain']:.1f} s, total {times['total']:.1f} s (set-up included)")


def print_checks(checks: list[tuple[str, bool, str]]) -> bool:
    print()
    for name, ok, detail in checks:
        print(f"{'ok  ' if ok else 'FAIL'} {name}{'' if ok else f': {detail}'}")
    return all(ok for _, ok, _ in checks)


# --- main ------------------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--residents", type=int, default=200)
    parser.add_argument("--reactions", type=int, default=3, help="reactions per resident")
    parser.add_argument("--officials", type=int, default=3)
    parser.add_argument("--double-click", type=float, default=0.1, help="share of sends and confirmations clicked twice")
    parser.add_argument("--smtp-down-after", type=float, default=10, help="seconds into the load")
    parser.add_argument("--smtp-down-seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--mail-workers", type=int, default=1, help="`flask worker` processes")
    parser.add_argument("--drain-timeout", type=float, default=600, help="seconds to wait for mail")
    parser.add_argument("--kill-worker-at", type=lambda v: [int(n) for n in v.split(",") if n], default=[100, 300],
                        help="SIGKILL the mail worker when the SMTP server has received this many mails (comma-separated)")
    parser.add_argument("--drop-db-every", type=float, default=20,
                        help="seconds between ending the worker's database connections (0: never)")
    parser.add_argument("--claim-seconds", type=int, default=20,
                        help="MAIL_CLAIM_SECONDS: how long a killed worker's claimed mail waits")
    parser.add_argument("--database-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/loadfault")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    started = time.perf_counter()
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    port, sink = free_port(), Sink(free_port())
    env = {**os.environ, "FLASK_APP": "wsgi.py", "DATABASE_URL": args.database_url, "CONSULT_ENV": "development",
           "BASE_URL": f"http://127.0.0.1:{port}",  # the confirmation links in mail lead to this server
           "SECRET_KEY": secrets.token_hex(32), "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(sink.port),
           "RATELIMIT_ENABLED": "false", "MINIMUM_FILL_SECONDS": "0", "TWO_FACTOR": "false",
           "MAIL_CLAIM_SECONDS": str(args.claim_seconds)}
    reset_database(sa.make_url(args.database_url), env)
    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url})
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command at INFO
    sink.start()
    processes = start_servers(args, port, env)
    run = Run(args, f"http://127.0.0.1:{port}", sink)
    try:
        print(f"{args.residents} residents × {args.reactions} reactions, {args.officials} officials, "
              f"gunicorn {args.workers}×{args.threads} on :{port}, {args.mail_workers} mail worker(s); "
              f"{os.cpu_count()} cores", flush=True)
        load_started = time.perf_counter()
        load(run, app)
        drain_started = time.perf_counter()
        with app.app_context():
            outbox = wait_for_empty_outbox(args.drain_timeout)
        finished = time.perf_counter()
    finally:
        stop_servers(processes)
        sink.stop()
    times = {"load": drain_started - load_started, "drain": finished - drain_started, "total": finished - started}
    with app.app_context():
        consultation = db.session.scalar(sa.select(Consultation).where(Consultation.slug == SLUG))
        print_requests(run.stats)
        print_figures(run, outbox, times)
        ok = print_checks(check_requests(run) + check_reactions(run, consultation) + check_mail(run, outbox)
                          + check_worker(run))
    print(f"\nlogs: {LOG_DIR}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
