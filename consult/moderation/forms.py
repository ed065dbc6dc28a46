from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional, ValidationError

from consult.coding.models import ReactionGroup
from consult.core.forms import BaseForm, at_most, choices, fits
from consult.reactions.forms import MAX_REACTION_LENGTH
from consult.reactions.labels import REJECTION_REASONS

# The text to publish starts as the original with names replaced by placeholders, which can be longer.
MAX_PUBLIC_BODY_LENGTH = MAX_REACTION_LENGTH + 5_000


class ApproveForm(BaseForm):
    """Approve; where the scan found personal data the official must choose what is published."""

    personal_data = RadioField(
        _l("We found possible personal data. What do you publish?"),
        choices=choices([("redact", _l("The text with the marked data removed (the suggestion below)")),
                         ("as_is", _l("The text as it is: I looked at every marked piece and it may be public"))]),
        validators=[Optional()],
    )


# No reason is chosen until the official chooses one: a preselected "spam" was sent by a slip of the hand.
REASON_CHOICES = [("", _l("Choose a reason")), *REJECTION_REASONS.items()]


class RejectForm(BaseForm):
    reason = SelectField(_l("Reason"), choices=choices(REASON_CHOICES), validators=[DataRequired(_l("Choose a reason."))])
    message = TextAreaField(
        _l("Message to the author"), description=_l("The author gets the reason by e-mail, with this message."),
        validators=[Optional(), at_most(2000)],
    )


class RedactForm(BaseForm):
    public_body = TextAreaField(
        _l("Text to publish"),
        description=_l("Remove names, contact details or medical details of people. The original text stays visible to officials."),
        validators=[DataRequired(_l("The text to publish cannot be empty. Reject the reaction instead.")),
                    at_most(MAX_PUBLIC_BODY_LENGTH)],
    )


class BulkForm(BaseForm):
    """The queue's action on ticked reactions. Code actions ("code:<id>") are checked by the view."""

    action = SelectField(_l("Action"), choices=[], validate_choice=False,
                         validators=[DataRequired(_l("Choose what to do."))])
    reason = SelectField(_l("Reason (when rejecting)"), choices=choices(REASON_CHOICES))
    group_title = StringField(_l("Name of the group (when grouping)"),
                              validators=[Optional(), fits(ReactionGroup.title)])

    def validate_reason(self, field) -> None:
        if self.action.data == "reject" and not field.data:
            raise ValidationError(_l("Choose a reason."))

class LateDecisionForm(BaseForm):
    """Whether a zienswijze received after the term is still considered, and why (Awb 6:11)."""

    considered = RadioField(
        _l("Is this late reaction still considered?"),
        choices=choices([("yes", _l("Yes, it is considered")), ("no", _l("No, it is not considered"))]),
        validators=[DataRequired(_l("Choose whether the reaction is considered."))],
    )
    reason = TextAreaField(
        _l("Why?"), description=_l("This reason appears in the response report."),
        validators=[DataRequired(_l("Write the reason.")), at_most(2000)],
    )
