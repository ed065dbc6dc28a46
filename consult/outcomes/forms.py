from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, RadioField, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, NumberRange, ValidationError

from consult.actions.models import ActionScope
from consult.core.forms import BaseForm, choices, fits, refuse_past
from consult.core.submission import SubmissionKey
from consult.outcomes.models import MAX_VOTES, OutcomeComment, WorkshopOutcome
from consult.workshops.forms import CARD_KINDS, MultiCheckboxField
from consult.workshops.models import CardKind

SCOPES = [(ActionScope.LOCAL.value, _l("Local (one or more municipalities)")),
          (ActionScope.REGIONAL.value, _l("Regional (the region together)"))]


class OutcomeForm(SubmissionKey, BaseForm):
    table = SelectField(_l("Table"), choices=[], validate_choice=True, validators=[DataRequired(_l("Choose the table."))])
    kind = RadioField(_l("Kind"), choices=choices(CARD_KINDS), default=CardKind.IDEA.value,
                      validators=[DataRequired(_l("Choose the kind."))])
    text = TextAreaField(_l("What came out"), validators=[DataRequired(_l("Write what came out.")), fits(WorkshopOutcome.text)])
    scope = RadioField(_l("Scope"), choices=choices(SCOPES), default=ActionScope.LOCAL.value,
                       validators=[DataRequired(_l("Choose local or regional."))])
    municipalities = MultiCheckboxField(_l("Municipalities it concerns"), choices=[], validate_choice=True)
    # "organisation:<id>" or "duo:<theme id>", as offered by the view; empty: no owner proposed.
    proposed_owner = SelectField(_l("Proposed owner"),
                                 description=_l("An organisation, or the bestuurlijk duo of a theme. "
                                                "An action made of this outcome gets this owner."),
                                 choices=[], validate_choice=False)
    # Rendered as plain checkboxes by outcomes/_outcome_form.html (card_checkboxes), one table's cards at a
    # time: no choices and no subfield per card, so a table of 400 cards stays a light page.
    cards = SelectMultipleField(_l("Cards this comes from"), choices=[], validate_choice=False,
                                description=_l("Only cards of the chosen table."))

    def __init__(self, *args, card_tables: dict[str, str] | None = None, **kwargs):
        """``card_tables``: the table id of each posted card that belongs to the werkatelier, both as text."""
        super().__init__(*args, **kwargs)
        self._card_tables = card_tables or {}

    def validate_proposed_owner(self, field):
        offered = {choice.value if hasattr(choice, "value") else choice[0] for choice in field.choices}
        if field.data and field.data not in offered:
            raise ValidationError(_l("Choose an owner from the list."))

    def validate_cards(self, field):
        wrong = [c for c in field.data or [] if self._card_tables.get(c) != self.table.data]
        if wrong:
            raise ValidationError(_l("Choose only cards of the chosen table."))


class VerslagForm(BaseForm):
    votes_per_person = IntegerField(_l("Votes per participant"), default=3,
                                    description=_l("How many ideas each participant may choose."),
                                    validators=[DataRequired(_l("Fill in a number from 1 to %(max)d.", max=MAX_VOTES)),
                                                NumberRange(1, MAX_VOTES, _l("Fill in a number from 1 to %(max)d.", max=MAX_VOTES))])
    comments_until = DateField(_l("Participants can react and vote until"),
                               description=_l("Until the end of this day. For example 31-12-2026."),
                               validators=[DataRequired(_l("Fill in the last day, for example 31-12-2026."))])
    publish = BooleanField(_l("Show the verslag to the participants now"))

    def __init__(self, *args, today: date | None = None, saved_day: date | None = None, **kwargs):
        """``today`` (Dutch date) refuses a last day in the past (it would close voting at once), unless it
        is the day saved already."""
        super().__init__(*args, **kwargs)
        self._today, self._saved_day = today, saved_day

    def validate_comments_until(self, field):
        if self._today is not None:
            refuse_past(field.data, self._today, self._saved_day)


class VerslagCommentForm(SubmissionKey, BaseForm):
    outcome = SelectField(_l("About"), choices=[], validate_choice=True)
    text = TextAreaField(_l("Your reaction"), validators=[DataRequired(_l("Write your reaction.")), fits(OutcomeComment.text)])
