"""A first visit to the pages of a reactienota in parts (the page cache off), in-process: the opening
part, the first page of the first part, the middle and last page of the biggest part, and the search by
kenmerk (found: a 303 to its page; not found: the opening part with the message). p50/p95 wall clock,
CPU p95, queries per request and the size of the answer.

    python -m bench.notaparts --database-url sqlite:////abs/path/bench-100k.sqlite [--repeat 5]

Run ``python -m bench.generate`` first (it publishes the bench consultation's nota). Each request is a
first visit: with the page cache off nothing is kept between requests but the database's own cache.
"""
from __future__ import annotations

import argparse
import re
import statistics
import time

import sqlalchemy as sa
from sqlalchemy import event

from bench.generate import SLUG
from bench.run import percentile
from consult import create_app
from consult.consultations.models import Consultation
from consult.extensions import db
from consult.reactions.models import Reaction


def pages(app, consultation: Consultation) -> dict[str, str]:
    """name → URL, found by reading the opening part and each part's first page as a reader would."""
    client, base = app.test_client(), f"/consultaties/{consultation.slug}/reactienota"
    opening = client.get(base).get_data(as_text=True)
    parts = sorted(set(re.findall(rf'href="({re.escape(base)}/deel-\d+)"', opening)))
    assert parts, "the nota is not shown in parts"
    sizes = {}
    for link in parts:
        found = re.search(r"Pagina 1 van ([\d.,]+)", client.get(link).get_data(as_text=True))
        sizes[link] = int(re.sub(r"\D", "", found.group(1))) if found else 1
    biggest = max(sizes, key=sizes.get)
    middle, last = max(1, sizes[biggest] // 2), sizes[biggest]
    references = db.session.scalars(sa.select(Reaction.reference).where(
        Reaction.consultation_id == consultation.id, Reaction.is_counted).order_by(Reaction.id)).all()
    kenmerk = references[len(references) // 2]
    return {"opening part": base, "part 1, page 1": parts[0],
            f"biggest part, page {middle} of {last}": f"{biggest}?pagina={middle}",
            f"biggest part, last page {last}": f"{biggest}?pagina={last}",
            f"kenmerk {kenmerk} (found)": f"{base}/kenmerk?kenmerk={kenmerk.lower()}",
            "kenmerk not in the nota": f"{base}/kenmerk?kenmerk=NIET-0000"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url, "PAGE_CACHE_ENABLED": False,
                      "RATELIMIT_ENABLED": False})
    with app.app_context():
        consultation = db.session.scalar(sa.select(Consultation).where(Consultation.slug == SLUG))
        reactions = consultation.published_reaction_count
        urls = pages(app, consultation)
        db.session.remove()
        engine = db.engine
    queries = {"count": 0}

    def count(*_args, **_kwargs):
        queries["count"] += 1

    event.listen(engine, "before_cursor_execute", count)
    client = app.test_client()
    print(f"published reactions: {reactions:,}; page cache off; {args.repeat} runs per page")
    print(f"{'page':44} {'status':>6} {'size KB':>8} {'p50 ms':>8} {'p95 ms':>8} {'CPU p95':>8} {'queries':>8}")
    for name, url in urls.items():
        timings, cpu, counts = [], [], set()
        for _ in range(args.repeat):
            queries["count"] = 0
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            size = len(response.get_data())
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            counts.add(queries["count"])
            assert response.status_code in (200, 303), (url, response.status_code)
        print(f"{name:44} {response.status_code:>6} {size / 1024:8.0f} {statistics.median(timings):8.1f} "
              f"{percentile(timings, 0.95):8.1f} {percentile(cpu, 0.95):8.1f} {'/'.join(map(str, sorted(counts))):>8}")


if __name__ == "__main__":
    main()
