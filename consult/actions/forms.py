"""Forms of the actieprogramma. Choices (themes, owners, municipalities) are filled in by the view from
the programme; values not offered are refused with a message beside the field."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Optional, ValidationError

from consult.actions.labels import SCOPE_LABELS, STATUS_LABELS
from consult.actions.models import MAX_DESCRIPTION_LENGTH, MAX_UPDATE_LENGTH, Action, ActionScope, ActionStatus
from consult.core.forms import BaseForm, at_most, choices, fits, one_line, refuse_past
from consult.core.submission import SubmissionKey


def _offered(field) -> set[str]:
    return {choice.value if hasattr(choice, "value") else choice[0] for choice in field.choices}


class ActionForm(SubmissionKey, BaseForm):
    # The title goes into the subject of the terugkoppeling mail: one line.
    title = StringField(_l("Title"), validators=[DataRequired(_l("Write a short title.")), fits(Action.title), one_line])
    description = TextAreaField(
        _l("Description"), description=_l("What will be done, and what it should bring. Everyone can read this."),
        validators=[Optional(), at_most(MAX_DESCRIPTION_LENGTH)])
    theme = SelectField(_l("Theme"), choices=[], validate_choice=False)
    scope = RadioField(_l("Scope"), choices=choices((s.value, label) for s, label in SCOPE_LABELS.items()),
                       validators=[DataRequired(_l("Choose local or regional."))])
    municipalities = SelectMultipleField(_l("Municipalities it concerns"), choices=[], validate_choice=False)
    owner = SelectField(_l("Owner"), description=_l("Who makes sure it happens. Without an organisation, the "
                                                     "bestuurlijk duo of the theme owns the action."),
                        choices=[], validate_choice=False)
    deadline = DateField(_l("Deadline"), validators=[Optional()],
                         description=_l("The day the action should be done, for example 31-12-2026."))
    # Where the action comes from, set by the button in the workbench: "reaction:12" or "advice_point:3".
    source = HiddenField()
    # Shown only when the source is an outcome that became an action already (``earlier_actions``).
    again = BooleanField(_l("Yes, make a second action of this outcome"),
                         description=_l("Only when the outcome really asks for two actions. The writers of its cards "
                                        "get an e-mail about this action too."))

    # The actions the source outcome became already, set by the view; then ``again`` must be ticked.
    earlier_actions: tuple | list = ()

    def validate_again(self, field):
        if self.earlier_actions and not field.data:
            raise ValidationError(_l("This outcome is an action already. Tick the box to make a second one anyway."))

    def validate_theme(self, field):
        if field.data and field.data not in _offered(field):
            raise ValidationError(_l("Choose a theme from the list."))

    def validate_owner(self, field):
        if field.data and field.data not in _offered(field):
            raise ValidationError(_l("Choose an owner from the list."))
        if not field.data and not self.theme.data:
            raise ValidationError(_l("Choose an owner, or a theme whose bestuurlijk duo owns the action."))

    def validate_municipalities(self, field):
        if any(value not in _offered(field) for value in field.data or []):
            raise ValidationError(_l("Choose municipalities from the list."))
        if self.scope.data == ActionScope.LOCAL.value and not field.data:
            raise ValidationError(_l("A local task concerns at least one municipality."))

    def __init__(self, *args, today: date | None = None, saved_deadline: date | None = None, **kwargs):
        """``today`` (Dutch date) refuses a deadline in the past, unless it is the deadline saved already."""
        super().__init__(*args, **kwargs)
        self._today, self._saved_deadline = today, saved_deadline

    def validate_deadline(self, field):
        # The years are checked for every date field (consult.core.forms.date_in_range).
        if self._today is not None:
            refuse_past(field.data, self._today, self._saved_deadline)


class UpdateForm(SubmissionKey, BaseForm):
    """A progress note, optionally with a new status (the view offers only the allowed moves)."""

    status = SelectField(_l("Status"), choices=[], validate_choice=False)
    body = TextAreaField(
        _l("Progress"), description=_l("What happened since the last update. Everyone can read this."),
        validators=[at_most(MAX_UPDATE_LENGTH)])

    def validate_status(self, field):
        if field.data and field.data not in _offered(field):
            raise ValidationError(_l("Choose a status from the list."))

    def validate_body(self, field):
        if not field.data and not self.status.data:
            raise ValidationError(_l("Write what happened, or choose a new status."))

    def new_status(self) -> ActionStatus | None:
        return ActionStatus(self.status.data) if self.status.data else None


def status_choices(action: Action) -> list:
    return choices([("", _l("Keep the status"))] + [(s.value, STATUS_LABELS[s]) for s in action.allowed_statuses])


class SinceForm(BaseForm):
    """The date the progress view looks back to (a GET form, so it has no CSRF token)."""

    class Meta:
        csrf = False

    since = DateField(_l("Changed since"), validators=[Optional()])


class LinkForm(BaseForm):
    """Link the input named by ``source`` to an action the official chooses (the view offers them)."""

    action = SelectField(_l("Existing action"), choices=[], validate_choice=False,
                         validators=[DataRequired(_l("Choose an action."))])
    source = HiddenField()

    def validate_action(self, field):
        if field.data not in _offered(field):
            raise ValidationError(_l("Choose an action from the list."))
