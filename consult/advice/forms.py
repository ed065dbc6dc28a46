"""Forms of the advice. The officials' advice page renders one small answer form per point: an
adviesraad's advice has a handful of points, not the hundreds of a public list."""
from datetime import datetime, time

from flask_babel import lazy_gettext as _l
from wtforms import DateField, MultipleFileField, RadioField, SelectField, TextAreaField, TimeField
from wtforms.validators import DataRequired, Optional, ValidationError

from consult.advice.labels import VERDICT_LABELS
from consult.advice.models import MAX_REASONS_LENGTH, MAX_TEXT_LENGTH
from consult.consultations.forms import ExistingLocalTime, local_moment
from consult.core.forms import BaseForm, at_most, choices
from consult.core.submission import SubmissionKey
from consult.reactions.forms import ReactionForm


class OverallAdviceForm(BaseForm):
    overall = TextAreaField(
        _l("Overall advice"), description=_l("Your advice on the document as a whole."),
        validators=[Optional(), at_most(MAX_TEXT_LENGTH)])


class AdvicePointForm(SubmissionKey, BaseForm):
    """An advice point. ``section`` holds an anchor; empty is the whole document."""

    section = SelectField(_l("About"), choices=[], validate_choice=True)
    body = TextAreaField(
        _l("Advice point"),
        validators=[DataRequired(_l("Write the advice point.")), at_most(MAX_TEXT_LENGTH)])


class AdviceAnswerForm(BaseForm):
    verdict = RadioField(
        _l("Answer"), choices=choices((v.value, label) for v, label in VERDICT_LABELS.items()),
        validators=[DataRequired(_l("Choose whether the municipality adopts the point."))])
    reasons = TextAreaField(
        _l("Reasons"), description=_l("Explain why. The advisory council and everyone who reads the response report see this."),
        validators=[DataRequired(_l("Write the reasons.")),
                    at_most(MAX_REASONS_LENGTH)])


class AdviceFilesForm(BaseForm):
    """Files with the advice, checked by their content as a reaction's files are."""

    attachments = MultipleFileField(
        _l("Files"), description=_l("PDF, Word (DOCX), OpenDocument (ODT), JPG or PNG; at most 5 files of 10 MB each."))

    def validate_attachments(self, field):
        ReactionForm.validate_attachments(self, field)
        if not self.uploaded:
            raise ValidationError(_l("Choose at least one file."))


class AdviceRequestForm(BaseForm):
    """Ask an adviesraad for advice on a ter-inzage; the view fills in the councils. Dutch time."""

    organisation = SelectField(_l("Advisory council"), choices=[], validate_choice=False,
                               validators=[DataRequired(_l("Choose an advisory council."))])
    deadline_on = DateField(_l("Deadline for the advice (date)"),
                            validators=[DataRequired(_l("Fill in the date of the deadline."))])
    deadline_time = TimeField(_l("Deadline for the advice (time)"), default=time(17, 0),
                              validators=[DataRequired(_l("Fill in a time.")), ExistingLocalTime("deadline_on")])

    def __init__(self, *args, now: datetime | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._now = now

    def deadline(self) -> datetime:
        return local_moment(self.deadline_on.data, self.deadline_time.data)

    def validate_organisation(self, field):
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Choose an advisory council from the list."))

    def validate_deadline_on(self, field):
        if field.data and self.deadline_time.data and self._now is not None and self.deadline() <= self._now:
            raise ValidationError(_l("Choose a moment in the future."))
