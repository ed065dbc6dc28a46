"""The reactienota's files, made in the background: the published versions' files (kept for good),
and the draft as DOCX, ODT and PDF for the officials (marked as a draft)."""
from __future__ import annotations

from consult.consultations.models import Consultation
from consult.core.db import utcnow
from consult.extensions import db
from consult.jobs import files
from consult.jobs.services import handler
from consult.reports.exports import draft_blocks, render_blocks
from consult.reports.services import build_draft, make_version_files

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
