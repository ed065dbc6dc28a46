"""The reactienota's publication and files, made in the background: a version is published (frozen and
mailed), its files are made (kept for good), and the draft as DOCX, ODT and PDF for the officials
(marked as a draft)."""
from __future__ import annotations

import logging

from consult.accounts.models import User
from consult.consultations.models import Consultation
from consult.core.db import utcnow, write_apart
from consult.extensions import db
from consult.jobs import files
from consult.jobs.models import JobStatus
from consult.jobs.services import enqueue, handler, stage
from consult.reports.exports import draft_blocks, render_blocks
from consult.reports.services import NotaChanged, build_draft, make_version_files, prepare_version, write_version

EXTENSIONS = ("docx", "odt", "pdf")
# Builds of one publication at most: a build is made again when what the nota is built from changed
# meanwhile (officials moderating during the publication); then the job fails and nothing is published.
BUILDS = 3
log = logging.getLogger(__name__)


def _make(extension: str):
    def make(job, progress) -> dict:
        consultation = db.session.get(Consultation, job.consultation_id)
        report, _summary = build_draft(consultation, stage(progress, 0, 50))
        data = render_blocks(draft_blocks(report, utcnow()), extension, consultation.title,
                             author=consultation.organisation.name)
        return {"file": files.save(data, extension), "extension": extension, "size": len(data)}

    return make


for _extension in EXTENSIONS:
    handler(f"report_{_extension}")(_make(_extension))


@handler("report_version_files")
def make_published_files(job, progress) -> dict:
    return {"made": make_version_files(db.session.get(Consultation, job.consultation_id), stage(progress, 0, 99))}


@handler("report_publish")
def publish(job, progress) -> dict:
    """Publish the draft as the next version with the note in the job's arguments, the official who
    asked for it as the actor (see publish_report), and queue the version's files.

    It runs in the background because a big consultation takes minutes, longer than a web request may.
    The long part, building the nota and rendering the mails (``prepare_version``), only reads, and
    reports its progress as it goes: on SQLite it holds no write lock, so residents react and officials
    save meanwhile. Then one short transaction writes it (``write_version``): an error leaves nothing
    published, and the job is marked done in that same transaction, so a worker that dies after the
    commit does not publish the version twice.

    Why the build is checked rather than read from one snapshot: a snapshot (PostgreSQL REPEATABLE
    READ, an SQLite read transaction) would publish a reaction as it was before an official hid or
    published it during the build, and on SQLite the worker's progress reports end its read
    transaction anyway (the report is written on the worker's own connection). So the build starts
    with a stamp of what the nota is built from (``nota_stamp``); the write compares it inside its
    transaction and, when anything changed, the nota is built again, at most BUILDS times.
    """
    note = (job.arguments or {}).get("note", "")
    for build in range(1, BUILDS + 1):
        progress(5)
        consultation = db.session.get(Consultation, job.consultation_id)
        prepared = prepare_version(consultation, utcnow(), note, stage(progress, 5, 85))
        progress(85)  # also renews the lease: on SQLite nothing renews it during the write

        def write(prepared=prepared) -> dict:
            consultation = db.session.get(Consultation, job.consultation_id)
            official = db.session.get(User, job.created_by_id) if job.created_by_id else None
            version, mailed = write_version(consultation, official, utcnow(), note, prepared, stage(progress, 85, 99))
            enqueue("report_version_files", consultation.id, official)  # the files are made once, in the background
            result = {"version": version.number, "mails": mailed}
            job.status, job.progress, job.result = JobStatus.DONE, 100, result
            return result

        try:
            return write_apart(write)
        except NotaChanged:
            log.info("job %s: the reactienota changed during build %s of %s", job.id, build, BUILDS)
    raise NotaChanged(f"the reactienota changed during each of {BUILDS} builds; nothing was published")
