"""Forms of the advice. The officials' advice page renders one small answer form per point: an
adviesraad's advice has a handful of points, not the hundreds of a public list."""
from flask_babel import lazy_gettext as _l
from wtforms import MultipleFileField, RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from consult.advice.labels import VERDICT_LABELS
from consult.advice.models import MAX_REASONS_LENGTH, MAX_TEXT_LENGTH
from consult.core.forms import BaseForm, choices
from consult.reactions.forms import ReactionForm

TOO_LONG = _l("Your text is too long: use at most 20,000 characters.")


class OverallAdviceForm(BaseForm):
    overall = TextAreaField(
        _l("Overall advice"), description=_l("Your advice on the document as a whole."),
        validators=[Optional(), Length(max=MAX_TEXT_LENGTH, message=TOO_LONG)])


class AdvicePointForm(BaseForm):
    """An advice point. ``section`` holds an anchor; empty is the whole document."""

    section = SelectField(_l("About"), choices=[], validate_choice=True)
    body = TextAreaField(
        _l("Advice point"),
        validators=[DataRequired(_l("Write the advice point.")), Length(max=MAX_TEXT_LENGTH, message=TOO_LONG)])


class AdviceAnswerForm(BaseForm):
    verdict = RadioField(
        _l("Answer"), choices=choices((v.value, label) for v, label in VERDICT_LABELS.items()),
        validators=[DataRequired(_l("Choose whether the municipality adopts the point."))])
    reasons = TextAreaField(
        _l("Reasons"), description=_l("Explain why. The advisory council and everyone who reads the response report see this."),
        validators=[DataRequired(_l("Write the reasons.")),
                    Length(max=MAX_REASONS_LENGTH, message=_l("Use at most 10,000 characters for the reasons."))])


class AdviceFilesForm(BaseForm):
    """Files with the advice, checked by their content as a reaction's files are."""

    attachments = MultipleFileField(
        _l("Files"), description=_l("PDF, Word (DOCX), OpenDocument (ODT), JPG or PNG; at most 5 files of 10 MB each."))

    def validate_attachments(self, field):
        ReactionForm.validate_attachments(self, field)
        if not self.uploaded:
            raise ValidationError(_l("Choose at least one file."))
