from flask_babel import lazy_gettext as _l

from consult.answers.models import Outcome

OUTCOME_LABELS = {
    Outcome.ADOPTED: _l("Adopted"),
    Outcome.PARTLY_ADOPTED: _l("Partly adopted"),
    Outcome.NOT_ADOPTED: _l("Not adopted"),
    Outcome.NOTED: _l("Noted"),
    Outcome.OUT_OF_SCOPE: _l("Outside the scope of this document"),
}


def outcome_label(outcome: Outcome) -> str:
    return str(OUTCOME_LABELS[outcome])
