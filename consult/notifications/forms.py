from flask_babel import lazy_gettext as _l
from wtforms import RadioField
from wtforms.validators import InputRequired

from consult.core.forms import BaseForm, choices
from consult.notifications.models import MailFrequency


class MailFrequencyForm(BaseForm):
    frequency = RadioField(
        _l("E-mails about feedback rounds"),
        description=_l("Invitations and receipts always come at once."),
        choices=choices([(MailFrequency.IMMEDIATE.value, _l("Each e-mail at once")),
                         (MailFrequency.DAILY.value, _l("One summary a day (in the morning)"))]),
        validators=[InputRequired(_l("Choose how you want to get e-mails."))])
