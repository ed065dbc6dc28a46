"""Public pages side by side with the bare route: requests per second and p95, one run.

    python -m bench.pages --database-url sqlite:///bench/out/bench-100k.sqlite [--seconds 10]

Starts consult and the bare route (bench/bare.py: the same bytes from memory) under the same gunicorn
settings (2 sync workers), then loads each page for ``--seconds`` on each server in turn from
``--connections`` client processes (a Python client: no wrk on this machine). Anonymous visitors, no
Accept-Encoding (as wrk sends), so both servers send the same uncompressed bytes.

The pages (``prepare``): home, consultation, kennisgeving, organisation page, the reactions list's first
page, a middle page reached by its "next page" link and the last page, the busiest section's reactions,
the reactienota, open data JSON's first and middle page, the werkatelier page and the actieprogramma's
overview, programme, theme, municipality, action and progress pages; and the whole open data JSON and
CSV, downloads the size of the data (``DOWNLOAD`` in their name). ``python -m bench.generate`` seeds them all.
"""
from __future__ import annotations

import argparse
import base64
import http.client
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.generate import SLUG

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
# Marks a download, not a page: a file the size of the data takes its transfer time, on the bare route too.
DOWNLOAD = "(download)"
CONSULT_PORT, BARE_PORT = int(os.environ.get("BENCH_PORT", "8011")), int(os.environ.get("BENCH_PORT", "8011")) + 1


def fetch(port: int, path: str) -> tuple[int, bytes, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body, response.getheader("Content-Type") or ""


def load(args) -> list[float]:
    port, path, seconds = args
    latencies, end = [], time.perf_counter() + seconds
    while time.perf_counter() < end:
        started = time.perf_counter()
        status, _body, _type = fetch(port, path)
        if status != 200:
            raise SystemExit(f"{path}: {status}")
        latencies.append(time.perf_counter() - started)
    return latencies


def measure(pool, port: int, path: str, seconds: float, connections: int) -> tuple[float, float]:
    results = pool.map(load, [(port, path, seconds)] * connections)
    latencies = [x for part in results for x in part]
    return len(latencies) / seconds, statistics.quantiles(latencies, n=20)[18] * 1000


def start(command: list[str], env: dict, port: int) -> subprocess.Popen:
    process = subprocess.Popen(command, env={**os.environ, **env}, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=open(OUT / f"server-{port}.log", "w"))
    for _ in range(300):
        try:
            fetch(port, "/health" if port == CONSULT_PORT else "/")
            return process
        except (OSError, KeyError):
            time.sleep(0.2)
        except Exception:  # noqa: BLE001 (the bare app answers 500 to an unknown path: it is up)
            return process
    process.kill()
    raise SystemExit(f"server on {port} did not start; see {OUT}/server-{port}.log")


def prepare(database_url: str) -> dict[str, str]:
    """Make the open data files as the worker would, before the servers start; return name → path of
    every public page to measure (bench.generate seeded the consultation, its reactienota, the
    werkatelier and the actieprogramma)."""
    import math

    import sqlalchemy as sa

    from bench import actions, workshops
    from consult import create_app
    from consult.actions.models import Action
    from consult.consultations.models import Consultation, SectionCount
    from consult.core.db import utcnow
    from consult.documents.models import Document, DocumentKind, Theme
    from consult.exports import open_files
    from consult.extensions import db
    from consult.organisations.models import Organisation
    from consult.reactions.models import Reaction
    from consult.reactions.queries import PAGE_SIZE, published_condition
    from consult.reports.parts import ENTRIES_PER_PAGE, in_parts
    from consult.reports.services import published_version

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        consultation = db.session.scalar(sa.select(Consultation).where(Consultation.slug == SLUG))
        open_files.build(consultation, open_files.public_version())
        base = f"/consultaties/{SLUG}"
        total = consultation.published_reaction_count
        last, middle = max(1, math.ceil(total / PAGE_SIZE)), max(2, math.ceil(total / PAGE_SIZE) // 2)
        # the reaction just above the middle page: what page middle-1's "next page" link names
        above = db.session.scalar(
            sa.select(Reaction.id).where(Reaction.consultation_id == consultation.id, published_condition())
            .order_by(Reaction.submitted_at.desc(), Reaction.id.desc()).offset((middle - 1) * PAGE_SIZE - 1).limit(1))
        busiest = db.session.scalar(sa.select(SectionCount.section_id).where(SectionCount.consultation_id == consultation.id)
                                    .order_by(SectionCount.published_reaction_count.desc()).limit(1))
        section = next((s for s in consultation.document_version.sections if s.id == busiest), None)
        paths = {"home page": "/", "consultation page": base, "kennisgeving": f"{base}/kennisgeving",
                 "organisation page": f"/organisaties/{consultation.organisation.slug}",
                 "reactions list, page 1": f"{base}/reacties",
                 "reactions list, middle page by its link": f"{base}/reacties?pagina={middle}&na={above}",
                 "reactions list, last page": f"{base}/reacties?pagina={last}"}
        if section is not None:
            paths["section page (its reactions)"] = f"{base}/reacties?sectie={section.anchor}"
        paths |= {"reactienota": f"{base}/reactienota"}
        # the reactienota in parts: the middle page of its biggest part (a page of ENTRIES_PER_PAGE groups)
        version = published_version(consultation, utcnow())  # freezes it, as the page's first visitor would
        db.session.commit()
        if version is not None and in_parts(version.outline):
            sizes = [part["entries"] for part in version.outline["parts"]]
            biggest = sizes.index(max(sizes)) + 1
            page = max(1, math.ceil(max(sizes) / ENTRIES_PER_PAGE) // 2)
            paths["reactienota, middle page of its biggest part"] = f"{base}/reactienota/deel-{biggest}?pagina={page}"
        made = open_files.newest(consultation, "json").path
        open_pages = len(list(open_files.page_file(made, 1).parent.glob("*.json")))
        paths |= {"open data JSON, page 1": f"{base}/open-data/1.json",
                  "open data JSON, middle page": f"{base}/open-data/{max(1, open_pages // 2)}.json",
                  f"open data JSON, whole file {DOWNLOAD}": f"{base}/open-data.json",
                  f"open data CSV, whole file {DOWNLOAD}": f"{base}/open-data.csv",
                  "werkatelier page": f"/werkateliers/{workshops.SLUG}"}
        region = db.session.scalar(sa.select(Organisation).where(Organisation.slug == f"{actions.PREFIX}-regio"))
        programme = region and db.session.scalar(sa.select(Document.id).where(
            Document.organisation_id == region.id, Document.kind == DocumentKind.ACTION_PROGRAMME))
        if programme:
            theme = db.session.scalar(sa.select(Theme.id).where(Theme.organisation_id == region.id).order_by(Theme.position).limit(1))
            action = db.session.scalar(sa.select(Action.id).where(Action.programme_id == programme).order_by(Action.id).limit(1))
            member = db.session.scalar(sa.select(Organisation.slug).where(Organisation.region_id == region.id)
                                       .order_by(Organisation.slug).limit(1))
            paths |= {"actieprogramma overview": "/actieprogrammas", "actieprogramma per theme": f"/actieprogrammas/{programme}",
                      "actieprogramma theme page": f"/actieprogrammas/{programme}/themas/{theme}",
                      "actieprogramma per municipality": f"/actieprogrammas/{programme}/gemeenten/{member}",
                      "an action": f"/acties/{action}", "progress view": f"/actieprogrammas/{programme}/voortgang"}
    return paths


def run(database_url: str, seconds: float, connections: int, label: str = "") -> list[dict]:
    """Measure every public page on consult and on the bare route; print the markdown table as it goes and
    return its rows (name, path, size in bytes, req/s and p95 of both, ratio)."""
    OUT.mkdir(exist_ok=True)
    paths = prepare(database_url)
    gunicorn = [str(Path(sys.executable).parent / "gunicorn"), "-w", "2", "-k", "sync", "--log-level", "warning"]
    consult = start([*gunicorn, "-b", f"127.0.0.1:{CONSULT_PORT}", "wsgi:app"],
                    {"PYTHONPATH": str(ROOT), "DATABASE_URL": database_url, "CONSULT_ENV": "development", "LOG_LEVEL": "WARNING",
                     "BASE_URL": f"http://127.0.0.1:{CONSULT_PORT}", "RATELIMIT_ENABLED": "0"}, CONSULT_PORT)
    bare, rows = None, []
    try:
        pages = {}
        for name, path in paths.items():
            fetch(CONSULT_PORT, path)  # the first request may build a file or fill a cache
            status, body, content_type = fetch(CONSULT_PORT, path)
            assert status == 200, (name, path, status)
            pages[path] = (base64.b64encode(body).decode(), content_type)
        (OUT / "pages.json").write_text(json.dumps(pages))
        bare = start([*gunicorn, "-b", f"127.0.0.1:{BARE_PORT}", "bench.bare:app"],
                     {"PYTHONPATH": str(ROOT), "BARE_PAGES": str(OUT / "pages.json")}, BARE_PORT)
        print(f"| page {label}| size | bare req/s | consult req/s | ratio | bare p95 ms | consult p95 ms |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        with multiprocessing.Pool(connections) as pool:
            for name, path in paths.items():
                bare_rate, bare_p95 = measure(pool, BARE_PORT, path, seconds, connections)
                rate, p95 = measure(pool, CONSULT_PORT, path, seconds, connections)
                size = len(base64.b64decode(pages[path][0]))
                rows.append({"name": name, "path": path, "size": size, "bare": bare_rate, "consult": rate,
                             "ratio": rate / bare_rate, "bare_p95": bare_p95, "p95": p95})
                print(f"| {name} | {size / 1024:,.0f} KB | {bare_rate:,.0f} | {rate:,.0f} | {rate / bare_rate:.2f} | "
                      f"{bare_p95:.1f} | {p95:.1f} |", flush=True)
    finally:
        for process in (consult, bare):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    run(args.database_url, args.seconds, args.connections, args.label)


if __name__ == "__main__":
    main()
