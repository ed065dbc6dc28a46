from datetime import date, time, timedelta

from flask_babel import format_date, ngettext
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.validators import URL, DataRequired, Email, InputRequired, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from consult.consultations.forms import ExistingLocalTime, does_not_exist_locally, local_moment
from consult.consultations.models import Consultation
from consult.consultations.term import end_of_day
from consult.core.forms import BaseForm, HumanCheck, at_most, choices, fits, one_line, plain_line
from consult.core.i18n import AMSTERDAM
from consult.core.submission import SubmissionKey
from consult.workshops.models import (
    MAX_CAPACITY,
    CardKind,
    InputCard,
    Registration,
    WorkshopAudience,
    WorkshopSession,
    WorkshopTable,
)
from consult.workshops.services import RegistrationInput, SessionInput, WorkshopInput

AUDIENCE_CHOICES = [
    (WorkshopAudience.PUBLIC.value, _l("Everyone (residents too)")),
    (WorkshopAudience.INVITED.value, _l("Only the invited organisations")),
    (WorkshopAudience.BOTH.value, _l("The invited organisations and everyone else")),
]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class WorkshopForm(BaseForm):
    # The title goes into the subject of every mail about the werkatelier: one line.
    title = StringField(_l("Title"), validators=[DataRequired(_l("Fill in a title.")), fits(Consultation.title), one_line])
    summary = TextAreaField(_l("In short"), description=_l("What is the werkatelier about, and who do you hope will come?"),
                            validators=[DataRequired(_l("Write a short summary.")), at_most(2000)])
    introduction = TextAreaField(_l("Introduction"), validators=[Optional(), at_most(20_000)])
    audience = RadioField(_l("Who can register?"), choices=choices(AUDIENCE_CHOICES), default=WorkshopAudience.PUBLIC.value,
                          validators=[DataRequired(_l("Choose who can register."))])
    invited = MultiCheckboxField(_l("Invited organisations"), choices=[], coerce=int, validate_choice=True)
    deadline_on = DateField(_l("Registration closes on"), description=_l("People can register until the end of this day."),
                            validators=[DataRequired(_l("Fill in the last day to register."))])
    accessibility = TextAreaField(_l("Accessibility"), description=_l("For example: the building has a lift, there is a hearing loop, "
                                                                        "we can arrange a sign language interpreter."),
                                  validators=[Optional(), at_most(5000)])

    def __init__(self, *args, now=None, first_session_day=None, current_deadline_on=None, **kwargs):
        """``now`` (UTC) refuses a last day in the past, unless it is the day saved already; ``first_session_day``
        (Dutch date) refuses a last day after the first session."""
        super().__init__(*args, **kwargs)
        self._now, self._first_session_day, self._current_deadline_on = now, first_session_day, current_deadline_on

    def validate_deadline_on(self, field):
        if field.data is None:
            return
        if self._now is not None and field.data != self._current_deadline_on and end_of_day(field.data) <= self._now:
            raise ValidationError(_l("This day has passed. Fill in a day from today."))
        if self._first_session_day is not None and field.data > self._first_session_day:
            raise ValidationError(_l("Registration must close before the first session. Fill in %(date)s or earlier.",
                                     date=format_date(self._first_session_day, "d MMMM y")))

    def validate_invited(self, field):
        if self.audience.data == WorkshopAudience.INVITED.value and not field.data:
            raise ValidationError(_l("Choose at least one organisation, or let everyone register."))

    def to_input(self, organisations) -> WorkshopInput:
        chosen = set(self.invited.data or [])
        return WorkshopInput(title=self.title.data, summary=self.summary.data, introduction=self.introduction.data or "",
                             audience=WorkshopAudience(self.audience.data), registration_deadline=end_of_day(self.deadline_on.data),
                             accessibility=self.accessibility.data or "", invited=[o for o in organisations if o.id in chosen])


# Registrants' data is kept until some time after the last session (consult.workshops.privacy): a session
# years ahead would keep it that long, so a session lies within two years.
SESSION_HORIZON_DAYS = 2 * 365


def local_day(moment) -> date:
    """The Dutch calendar day of a UTC moment."""
    return moment.astimezone(AMSTERDAM).date()


def latest_session_day(now) -> date:
    """The last day a new session may be on: two years from today (Dutch date), ``now`` in UTC."""
    return local_day(now) + timedelta(days=SESSION_HORIZON_DAYS)


class SessionForm(BaseForm):
    day = DateField(_l("Date"), validators=[DataRequired(_l("Fill in the date."))])
    starts = TimeField(_l("Starts at"), default=time(13, 30),
                       validators=[DataRequired(_l("Fill in the starting time.")), ExistingLocalTime("day")])
    ends = TimeField(_l("Ends at"), default=time(16, 30), validators=[DataRequired(_l("Fill in the end time.")), ExistingLocalTime("day")])
    place = StringField(_l("Place"), description=_l("For example: Stadhuis Almere, Raadzaal."),
                        validators=[Optional(), fits(WorkshopSession.place)])
    address = StringField(_l("Address"), validators=[Optional(), fits(WorkshopSession.address)])
    route = TextAreaField(_l("Route and parking"), validators=[Optional(), at_most(2000)])
    online_url = URLField(_l("Link for joining online"), validators=[
        Optional(), URL(message=_l("Fill in a full web address, starting with https://.")), fits(WorkshopSession.online_url)])
    # InputRequired, not DataRequired: 0 is filled in, and is refused by the range with its own message.
    capacity = IntegerField(_l("Number of places"), validators=[
        InputRequired(_l("Fill in the number of places.")),
        NumberRange(min=1, max=MAX_CAPACITY, message=_l("Fill in a number from 1 to 10,000."))])

    def __init__(self, *args, confirmed: int = 0, now=None, current_start=None, deadline_on=None, others=(), **kwargs):
        """``now`` (UTC) refuses a start in the past, unless it is the start saved already (``current_start``);
        ``deadline_on`` (the workshop's last day to register, Dutch date) refuses a session before it, unless the
        session was held already (a werkatelier may take registrations for a next session after a first);
        ``others`` (the werkatelier's other sessions) refuses a second session at the same moment and place,
        which is what sending the form twice makes."""
        super().__init__(*args, **kwargs)
        self._confirmed, self._now, self._current_start, self._deadline_on = confirmed, now, current_start, deadline_on
        self._others = list(others)

    def validate(self, extra_validators=None):
        """The field checks, then the checks on empty optional fields: WTForms stops an Optional field's
        chain, its own ``validate_<field>`` included, when the field is empty, so "a place, a link or both"
        cannot be checked there."""
        valid = super().validate(extra_validators)
        if not (self.place.data or self.address.data or self.online_url.data):
            self.place.errors.append(_l("Fill in a place, a link for joining online, or both."))
            return False
        if valid and self._is_double():
            self.day.errors.append(_l("This werkatelier has a session on this day, at this time and place already. "
                                      "Was the form sent twice? Look at the sessions above."))
            return False
        return valid

    def _is_double(self) -> bool:
        start = local_moment(self.day.data, self.starts.data)
        where = (self.place.data or "", self.address.data or "", self.online_url.data or "")
        return any(s.starts_at == start and (s.place, s.address, s.online_url) == where for s in self._others)

    def validate_day(self, field):
        if field.data is not None and self._now is not None and field.data > latest_session_day(self._now) \
                and (self._current_start is None or field.data != local_day(self._current_start)):
            raise ValidationError(_l("Choose a date within two years from today, at the latest %(date)s.",
                                     date=format_date(latest_session_day(self._now), "d MMMM y")))
        held = self._current_start is not None and self._now is not None and self._current_start <= self._now
        if field.data is not None and self._deadline_on is not None and field.data < self._deadline_on and not held:
            raise ValidationError(_l("Registration is open until %(date)s. Choose that day or later, or change the last day to register first.",
                                     date=format_date(self._deadline_on, "d MMMM y")))

    def validate_starts(self, field):
        if field.data is None or self.day.data is None or self._now is None or does_not_exist_locally(self.day.data, field.data):
            return
        start = local_moment(self.day.data, field.data)
        if start <= self._now and start != self._current_start:
            raise ValidationError(_l("This moment has passed. Choose a later date or time."))

    def validate_ends(self, field):
        if field.data and self.starts.data and field.data <= self.starts.data:
            raise ValidationError(_l("The end time must be after the starting time."))

    def validate_online_url(self, field):
        # The URL validator has said it already when the address is not one at all: one message, not two.
        if field.data and not field.errors and not field.data.lower().startswith("https://"):
            raise ValidationError(_l("Fill in a full web address, starting with https://."))

    def validate_capacity(self, field):
        if field.errors or not self._confirmed:
            return
        if field.data is not None and field.data < self._confirmed:
            raise ValidationError(ngettext("%(num)d person has a place already. Fill in at least that number.",
                                           "%(num)d people have a place already. Fill in at least that number.", self._confirmed))

    def to_input(self) -> SessionInput:
        return SessionInput(starts_at=local_moment(self.day.data, self.starts.data), ends_at=local_moment(self.day.data, self.ends.data),
                            capacity=self.capacity.data, place=self.place.data or "", address=self.address.data or "",
                            route=self.route.data or "", online_url=self.online_url.data or "")


class TableForm(BaseForm):
    title = StringField(_l("Theme of the table"), validators=[DataRequired(_l("Fill in the theme.")), fits(WorkshopTable.title)])
    facilitator = StringField(_l("Facilitator"), description=_l("Who leads the conversation at this table."),
                              validators=[Optional(), fits(WorkshopTable.facilitator)])


class RegistrationForm(HumanCheck, BaseForm):
    session = RadioField(_l("Session"), choices=[], coerce=int, validate_choice=True,
                         validators=[DataRequired(_l("Choose a session."))])
    name = StringField(_l("Name"), validators=[DataRequired(_l("Fill in your name.")), fits(Registration.name)])
    email = EmailField(_l("E-mail address"), description=_l("We send the confirmation and the calendar file to this address."),
                       validators=[DataRequired(_l("Fill in your e-mail address.")),
                                   Email(_l("This is not a valid e-mail address. Example: naam@voorbeeld.nl")), fits(Registration.email)])
    organisation_name = StringField(_l("Organisation"), validators=[Optional(), fits(Registration.organisation_name)])
    role = StringField(_l("Your role"), description=_l("For example: client adviser, team leader, resident."),
                       validators=[Optional(), fits(Registration.role)])
    tables = MultiCheckboxField(_l("Which tables would you like to join?"), choices=[], coerce=int, validate_choice=True)
    needs = TextAreaField(_l("Accessibility or dietary needs"),
                          description=_l("For example: wheelchair, sign language interpreter, vegetarian."),
                          validators=[Optional(), at_most(1000)])
    consent = BooleanField(_l("I agree that the organiser keeps my data for this werkatelier and deletes it afterwards."),
                           validators=[DataRequired(_l("Tick the box to agree. Without it we cannot register you."))])

    def validate_name(self, field):
        # Like the reaction form: too fast is refused with a message and every typed field kept, never dropped.
        if self.was_too_fast():
            raise ValidationError(_l("That went very fast. Check what you filled in, then send it again."))

    def to_input(self, locale: str, user_id: int | None) -> RegistrationInput:
        return RegistrationInput(name=self.name.data, email=self.email.data, organisation_name=self.organisation_name.data or "",
                                 role=self.role.data or "", needs=self.needs.data or "", table_ids=list(self.tables.data or []),
                                 locale=locale, user_id=user_id)


class MessageForm(BaseForm):
    subject = StringField(_l("Subject"), validators=[DataRequired(_l("Fill in a subject.")), at_most(200), plain_line])
    body = TextAreaField(_l("Message"), validators=[DataRequired(_l("Write a message.")), at_most(10_000)])


CARD_KINDS = [
    (CardKind.PROBLEM.value, _l("Problem (knelpunt)")),
    (CardKind.IDEA.value, _l("Idea")),
    (CardKind.ACTION.value, _l("Action")),
]


CARD_KIND_LABELS = {CardKind(value): label for value, label in CARD_KINDS}


class CardForm(SubmissionKey, BaseForm):
    kind = RadioField(_l("Kind of card"), choices=choices(CARD_KINDS), default=CardKind.IDEA.value,
                      validators=[DataRequired(_l("Choose the kind of card."))])
    text = TextAreaField(_l("Your input"), validators=[DataRequired(_l("Write your input.")), fits(InputCard.text)])
