from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    EmailField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    RadioField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, DataRequired, Email, InputRequired, NumberRange, Optional

from consult.accessibility.labels import OMBUDSMAN_LABELS, STATUS_LABELS
from consult.accessibility.models import AccessibilityStatement, ComplianceStatus, Ombudsman
from consult.core.forms import BaseForm, at_most, choices, fits

WEB_ADDRESS = _l("Fill in a full web address, starting with https://.")
BLANK_ROWS = 2  # empty rows under the stored ones, to add an audit or a problem without JavaScript


class _Row(Form):
    """A row of a list on the statement form: no CSRF of its own, the same trimming as every form."""

    class Meta:
        bind_field = BaseForm.Meta.bind_field

    needed: str = ""  # the field a filled-in row cannot do without
    needed_message = ""

    def is_empty(self) -> bool:
        return not any(field.data for field in self)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        field = self[self.needed]
        if not self.is_empty() and not field.data:
            field.errors = [*field.errors, self.needed_message]
            self._errors = None
            return False
        return valid


class AuditRow(_Row):
    needed, needed_message = "method", _l("Write how it was checked, or empty this row.")
    checked_on = DateField(_l("Date of the check"), validators=[Optional()])
    method = StringField(_l("How was it checked?"), description=_l("For example: an audit by an expert, or an automatic test."),
                         validators=[at_most(300)])
    link = URLField(_l("Link to the report"), validators=[Optional(), URL(message=WEB_ADDRESS),
                                                          at_most(500)])


class ProblemRow(_Row):
    needed, needed_message = "problem", _l("Describe the problem, or empty this row.")
    problem = TextAreaField(_l("Problem"), validators=[at_most(1000)])
    measure = TextAreaField(_l("What we do about it"), validators=[at_most(1000)])
    planned_on = DateField(_l("Solved by"), validators=[Optional()])


class StatementForm(BaseForm):
    """The toegankelijkheidsverklaring in the national model's parts."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            # A list of rows takes no filters: its rows' own fields are trimmed (see _Row).
            if issubclass(unbound_field.field_class, (FieldList, FormField)):
                return unbound_field.bind(form=form, **options)
            return BaseForm.Meta.bind_field(self, form, unbound_field, options)

    scope = StringField(_l("Which website or app does this statement cover?"),
                        validators=[DataRequired(_l("Fill in which website or app this statement covers.")),
                                    fits(AccessibilityStatement.scope)])
    status = RadioField(_l("Compliance status"), choices=choices([(s.value, label) for s, label in STATUS_LABELS.items()]),
                        validators=[DataRequired(_l("Choose the compliance status."))])
    statement_date = DateField(_l("Date of this statement"), validators=[DataRequired(_l("Fill in the date of this statement."))])
    audits = FieldList(FormField(AuditRow), label=_l("How the website was checked"))
    problems = FieldList(FormField(ProblemRow), label=_l("Known problems"))
    contact_email = EmailField(_l("E-mail address for feedback"), validators=[
        Optional(), Email(_l("This is not a valid e-mail address. Example: naam@voorbeeld.nl")),
        fits(AccessibilityStatement.contact_email)])
    contact_phone = StringField(_l("Phone number for feedback"), validators=[
        Optional(), fits(AccessibilityStatement.contact_phone)])
    response_days = IntegerField(_l("Within how many working days do you answer?"), validators=[
        InputRequired(_l("Fill in a number of working days.")),
        NumberRange(min=1, max=60, message=_l("Fill in a number from 1 to 60."))])
    ombudsman = RadioField(_l("Where can people go when our answer does not help?"),
                           choices=choices([(o.value, label) for o, label in OMBUDSMAN_LABELS.items()]),
                           validators=[DataRequired(_l("Choose the ombudsman."))])
    ombudsman_name = StringField(_l("Name of the ombudsman"), description=_l("Only for your own ombudsman."),
                                 validators=[Optional(), fits(AccessibilityStatement.ombudsman_name)])
    ombudsman_url = URLField(_l("Website of the ombudsman"), description=_l("Only for your own ombudsman."),
                             validators=[Optional(), URL(message=WEB_ADDRESS),
                                         fits(AccessibilityStatement.ombudsman_url)])

    def validate(self, extra_validators=None) -> bool:
        # Not validate_<field>: these fields are optional, and Optional() ends their checks when empty.
        valid = super().validate(extra_validators)
        if not self.contact_email.data and not self.contact_phone.data:
            self.contact_email.errors = [*self.contact_email.errors, _l("Fill in an e-mail address or a phone number for feedback.")]
            valid = False
        if self.ombudsman.data == Ombudsman.MUNICIPAL.value and not self.ombudsman_name.data:
            self.ombudsman_name.errors = [*self.ombudsman_name.errors, _l("Fill in the name of your own ombudsman.")]
            valid = False
        return valid

    def add_blank_rows(self) -> None:
        for _number in range(BLANK_ROWS):
            self.audits.append_entry()
            self.problems.append_entry()

    def audit_list(self) -> list[dict]:
        return [{"date": row.form.checked_on.data.isoformat() if row.form.checked_on.data else "",
                 "method": row.form.method.data, "link": row.form.link.data or ""}
                for row in self.audits if not row.form.is_empty()]

    def problem_list(self) -> list[dict]:
        return [{"problem": row.form.problem.data, "measure": row.form.measure.data or "",
                 "planned_on": row.form.planned_on.data.isoformat() if row.form.planned_on.data else ""}
                for row in self.problems if not row.form.is_empty()]

    @property
    def compliance_status(self) -> ComplianceStatus:
        return ComplianceStatus(self.status.data)
