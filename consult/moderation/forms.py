from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import DataRequired

from consult.core.forms import BaseForm, choices

REJECTION_REASONS = [
    ("spam", _l("Spam or advertising")),
    ("offensive", _l("Offensive or discriminating")),
    ("personal_data", _l("Personal data of others")),
    ("off_topic", _l("Not about this consultation")),
]


class RejectForm(BaseForm):
    reason = SelectField(_l("Reason"), choices=choices(REJECTION_REASONS), validators=[DataRequired(_l("Choose a reason."))])
