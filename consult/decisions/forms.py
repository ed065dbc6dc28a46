from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, RadioField, StringField, TextAreaField, URLField
from wtforms.validators import URL, DataRequired, InputRequired, Optional

from consult.consultations.models import Consultation
from consult.core.forms import BaseForm, at_most, choices, fits
from consult.decisions.rules import SendingOptions
from consult.reports.labels import ADOPTER_LABELS
from consult.reports.models import Adopter, ResponseReport

ADOPTER_CHOICES = [(adopter.value, label) for adopter, label in ADOPTER_LABELS.items() if adopter is not Adopter.OWN_BODY]
OWN_BODY_PREFIX = "body:"
WEB_ADDRESS = _l("Fill in a full web address, starting with https://.")


class AdoptionFields(BaseForm):
    """The decision itself: date, who adopted it, number, what was decided, link. ``own_bodies`` are the
    organisation's own adopting bodies, offered besides the college and the council."""

    taken_on = DateField(_l("Date of the decision"), validators=[DataRequired(_l("Fill in the date of the decision."))])
    adopted_by = RadioField(_l("Who adopted the response report?"), choices=choices(ADOPTER_CHOICES),
                            validators=[DataRequired(_l("Choose who adopted the response report."))])
    decision_number = StringField(
        _l("Decision number"), description=_l("The number under which the decision is in the council's records."),
        validators=[DataRequired(_l("Fill in the decision number.")), fits(ResponseReport.decision_number)])
    outcome = TextAreaField(
        _l("What was decided?"), description=_l("In plain words. Everyone who reacted gets this text."),
        validators=[DataRequired(_l("Write what was decided.")), at_most(5000)],
    )
    decision_url = URLField(_l("Link to the decision"), validators=[Optional(), URL(message=WEB_ADDRESS),
                                                                    fits(Consultation.decision_url)])

    def __init__(self, *args, own_bodies: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.adopted_by.choices = choices([*ADOPTER_CHOICES, *((OWN_BODY_PREFIX + body, body) for body in own_bodies)])

    def adopter(self) -> tuple[Adopter, str]:
        """The chosen adopter, and the own body's name when it is one of those ("" otherwise)."""
        value = self.adopted_by.data or ""
        if value.startswith(OWN_BODY_PREFIX):
            return Adopter.OWN_BODY, value.removeprefix(OWN_BODY_PREFIX)
        return Adopter(value), ""

    def adopter_label(self) -> str:
        return next((str(c.label) for c in self.adopted_by.choices if c.value == self.adopted_by.data), "")


class DecisionForm(AdoptionFields):
    """The decision and how it is sent. Sending it shows a preview; nothing is saved or sent yet."""

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


class DecisionCorrectionForm(AdoptionFields):
    """A correction of a recorded decision: the same fields, a reason, and whether to tell people again.
    Sending it shows a preview; nothing is saved or sent yet."""

    reason = TextAreaField(
        _l("Why is it corrected?"),
        description=_l("Everyone can read this reason beside the decision, with the date of the correction."),
        validators=[DataRequired(_l("Write why the decision is corrected.")),
                    at_most(1000)])
    notify = BooleanField(_l("Send the correction by e-mail to the people who got the decision by e-mail"))


class DecisionCorrectionConfirmationForm(DecisionCorrectionForm):
    """The correction preview's button: the same fields as hidden inputs."""
