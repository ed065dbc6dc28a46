"""The reactienota of a big consultation, made in the background as DOCX, ODT and PDF."""
from __future__ import annotations

from consult.consultations.models import Consultation
from consult.extensions import db
from consult.jobs import files
from consult.jobs.services import handler
from consult.reports.builder import build_report
from consult.reports.exports import to_docx, to_odt, to_pdf

RENDERERS = {"docx": to_docx, "odt": to_odt, "pdf": to_pdf}


def _make(extension: str):
    def make(job, progress) -> dict:
        report = build_report(db.session.get(Consultation, job.consultation_id))
        progress(50)
        data = RENDERERS[extension](report)
        return {"file": files.save(data, extension), "extension": extension, "size": len(data)}

    return make


for _extension in RENDERERS:
    handler(f"report_{_extension}")(_make(_extension))
