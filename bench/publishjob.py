"""Publishing the reactienota (issue 15): the official's publish request, and the background job that
does the work the request did before (freeze the nota, the audit event, a mail to everyone who reacted).

    python -m bench.publishjob --database-url sqlite:////abs/path/copy.sqlite [--seed 1000]

``--seed N`` first makes the database with N reactions (``bench.generate --no-extras``); otherwise it
takes one made by bench.generate. The database is changed: use a copy. The bench consultation's period
is closed first; a nota that is published already gets a new version (a note is given). Prints the
request's time and the job's time (the job runs ``publish_report`` as the request did before).
"""
from __future__ import annotations

import argparse
import re
import time
from datetime import timedelta

import flask_migrate
import sqlalchemy as sa

from bench.generate import OFFICIAL, PASSWORD, SLUG, seed
from consult import create_app
from consult.consultations.models import Consultation
from consult.core.db import utcnow
from consult.extensions import db
from consult.jobs.models import Job
from consult.jobs.services import run_next


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seed", type=int, default=0, help="make the database first, with this many reactions")
    args = parser.parse_args()
    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url, "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False, "REAUTH_MINUTES": 24 * 60})
    with app.app_context():
        flask_migrate.upgrade()
        if args.seed:
            seed(args.seed)
        consultation = db.session.scalar(sa.select(Consultation).where(Consultation.slug == SLUG))
        if consultation.closes_at > utcnow():
            consultation.closes_at = utcnow() - timedelta(days=1)
        reactions = consultation.reaction_count
        db.session.commit()
    client = app.test_client()
    response = client.post("/inloggen", data={"email": OFFICIAL, "password": PASSWORD})
    assert response.status_code == 302, "log-in failed"
    draft = client.get(f"/beheer/consultaties/{SLUG}/reactienota").text
    note = {"note": "Bench: een nieuwe versie."} if "Publiceer als versie" in draft else {}
    started = time.perf_counter()
    response = client.post(f"/beheer/consultaties/{SLUG}/reactienota/publiceren", data=note)
    request_ms = (time.perf_counter() - started) * 1000
    assert response.status_code == 302, response.status_code
    with app.app_context():
        started = time.perf_counter()
        job = run_next()
        job_s = time.perf_counter() - started
        assert job is not None and job.kind == "report_publish", job
        job = db.session.get(Job, job.id)
        outcome = job.result if job.status.value == "done" else job.error[-500:]
        dialect = db.engine.dialect.name
    page = client.get(f"/beheer/consultaties/{SLUG}/reactienota").text
    shown = re.search(r"Versie \d+ van de reactienota is gepubliceerd\.[^<]*", page)
    print(f"{dialect}, {reactions:,} reactions: publish request {request_ms:.0f} ms; job {job_s:.1f} s ({outcome})")
    print(f"draft page after the job: {shown.group(0) if shown else 'no publication message'}")


if __name__ == "__main__":
    main()
