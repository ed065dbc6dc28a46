from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, RadioField, TextAreaField
from wtforms.validators import DataRequired, Email, Optional, ValidationError

from consult.core.forms import BaseForm, HumanCheck, at_most, choices, fits
from consult.privacy.models import ErasureRequest

MAX_MESSAGE_LENGTH = 2000


class AccessForm(HumanCheck, BaseForm):
    email = EmailField(
        _l("Your e-mail address"),
        description=_l("The address you used when you reacted. We send a link to this address."),
        validators=[
            DataRequired(_l("Fill in your e-mail address.")),
            Email(_l("This is not a valid e-mail address. Example: naam@voorbeeld.nl")),
            fits(ErasureRequest.email),
        ],
    )

    def validate_email(self, field):
        if self.was_too_fast():
            raise ValidationError(_l("That went very fast. Check your e-mail address, then send it again."))


class ErasureForm(BaseForm):
    message = TextAreaField(
        _l("Do you want to tell us something?"),
        description=_l("For example: which reaction, or why. You do not have to give a reason."),
        validators=[Optional(), at_most(MAX_MESSAGE_LENGTH)],
    )


DECISION_CHOICES = [
    ("grant", _l("Remove the personal data from these reactions")),
    ("refuse", _l("Do not remove the data now, and say why")),
]


class HandleErasureForm(BaseForm):
    decision = RadioField(_l("What do you decide?"), choices=choices(DECISION_CHOICES),
                          validators=[DataRequired(_l("Choose what you decide."))])
    reason = TextAreaField(
        _l("Reason"),
        description=_l("Only when you do not remove the data. The person gets this text by e-mail."),
        # No Optional(): it would stop validate_reason from asking for a reason when refusing.
        validators=[at_most(MAX_MESSAGE_LENGTH)],
    )

    confirm = BooleanField(_l("I understand that removing the data cannot be undone"))

    def validate_confirm(self, field):
        if self.decision.data == "grant" and not field.data:
            raise ValidationError(_l("Tick this box to remove the data. It cannot be undone."))

    def validate_reason(self, field):
        if self.decision.data == "refuse" and not field.data:
            raise ValidationError(_l("Write why you do not remove the data. The person gets this text."))
