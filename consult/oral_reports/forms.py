from flask_babel import lazy_gettext as _l
from wtforms import RadioField, TextAreaField
from wtforms.validators import DataRequired, ValidationError

from consult.core.forms import BaseForm, at_most, choices

MAX_CORRECTION_LENGTH = 20_000

ANSWER_CHOICES = [
    ("confirm", _l("Yes, the report is correct")),
    ("correct", _l("No, I want to correct it")),
]


class OralReportAnswerForm(BaseForm):
    answer = RadioField(_l("Is this report correct?"), choices=choices(ANSWER_CHOICES),
                        validators=[DataRequired(_l("Choose whether the report is correct."))])
    correction = TextAreaField(
        _l("Your correction"),
        description=_l("Write what is wrong or missing. We keep your correction next to the report."),
        validators=[at_most(MAX_CORRECTION_LENGTH)],
    )

    def validate_correction(self, field):
        if self.answer.data == "correct" and not (field.data or "").strip():
            raise ValidationError(_l("Write your correction."))

    def to_correction(self) -> str:
        """The correction to keep: empty when the indiener confirms."""
        return self.correction.data.strip() if self.answer.data == "correct" else ""
