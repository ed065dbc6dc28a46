"""The reactienota's publication and files, made in the background: a version is published (frozen and
mailed), its files are made (kept for good), and the draft as DOCX, ODT and PDF for the officials
(marked as a draft)."""
from __future__ import annotations

from consult.accounts.models import User
from consult.consultations.models import Consultation
from consult.core.db import utcnow, write_apart
from consult.extensions import db
from consult.jobs import files
from consult.jobs.models import JobStatus
from consult.jobs.services import enqueue, handler
from consult.reports.exports import draft_blocks, render_blocks
from consult.reports.services import build_draft, make_version_files, publish_report

EXTENSIONS = ("docx", "odt", "pdf")


def _make(extension: str):
    def make(job, progress) -> dict:
        consultation = db.session.get(Consultation, job.consultation_id)
        report, _summary = build_draft(consultation)
        progress(50)
        data = render_blocks(draft_blocks(report, utcnow()), extension, consultation.title,
                             author=consultation.organisation.name)
        return {"file": files.save(data, extension), "extension": extension, "size": len(data)}

    return make


for _extension in EXTENSIONS:
    handler(f"report_{_extension}")(_make(_extension))


@handler("report_version_files")
def make_published_files(job, progress) -> dict:
    return {"made": make_version_files(db.session.get(Consultation, job.consultation_id))}


@handler("report_publish")
def publish(job, progress) -> dict:
    """Publish the draft as the next version with the note in the job's arguments, the official who
    asked for it as the actor (see publish_report), and queue the version's files.

    It runs in the background because a big consultation takes minutes (100,000 reactions: 155 s), longer
    than a web request may. One transaction: an error leaves nothing published. The job is marked done in
    that same transaction, so a worker that dies after the commit does not publish the version twice.
    """
    progress(5)

    def write() -> dict:
        consultation = db.session.get(Consultation, job.consultation_id)
        official = db.session.get(User, job.created_by_id) if job.created_by_id else None
        version, mailed = publish_report(consultation, official, utcnow(), (job.arguments or {}).get("note", ""))
        enqueue("report_version_files", consultation.id, official)  # the files are made once, in the background
        result = {"version": version.number, "mails": mailed}
        job.status, job.progress, job.result = JobStatus.DONE, 100, result
        return result

    return write_apart(write)
