"""Public pages side by side with the bare route: requests per second and p95, one run.

    python -m bench.pages --database-url sqlite:///bench/out/bench-100k.sqlite [--seconds 10]

Starts consult and the bare route (bench/bare.py: the same bytes from memory) under the same gunicorn
settings (2 sync workers), then loads each page for ``--seconds`` on each server in turn from
``--connections`` client processes (a Python client: no wrk on this machine). Anonymous visitors, no
Accept-Encoding (as wrk sends), so both servers send the same uncompressed bytes.
"""
from __future__ import annotations

import argparse
import base64
import http.client
import json
import multiprocessing
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.generate import SLUG

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
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


def prepare(database_url: str) -> None:
    """Make the open data files as the worker would, before the servers start."""
    from consult import create_app
    from consult.consultations.models import Consultation
    from consult.exports import open_files
    from consult.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        consultation = db.session.scalar(db.select(Consultation).where(Consultation.slug == SLUG))
        open_files.build(consultation, open_files.public_version())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    prepare(args.database_url)
    gunicorn = [str(Path(sys.executable).parent / "gunicorn"), "-w", "2", "-k", "sync", "--log-level", "warning"]
    consult = start([*gunicorn, "-b", f"127.0.0.1:{CONSULT_PORT}", "wsgi:app"],
                    {"PYTHONPATH": str(ROOT), "DATABASE_URL": args.database_url, "CONSULT_ENV": "development", "LOG_LEVEL": "WARNING",
                     "BASE_URL": f"http://127.0.0.1:{CONSULT_PORT}", "RATELIMIT_ENABLED": "0"}, CONSULT_PORT)
    bare = None
    try:
        consultation = f"/consultaties/{SLUG}"
        listing = fetch(CONSULT_PORT, f"{consultation}/reacties")[1].decode()
        pages_text = re.search(r"(?:Pagina|Page) \d+ (?:van|of) ([\d.,]+)", listing)
        last = int(re.sub(r"\D", "", pages_text.group(1))) if pages_text else 1
        organisation = re.search(r'href="(/organisaties/[^"/]+)"', fetch(CONSULT_PORT, consultation)[1].decode())
        paths = {"home page": "/", "consultation page": consultation, "kennisgeving": f"{consultation}/kennisgeving",
                 "reactions list, page 1": f"{consultation}/reacties",
                 f"reactions list, last page ({last})": f"{consultation}/reacties?pagina={last}",
                 "open data JSON": f"{consultation}/open-data.json"}
        if organisation:
            paths["organisation page"] = organisation.group(1)
        pages = {}
        for path in paths.values():
            fetch(CONSULT_PORT, path)  # the first request may build a file or fill a cache
            status, body, content_type = fetch(CONSULT_PORT, path)
            assert status == 200, (path, status)
            pages[path] = (base64.b64encode(body).decode(), content_type)
        (OUT / "pages.json").write_text(json.dumps(pages))
        bare = start([*gunicorn, "-b", f"127.0.0.1:{BARE_PORT}", "bench.bare:app"],
                     {"PYTHONPATH": str(ROOT), "BARE_PAGES": str(OUT / "pages.json")}, BARE_PORT)
        print(f"| page {args.label}| size | bare req/s | consult req/s | ratio | bare p95 ms | consult p95 ms |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        with multiprocessing.Pool(args.connections) as pool:
            for name, path in paths.items():
                bare_rate, bare_p95 = measure(pool, BARE_PORT, path, args.seconds, args.connections)
                rate, p95 = measure(pool, CONSULT_PORT, path, args.seconds, args.connections)
                size = len(base64.b64decode(pages[path][0]))
                print(f"| {name} | {size / 1024:.0f} KB | {bare_rate:,.0f} | {rate:,.0f} | {rate / bare_rate:.2f} | "
                      f"{bare_p95:.1f} | {p95:.1f} |", flush=True)
    finally:
        for process in (consult, bare):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)


if __name__ == "__main__":
    main()
