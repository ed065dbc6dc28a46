from flask_babel import lazy_gettext as _l

from consult.privacy.models import RequestStatus

STATUS_LABELS = {
    RequestStatus.OPEN: _l("open: the municipality is handling it"),
    RequestStatus.DONE: _l("done: the data is removed"),
    RequestStatus.REFUSED: _l("not removed"),
}


def erasure_status_label(status: RequestStatus) -> str:
    return str(STATUS_LABELS[status])
