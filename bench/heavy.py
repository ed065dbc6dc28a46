"""Time the heavy workbench jobs on a consultation seeded by bench.generate.

    python -m bench.heavy [--database-url URL] [--skip-report]

Reports: the streamed CSV export with its peak Python memory, campaign grouping over the
consultation's reactions, the reactienota as DOCX, ODT and PDF, the archive dossier, and the purge of
the personal data (rolled back afterwards, so the data stays for the next run).
"""
from __future__ import annotations

import argparse
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from bench.generate import SLUG
from consult import create_app
from consult.coding.grouping import near_duplicate_groups
from consult.coding.topics import find_topics
from consult.consultations.models import Consultation
from consult.core.db import utcnow
from consult.exports.formats import csv_stream
from consult.exports.rows import official_header, official_rows
from consult.extensions import db
from consult.privacy.dossier import write_dossier
from consult.privacy.services import purge
from consult.reactions.models import Reaction
from consult.reports.builder import build_report
from consult.reports.exports import to_docx, to_odt, to_pdf


def timed(label: str, work):
    started = time.perf_counter()
    result = work()
    print(f"{label:40} {time.perf_counter() - started:8.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--skip-report", action="store_true", help="only the export")
    args = parser.parse_args()
    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url} if args.database_url else {})
    with app.test_request_context():
        consultation = db.session.scalar(sa.select(Consultation).where(Consultation.slug == SLUG))
        print(f"database: {db.engine.dialect.name}; reactions: {consultation.reaction_count}")
        tracemalloc.start()
        size = timed("CSV export, streamed", lambda: sum(len(chunk) for chunk in csv_stream(official_header(), official_rows(consultation))))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"{'':40} {size / 1e6:.1f} MB written, peak Python memory {peak / 1e6:.1f} MB")
        if args.skip_report:
            return
        texts = [(r.id, r.body) for r in db.session.execute(sa.select(Reaction.id, Reaction.body).where(Reaction.consultation_id == consultation.id))]
        groups = timed("campaign grouping", lambda: near_duplicate_groups(texts))
        print(f"{'':40} {len(groups)} groups, largest {max((len(g) for g in groups), default=0)} reactions")
        topics = timed("topics (TF-IDF, k-means)", lambda: find_topics(texts))
        print(f"{'':40} {len(topics)} topics")
        report = timed("reactienota: build from the data", lambda: build_report(consultation))
        for name, render in (("DOCX", to_docx), ("ODT", to_odt), ("PDF", to_pdf)):
            data = timed(f"reactienota: {name}", lambda render=render: render(report))
            print(f"{'':40} {len(data) / 1e6:.1f} MB")
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "dossier.zip"
            timed("dossier (zip with PDF, JSON, CSV)", lambda: write_dossier(consultation, target))
            print(f"{'':40} {target.stat().st_size / 1e6:.1f} MB")
        consultation.decided_at = utcnow() - timedelta(days=app.config["PERSONAL_DATA_RETENTION_DAYS"] + 1)
        purged = timed("purge of the personal data", lambda: purge(utcnow()))
        print(f"{'':40} {purged.total} reactions anonymised (rolled back)")
        db.session.rollback()


if __name__ == "__main__":
    main()
