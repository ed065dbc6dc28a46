"""The Excel export of a big consultation, made in the background."""
from __future__ import annotations

from consult.consultations.models import Consultation
from consult.exports import open_files
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


@handler("open_data")
def make_open_data(job, progress) -> dict:
    """The open data files at the public version of now (queued by a request that found them behind)."""
    consultation = db.session.get(Consultation, job.consultation_id)
    version = open_files.public_version()
    open_files.build(consultation, version)
    return {"version": version}
