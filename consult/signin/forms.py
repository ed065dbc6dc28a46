from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email

from consult.accounts.forms import NewPasswordForm
from consult.core.forms import BaseForm, fits
from consult.signin.models import SignInLink


class ChoosePasswordForm(NewPasswordForm):
    """A password for an account made by a sign-in link; someone who has one types it first."""

    current = PasswordField(_l("Current password"))


class ContactForm(BaseForm):
    """A contact person of an invited organisation. The view fills in the organisations (invitation ids)."""

    invitation = SelectField(_l("Organisation"), choices=[], validate_choice=True,
                             validators=[DataRequired(_l("Choose an organisation."))])
    name = StringField(_l("Name"), validators=[DataRequired(_l("Fill in the name.")),
                                              fits(SignInLink.name)])
    email = EmailField(_l("E-mail address"), validators=[
        DataRequired(_l("Fill in the e-mail address.")),
        Email(_l("This is not a valid e-mail address. Example: naam@voorbeeld.nl")),
        fits(SignInLink.email),
    ])
