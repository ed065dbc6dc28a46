from flask_babel import lazy_gettext as _l

from consult.reports.models import Adopter

ADOPTER_LABELS = {
    Adopter.COLLEGE: _l("the college of mayor and aldermen"),
    Adopter.COUNCIL: _l("the municipal council"),
}


def adopter_label(adopter: Adopter | None) -> str:
    return str(ADOPTER_LABELS[adopter]) if adopter else ""
