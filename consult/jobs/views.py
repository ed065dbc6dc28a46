import sqlalchemy as sa
from flask import abort, current_app, send_file
from flask_login import current_user, login_required

from consult.accounts.sessions import password_again
from consult.audit.services import record_view
from consult.consultations.models import Consultation
from consult.consultations.permissions import MANAGE_CONSULTATION
from consult.core.db import utcnow
from consult.core.permissions import require
from consult.core.web import no_store
from consult.extensions import db
from consult.jobs import bp, files
from consult.jobs.models import Job, JobStatus
from consult.jobs.queries import worker_lag

# Files with personal data, and what downloading one is called in the audit log.
PERSONAL_DATA_FILES = {"export_xlsx": "reactions_downloaded", "dossier": "dossier_downloaded"}
FILE_NAMES = {"export_xlsx": "reacties", "dossier": "dossier"}


@bp.get("/beheer/bestanden/<int:job_id>")
@login_required
@no_store
def download_file(job_id: int):
    """A file a background job made, for the officials of the consultation's owner only."""
    job = db.get_or_404(Job, job_id)
    consultation = db.get_or_404(Consultation, job.consultation_id)
    require(MANAGE_CONSULTATION, consultation)
    if job.status is not JobStatus.DONE or "file" not in job.result:
        abort(404)
    if job.kind in PERSONAL_DATA_FILES:
        # Like the CSV export: the password again when it was typed longer than REAUTH_MINUTES ago.
        if (ask := password_again()) is not None:
            return ask
        record_view(current_user, PERSONAL_DATA_FILES[job.kind], consultation, consultation.organisation_id, job=job.id)
    extension = job.result["extension"]
    prefix = FILE_NAMES.get(job.kind, "reactienota")
    return send_file(files.path_of(job.result["file"]), as_attachment=True,
                     download_name=f"{prefix}-{consultation.slug}.{extension}")


@bp.get("/health/ready")
def ready():
    """For monitoring: is mail going out and are jobs running? 200, or 503 when mail or a job has waited
    longer than HEALTH_MAX_LAG_SECONDS (the worker is down or far behind) or the database does not answer."""
    try:
        lag = worker_lag(utcnow())
    except sa.exc.SQLAlchemyError:
        return {"status": "unavailable"}, 503
    limit = current_app.config["HEALTH_MAX_LAG_SECONDS"]
    lagging = lag["lag_seconds"] > limit
    return {"status": "lagging" if lagging else "ok", "max_lag_seconds": limit, **lag}, 503 if lagging else 200
