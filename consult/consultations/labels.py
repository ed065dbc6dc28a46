"""Words on screen for the consultation vocabulary (Dutch in the catalogue)."""
from flask_babel import lazy_gettext as _l

from consult.consultations.models import ConsultationKind, Phase, Procedure

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

PROCEDURE_LABELS = {
    Procedure.AWB_UNIFORM: _l("Uniform public preparation procedure (afdeling 3.4 Awb). Anyone can give a view (zienswijze) for six weeks."),
    Procedure.ORDINANCE: _l("The municipality's participation ordinance (inspraak- of participatieverordening)."),
    Procedure.INFORMAL: _l("An informal consultation: the municipality asks for your opinion before it decides."),
}
