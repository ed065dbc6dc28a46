from flask_babel import lazy_gettext as _l

from consult.answers.models import Outcome

OUTCOME_LABELS = {
    Outcome.DRAFT_CHANGED: _l("Draft changed"),
    Outcome.NOT_CHANGED: _l("Draft not changed"),
    Outcome.NOTED: _l("Noted"),
    Outcome.OUT_OF_SCOPE: _l("Outside the scope of this document"),
}


def outcome_label(outcome: Outcome) -> str:
    return str(OUTCOME_LABELS[outcome])
