"""A cold render of the public reactions list's pages (the page cache off), in-process: the first page,
a page from the middle reached by its "next page" link (keyset), the last page, and an old ``?pagina=N``
link to the middle (counted from the nearer end). p50/p95 wall clock, CPU p95 and queries per request.

    python -m bench.listpages --database-url sqlite:////abs/path/bench-100k.sqlite [--repeat 15]

Run ``python -m bench.generate`` first. The time of the middle and last pages against page 1 is the
figure the issue asks for (within 1.5×).
"""
from __future__ import annotations

import argparse
import math

import sqlalchemy as sa

from bench.generate import SLUG
from bench.timing import log_in, time_pages
from consult import create_app
from consult.consultations.models import Consultation
from consult.extensions import db
from consult.reactions.models import Reaction
from consult.reactions.queries import PAGE_SIZE, published_condition


def pages(consultation: Consultation) -> dict[str, tuple[str, str]]:
    """name → (who, URL): the middle page's link names the reaction just above it, as page N-1's link does."""
    total = consultation.published_reaction_count
    last, middle = max(1, math.ceil(total / PAGE_SIZE)), max(1, math.ceil(total / PAGE_SIZE) // 2)
    above = db.session.scalar(
        sa.select(Reaction.id).where(Reaction.consultation_id == consultation.id, published_condition())
        .order_by(Reaction.submitted_at.desc(), Reaction.id.desc()).offset(max(0, (middle - 1) * PAGE_SIZE - 1)).limit(1))
    base = f"/consultaties/{consultation.slug}/reacties"
    return {"page 1": ("public", base),
            f"page {middle} by its link (keyset)": ("public", f"{base}?pagina={middle}&na={above}"),
            f"last page {last}": ("public", f"{base}?pagina={last}"),
            f"page {middle} by an old ?pagina= link": ("public", f"{base}?pagina={middle}")}


def measure(database_url: str, repeat: int) -> tuple[int, dict]:
    """(published reactions, name → ``bench.timing.Timing``) with the page cache off."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "PAGE_CACHE_ENABLED": False, "RATELIMIT_ENABLED": False})
    with app.app_context():
        consultation = db.session.scalar(sa.select(Consultation).where(Consultation.slug == SLUG))
        urls, total = pages(consultation), consultation.published_reaction_count
        db.session.remove()
    return total, time_pages(app, log_in(app, {"public": None}), urls, repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    total, timings = measure(args.database_url, args.repeat)
    first = timings["page 1"].p50
    print(f"published reactions: {total:,}; page cache off")
    print(f"{'page':40} {'p50 ms':>8} {'p95 ms':>8} {'CPU p95':>8} {'queries':>8} {'× page 1':>9}")
    for name, timing in timings.items():
        print(f"{name:40} {timing.p50:8.1f} {timing.p95:8.1f} {timing.cpu95:8.1f} {timing.query_text:>8} {timing.p50 / first:9.2f}")


if __name__ == "__main__":
    main()
