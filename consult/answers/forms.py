from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, ValidationError

MAX_POINT_LENGTH = 5000

from consult.answers.labels import OUTCOME_LABELS
from consult.answers.models import Outcome
from consult.core.forms import BaseForm, at_most, choices
from consult.core.submission import SubmissionKey

CHANGING = {outcome.value for outcome in Outcome if outcome.changes_draft}


class AnswerForm(SubmissionKey, BaseForm):
    body = TextAreaField(
        _l("Answer"), description=_l("Write in plain Dutch (B1). The answer appears in the response report."),
        validators=[DataRequired(_l("Write the answer.")), at_most(20_000)],
    )
    outcome = RadioField(_l("What does the answer mean for the draft?"),
                         choices=choices((o.value, label) for o, label in OUTCOME_LABELS.items()),
                         validators=[DataRequired(_l("Choose what the answer means for the draft."))])
    changed_section = SelectField(_l("Changed section in the new version"), choices=[], validate_choice=True)

    def validate_changed_section(self, field):
        if self.outcome.data in CHANGING and not field.data:
            raise ValidationError(_l("Choose the section of the new version where the draft changed."))


class PointForm(SubmissionKey, BaseForm):
    """A numbered point of a reaction. The section is read by the view from the reaction's own sections."""

    summary = TextAreaField(
        _l("New point: what does the sender ask or say?"),
        validators=[DataRequired(_l("Write what the point is about.")),
                    at_most(MAX_POINT_LENGTH)],
    )
