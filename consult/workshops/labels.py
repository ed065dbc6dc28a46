from flask_babel import lazy_gettext as _l

from consult.workshops.models import RegistrationStatus, WorkshopAudience

STATUS_LABELS = {
    RegistrationStatus.CONFIRMED: _l("Registered"),
    RegistrationStatus.WAITING: _l("Waiting list"),
    RegistrationStatus.CANCELLED: _l("Cancelled"),
}
AUDIENCE_LABELS = {
    WorkshopAudience.PUBLIC: _l("Everyone"),
    WorkshopAudience.INVITED: _l("Invited organisations"),
    WorkshopAudience.BOTH: _l("Invited organisations and everyone else"),
}


def status_label(status: RegistrationStatus) -> str:
    return str(STATUS_LABELS[status])


def audience_label(audience: WorkshopAudience) -> str:
    return str(AUDIENCE_LABELS[audience])
