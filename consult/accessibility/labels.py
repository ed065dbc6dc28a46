from flask_babel import lazy_gettext as _l

from consult.accessibility.models import ComplianceStatus, Ombudsman

STATUS_LABELS = {
    ComplianceStatus.A: _l("A: fully meets the requirements"),
    ComplianceStatus.B: _l("B: partly meets the requirements"),
    ComplianceStatus.C: _l("C: first measures taken"),
    ComplianceStatus.D: _l("D: no measures taken"),
    ComplianceStatus.E: _l("E: does not meet the requirements"),
}

OMBUDSMAN_LABELS = {
    Ombudsman.NATIONAL: _l("the Nationale ombudsman"),
    Ombudsman.MUNICIPAL: _l("our own (municipal or regional) ombudsman"),
}


def status_label(status: ComplianceStatus) -> str:
    return str(STATUS_LABELS[status])
