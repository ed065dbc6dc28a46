"""Measure the pages that must stay fast: p50/p95 latency and queries per request.

    python -m bench.run [--database-url URL] [--repeat 30]

Requests go through the app in-process (Flask's test client), so the figures are the server's own
time without a network. Run `python -m bench.generate` first.
"""
from __future__ import annotations

import argparse
import re
import statistics
import time

from sqlalchemy import event

from bench.generate import OFFICIAL, PASSWORD, SLUG
from consult import create_app
from consult.extensions import db

QUEUE = f"/beheer/consultaties/{SLUG}/moderatie"
PAGES = {
    "queue (to moderate)": QUEUE,
    "queue: all statuses": f"{QUEUE}?status=all",
    "queue: section": f"{QUEUE}?status=all&section=opgavegericht-werken",
    "queue: code": f"{QUEUE}?status=all&code=1",
    "queue: channel": f"{QUEUE}?status=all&channel=letter",
    "queue: stakeholder": f"{QUEUE}?status=all&stakeholder=care_provider",
    "queue: organisation": f"{QUEUE}?status=all&organisation=Zorggroep+West",
    "queue: rare match": f"{QUEUE}?status=all&channel=letter&timing=late&stakeholder=welfare",
    "queue: late": f"{QUEUE}?status=all&timing=late",
    "queue: date range": f"{QUEUE}?status=all&date_from=2026-11-01&date_to=2026-11-10",
    "queue: not answered": f"{QUEUE}?status=all&answered=no",
    "queue: search": f"{QUEUE}?status=all&q=buurthuis",
    "queue: page 50, newest": f"{QUEUE}?status=all&sort=newest&pagina=50",
    "public consultation page": f"/consultaties/{SLUG}",
    "public reactions, page 10": f"/consultaties/{SLUG}/reacties?pagina=10",
}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    overrides = {"SQLALCHEMY_DATABASE_URI": args.database_url} if args.database_url else {}
    app = create_app({**overrides, "WTF_CSRF_ENABLED": False})
    queries = {"count": 0}
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *a, **k: queries.__setitem__("count", queries["count"] + 1))
        dialect = db.engine.dialect.name
    client = app.test_client()
    response = client.post("/inloggen", data={"email": OFFICIAL, "password": PASSWORD})
    assert response.status_code == 302, "log-in failed: run python -m bench.generate first"
    total = re.search(r"(\d[\d.]*) reacties?</h2>", client.get(f"{QUEUE}?status=all").text)
    print(f"database: {dialect}; reactions in the consultation: {total.group(1) if total else '?'}")
    print(f"{'page':32} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for name, url in PAGES.items():
        timings, counts = [], set()
        for _ in range(args.repeat):
            queries["count"] = 0
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            counts.add(queries["count"])
            assert response.status_code == 200, (url, response.status_code)
        print(f"{name:32} {statistics.median(timings):8.1f} {percentile(timings, 0.95):8.1f} {'/'.join(map(str, sorted(counts))):>8}")


if __name__ == "__main__":
    main()
