"""The Excel export of a big consultation, made in the background."""
from __future__ import annotations

from consult.consultations.models import Consultation
from consult.exports.formats import xlsx_file
from consult.exports.rows import official_header, official_rows
from consult.extensions import db
from consult.jobs import files
from consult.jobs.services import handler


@handler("export_xlsx")
def export_xlsx(job, progress) -> dict:
    consultation = db.session.get(Consultation, job.consultation_id)
    with xlsx_file(official_header(), official_rows(consultation)) as spooled:
        data = spooled.read()
    return {"file": files.save(data, "xlsx"), "extension": "xlsx", "size": len(data)}
