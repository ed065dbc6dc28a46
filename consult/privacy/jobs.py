"""The archive dossier is made in the background: a big consultation takes a while."""
from __future__ import annotations

import secrets

from consult.consultations.models import Consultation
from consult.extensions import db
from consult.jobs import files
from consult.jobs.services import handler
from consult.privacy.dossier import write_dossier


@handler("dossier")
def make_dossier(job, progress) -> dict:
    name = f"{secrets.token_hex(16)}.zip"
    target = files.files_folder() / name
    write_dossier(db.session.get(Consultation, job.consultation_id), target, progress)
    return {"file": name, "extension": "zip", "size": target.stat().st_size}
