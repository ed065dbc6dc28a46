from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Email, ValidationError

from consult.accounts.models import MembershipRole, User
from consult.core.forms import BaseForm, choices, fits

ROLE_CHOICES = [
    ("", _l("Choose a role")),
    (MembershipRole.OFFICIAL.value, _l("Official (municipality or region)")),
    (MembershipRole.PARTNER.value, _l("Partner (organisation that takes part)")),
]


class MembershipForm(BaseForm):
    organisation = SelectField(_l("Organisation"), choices=[], validate_choice=True,
                               validators=[DataRequired(_l("Choose an organisation."))])
    role = SelectField(_l("Role"), choices=choices(ROLE_CHOICES), validators=[DataRequired(_l("Choose a role."))])


class InviteForm(MembershipForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Fill in the name.")),
                                              fits(User.name, _l("Use at most 200 characters."))])
    email = EmailField(_l("E-mail address"), validators=[
        DataRequired(_l("Fill in the e-mail address.")),
        Email(_l("This is not a valid e-mail address. Example: naam@voorbeeld.nl")),
        fits(User.email, _l("Use at most 254 characters.")),
    ])

    def __init__(self, *args, taken=lambda email: False, **kwargs):
        super().__init__(*args, **kwargs)
        self._taken = taken

    def validate_email(self, field):
        if self._taken(field.data):
            raise ValidationError(_l("There is already an account with this e-mail address."))
