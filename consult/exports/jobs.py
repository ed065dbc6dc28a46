"""The Excel export of a big consultation, made in the background."""
from __future__ import annotations

import sqlalchemy as sa

from consult.consultations.models import Consultation
from consult.exports import open_files
from consult.exports.formats import xlsx_file
from consult.exports.rows import official_header, official_rows
from consult.extensions import db
from consult.jobs import files
from consult.jobs.services import handler, reporting, stage
from consult.reactions.models import Reaction


@handler("export_xlsx")
def export_xlsx(job, progress) -> dict:
    """Every reaction as a spreadsheet; progress per thousand rows (on SQLite that renews the lease too)."""
    consultation = db.session.get(Consultation, job.consultation_id)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Reaction)
                              .where(Reaction.consultation_id == consultation.id))
    rows = reporting(official_rows(consultation), total, stage(progress, 0, 95))
    with xlsx_file(official_header(), rows) as spooled:
        data = spooled.read()
    return {"file": files.save(data, "xlsx"), "extension": "xlsx", "size": len(data)}


@handler("open_data")
def make_open_data(job, progress) -> dict:
    """The open data files at the public version of now (queued by a request that found none it may send)."""
    consultation = db.session.get(Consultation, job.consultation_id)
    version = open_files.public_version()
    open_files.build(consultation, version)
    return {"version": version}
