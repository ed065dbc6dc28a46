from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from consult.accounts.models import User
from consult.core.forms import BaseForm, at_most, fits

MIN_PASSWORD_LENGTH = 12


class LoginForm(BaseForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(_l("Fill in your e-mail address.")),
                                                        fits(User.email)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Fill in your password."))])


class PasswordResetRequestForm(BaseForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(_l("Fill in your e-mail address.")),
            Email(_l("This is not a valid e-mail address. Example: naam@voorbeeld.nl")),
            fits(User.email),
        ],
    )


class NewPasswordForm(BaseForm):
    password = PasswordField(
        _l("New password"),
        description=_l("At least 12 characters. A sentence you remember is a good password."),
        validators=[
            DataRequired(_l("Choose a new password.")),
            Length(min=MIN_PASSWORD_LENGTH, message=_l("Use at least 12 characters.")), at_most(200),
        ],
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(_l("Type the new password again.")),
            EqualTo("password", _l("The two passwords are not the same.")),
        ],
    )


class ConfirmPasswordForm(BaseForm):
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Fill in your password."))])


class CodeForm(BaseForm):
    code = StringField(
        _l("Code"), description=_l("The 6 digits your authenticator app shows now, or one of your recovery codes."),
        validators=[DataRequired(_l("Fill in the code.")), at_most(20)],
    )
