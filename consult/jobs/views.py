from flask import abort, send_file
from flask_login import current_user, login_required

from consult.audit.services import record_view
from consult.consultations.models import Consultation
from consult.consultations.permissions import MANAGE_CONSULTATION
from consult.core.permissions import require
from consult.extensions import db
from consult.jobs import bp, files
from consult.jobs.models import Job, JobStatus

# Files with personal data, and what downloading one is called in the audit log.
PERSONAL_DATA_FILES = {"export_xlsx": "reactions_downloaded", "dossier": "dossier_downloaded"}
FILE_NAMES = {"export_xlsx": "reacties", "dossier": "dossier"}


@bp.get("/beheer/bestanden/<int:job_id>")
@login_required
def download_file(job_id: int):
    """A file a background job made, for the officials of the consultation's owner only."""
    job = db.get_or_404(Job, job_id)
    consultation = db.get_or_404(Consultation, job.consultation_id)
    require(MANAGE_CONSULTATION, consultation)
    if job.status is not JobStatus.DONE or "file" not in job.result:
        abort(404)
    if job.kind in PERSONAL_DATA_FILES:
        record_view(current_user, PERSONAL_DATA_FILES[job.kind], consultation, consultation.organisation_id, job=job.id)
    extension = job.result["extension"]
    prefix = FILE_NAMES.get(job.kind, "reactienota")
    return send_file(files.path_of(job.result["file"]), as_attachment=True,
                     download_name=f"{prefix}-{consultation.slug}.{extension}")
