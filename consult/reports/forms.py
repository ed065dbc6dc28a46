from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import Length

from consult.core.forms import BaseForm

MAX_INTRODUCTION_LENGTH = 20_000


class IntroductionForm(BaseForm):
    introduction = TextAreaField(
        _l("Introduction of the response report"),
        validators=[Length(max=MAX_INTRODUCTION_LENGTH, message=_l("Use at most 20,000 characters."))],
    )
