from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, RadioField, StringField, TextAreaField, URLField
from wtforms.validators import URL, DataRequired, InputRequired, Length, Optional

from consult.consultations.models import Consultation
from consult.core.forms import BaseForm, choices, fits
from consult.decisions.rules import SendingOptions
from consult.reports.labels import ADOPTER_LABELS
from consult.reports.models import ResponseReport

ADOPTER_CHOICES = [(adopter.value, label) for adopter, label in ADOPTER_LABELS.items()]
WEB_ADDRESS = _l("Fill in a full web address, starting with https://.")


class DecisionForm(BaseForm):
    """The decision and how it is sent. Sending it shows a preview; nothing is saved or sent yet."""

    taken_on = DateField(_l("Date of the decision"), validators=[DataRequired(_l("Fill in the date of the decision."))])
    adopted_by = RadioField(_l("Who adopted the response report?"), choices=choices(ADOPTER_CHOICES),
                            validators=[DataRequired(_l("Choose who adopted the response report."))])
    decision_number = StringField(
        _l("Decision number"), description=_l("The number under which the decision is in the council's records."),
        validators=[DataRequired(_l("Fill in the decision number.")), fits(ResponseReport.decision_number)])
    outcome = TextAreaField(
        _l("What was decided?"), description=_l("In plain words. Everyone who reacted gets this text."),
        validators=[DataRequired(_l("Write what was decided.")), Length(max=5000, message=_l("Use at most 5,000 characters."))],
    )
    decision_url = URLField(_l("Link to the decision"), validators=[Optional(), URL(message=WEB_ADDRESS),
                                                                    fits(Consultation.decision_url)])
    first_five_only = BooleanField(_l("Send a zienswijze signed by more than five people only to the first five who signed"))
    public_notice = BooleanField(_l("Publish a kennisgeving instead of sending letters"))
    notice_url = URLField(_l("Link to the kennisgeving"), description=_l("For example the Gemeenteblad publication."),
                          validators=[Optional(), URL(message=WEB_ADDRESS), fits(Consultation.decision_notice_url)])
    def validate(self, extra_validators=None) -> bool:
        # Not a validate_notice_url: the field is optional, and Optional() ends its checks when empty.
        valid = super().validate(extra_validators)
        if self.public_notice.data and not self.notice_url.data:
            self.notice_url.errors = [*self.notice_url.errors, _l("Fill in where the kennisgeving is published.")]
            return False
        return valid

    def options(self) -> SendingOptions:
        return SendingOptions(first_five_only=bool(self.first_five_only.data), public_notice=bool(self.public_notice.data))


class ConfirmationForm(DecisionForm):
    """The preview's button: the same fields as hidden inputs, and the number of people the preview
    counted, so a reaction entered in between is not sent to unseen."""

    recipients = IntegerField(validators=[InputRequired()])
