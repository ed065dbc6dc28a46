"""Words on screen for the consultation vocabulary (Dutch in the catalogue)."""
from flask_babel import lazy_gettext as _l

from consult.consultations.models import ConsultationKind, Phase

PHASE_LABELS = {
    Phase.CONCEPT: _l("Draft"),
    Phase.PLANNED: _l("Coming"),
    Phase.OPEN: _l("Open"),
    Phase.CLOSED: _l("Closed"),
    Phase.PROCESSED: _l("Processed"),
    Phase.DECIDED: _l("Decided"),
}

KIND_LABELS = {
    ConsultationKind.PUBLIC_INSPECTION: _l("Open for comments (ter inzage)"),
    ConsultationKind.PARTNER_ROUND: _l("Feedback round for partners"),
    ConsultationKind.WORKSHOP: _l("Workshop"),
}
