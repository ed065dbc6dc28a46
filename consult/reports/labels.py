from flask_babel import lazy_gettext as _l

from consult.reports.models import Adopter

ADOPTER_LABELS = {
    Adopter.COLLEGE: _l("the college of mayor and aldermen"),
    Adopter.COUNCIL: _l("the municipal council"),
    Adopter.OWN_BODY: _l("a body of the organisation itself"),
}


def adopter_label(adopter: Adopter | None) -> str:
    return str(ADOPTER_LABELS[adopter]) if adopter else ""


def adopted_by_label(record) -> str:
    """Who adopted a nota, as a sentence needs it: an own body by its name, else the college or council."""
    if record is None:
        return ""
    return record.adopted_by_body or adopter_label(record.adopted_by)
