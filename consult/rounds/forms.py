"""Forms of the feedbackronde. Pages that list many comments render plain HTML forms carrying the
CSRF token and validate the POST with these classes: no form object per listed item."""
from datetime import datetime, time

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, Optional, ValidationError

from consult.consultations.forms import ConsultationForm, ExistingLocalTime, local_moment
from consult.consultations.models import ConsultationKind
from consult.core.forms import BaseForm, at_most, choices, fits
from consult.core.submission import SubmissionKey
from consult.rounds.models import (
    DEFAULT_REMINDER_DAYS,
    MAX_COMMENT_LENGTH,
    MAX_QUOTE_LENGTH,
    MAX_REMINDER_DAYS,
    GuidingQuestion,
    RoundInvitation,
)


class InviteForm(BaseForm):
    """Choices are filled in by the view: kinds, regions and organisations that can be invited."""

    kind = SelectField(_l("Every organisation of this kind"), choices=[], validate_choice=False)
    region = SelectField(_l("Every organisation in this region"), choices=[], validate_choice=False)
    organisations = SelectMultipleField(
        _l("Organisations by name"),
        description=_l("Hold Ctrl (or Cmd) to choose more than one."), choices=[], validate_choice=False)
    same_as = SelectField(_l("The same organisations as an earlier round"), choices=[], validate_choice=False)

    def _offered(self, field) -> set[str]:
        return {choice.value if hasattr(choice, "value") else choice[0] for choice in field.choices}

    def validate_kind(self, field):
        if field.data and field.data not in self._offered(field):
            raise ValidationError(_l("Choose a kind from the list."))

    def validate_region(self, field):
        if field.data and field.data not in self._offered(field):
            raise ValidationError(_l("Choose a region from the list."))

    def validate_same_as(self, field):
        if field.data and field.data not in self._offered(field):
            raise ValidationError(_l("Choose a round from the list."))

    def validate_organisations(self, field):
        if any(value not in self._offered(field) for value in field.data or []):
            raise ValidationError(_l("Choose organisations from the list."))
        if not (self.kind.data or self.region.data or field.data or self.same_as.data):
            raise ValidationError(_l("Choose a kind, a region or at least one organisation."))


def parse_reminder_days(text: str) -> list[int]:
    """The reminder moments as typed ("7, 2") as a list ([7, 2]): whole days before the deadline, largest first, each once. Empty is no reminders.
    Raises ValueError for anything else, or for a day outside 1 to MAX_REMINDER_DAYS."""
    days = set()
    for part in text.replace(";", ",").replace(" en ", ",").replace(" and ", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isascii() or not part.isdigit() or not 1 <= int(part) <= MAX_REMINDER_DAYS:
            raise ValueError(part)
        days.add(int(part))
    return sorted(days, reverse=True)


class RoundSettingsForm(BaseForm):
    partners_see_each_other = BooleanField(
        _l("Invited organisations see each other's comments during the round, once they are published"))
    reminder_days = StringField(
        _l("Reminders: days before the deadline"),
        description=_l("Whole numbers separated by commas, for example 7, 2. Organisations that have not submitted "
                       "get an e-mail on those days. Leave empty for no automatic reminders."),
        default=", ".join(str(d) for d in DEFAULT_REMINDER_DAYS),
        validators=[at_most(40)],
    )
    allows_replies = BooleanField(
        _l("Invited organisations may reply to each other's published comments"),
        description=_l("Only when they see each other's comments. Replies are moderated like comments."))
    is_public_afterwards = BooleanField(
        _l("The round and its published comments become public after the deadline"),
        description=_l("After the last deadline you publish the round yourself on this page."))

    def validate_allows_replies(self, field):
        if field.data and not self.partners_see_each_other.data:
            raise ValidationError(_l("Replies need organisations to see each other's comments. Tick that as well."))

    def validate_reminder_days(self, field):
        try:
            parse_reminder_days(field.data or "")
        except ValueError:
            raise ValidationError(_l("Fill in whole days from 1 to 60, separated by commas. For example: 7, 2")) from None


class DeadlineForm(BaseForm):
    """A later deadline for one organisation, in Dutch time; the view checks it against the round's."""

    deadline_on = DateField(_l("New deadline (date)"), validators=[DataRequired(_l("Fill in the date of the new deadline."))])
    deadline_time = TimeField(_l("New deadline (time)"), default=time(17, 0),
                              validators=[DataRequired(_l("Fill in a time.")), ExistingLocalTime("deadline_on")])
    reason = StringField(
        _l("Reason"), description=_l("Required. It is kept with the deadline and shown to your colleagues."),
        validators=[DataRequired(_l("Fill in the reason for the later deadline.")),
                    fits(RoundInvitation.deadline_reason)],
    )

    def __init__(self, *args, round_deadline: datetime | None = None, now: datetime | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._round_deadline, self._now = round_deadline, now

    def new_deadline(self) -> datetime:
        return local_moment(self.deadline_on.data, self.deadline_time.data)

    def validate_deadline_on(self, field):
        if not (field.data and self.deadline_time.data):
            return
        if self._round_deadline is not None and self.new_deadline() <= self._round_deadline:
            raise ValidationError(_l("Choose a moment after the deadline of the round."))
        if self._now is not None and self.new_deadline() <= self._now:
            raise ValidationError(_l("Choose a moment in the future."))


class CommentForm(SubmissionKey, BaseForm):
    """A comment in the organisation's draft. ``section`` holds an anchor; empty is the whole document."""

    section = SelectField(_l("About"), choices=[], validate_choice=True)
    # Offered only when the round has guiding questions; a question's own section wins over ``section``.
    question = SelectField(_l("Answer to a question of the municipality"), choices=choices([("", "")]), default="",
                           validate_choice=True)
    quote = TextAreaField(
        _l("Passage you comment on"),
        description=_l("Copy the sentence from the text that your comment is about."),
        validators=[Optional(), at_most(MAX_QUOTE_LENGTH)],
    )
    body = TextAreaField(
        _l("Comment"),
        validators=[
            DataRequired(_l("Write your comment.")),
            at_most(MAX_COMMENT_LENGTH),
        ],
    )


NEXT_KINDS = [
    (ConsultationKind.PARTNER_ROUND.value, _l("A feedback round for invited organisations")),
    (ConsultationKind.PUBLIC_INSPECTION.value, _l("Ter inzage: everyone can react")),
]


class RoundForm(ConsultationForm):
    """A feedbackronde on the version chosen on the document's page, which the URL names."""

    document_version = None


class NextConsultationForm(RoundForm):
    """A new consultation on the document's newest version; the view fills it in from the earlier one."""

    kind = RadioField(_l("What do you start?"), choices=choices(NEXT_KINDS), default=ConsultationKind.PARTNER_ROUND.value,
                      validators=[DataRequired(_l("Choose a feedback round or ter inzage."))])


class GuidingQuestionForm(BaseForm):
    """``section`` holds an anchor; empty is a question about the whole draft."""

    section = SelectField(_l("About"), choices=[], validate_choice=True)
    text = TextAreaField(_l("Question"), description=_l("For example: Do you miss anything in this priority?"),
                         validators=[DataRequired(_l("Write the question.")), fits(GuidingQuestion.text)])


class ReplyForm(BaseForm):
    """A reply on behalf of one's organisation to another organisation's published comment."""

    body = TextAreaField(
        _l("Your reply"),
        validators=[
            DataRequired(_l("Write your reply.")),
            at_most(MAX_COMMENT_LENGTH),
        ],
    )
