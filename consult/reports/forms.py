from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired

from consult.core.forms import BaseForm, at_most, choices
from consult.reports.models import Grouping

MAX_INTRODUCTION_LENGTH = 20_000
MAX_OWN_CHANGE_LENGTH = 5_000


class IntroductionForm(BaseForm):
    introduction = TextAreaField(
        _l("Introduction of the response report"),
        validators=[at_most(MAX_INTRODUCTION_LENGTH)],
    )


class NewVersionForm(BaseForm):
    """Publishing a new version of a nota that is already public: say what changed."""

    note = TextAreaField(
        _l("What has changed?"),
        description=_l("A short note for readers, for example: three late letters added and answered. "
                       "It is shown with the version on the public page."),
        validators=[DataRequired(_l("Write what has changed.")), at_most(2_000)],
    )


class CorrectionForm(BaseForm):
    """Taking redacted texts into the published versions: say why, for the readers."""

    correction_note = TextAreaField(
        _l("Why are the texts corrected?"),
        description=_l("Shown with the corrected versions on the public page, for example: personal data removed."),
        validators=[DataRequired(_l("Write why the texts are corrected.")),
                    at_most(2_000)],
    )


GROUPING_CHOICES = [(Grouping.SECTION.value, _l("Per section of the draft")),
                    (Grouping.THEME.value, _l("Per theme (the codes you gave the reactions)"))]


class GroupingForm(BaseForm):
    """How the nota is ordered; the next published version follows it, earlier versions keep theirs."""

    grouping = RadioField(_l("How is the response report ordered?"), choices=choices(GROUPING_CHOICES),
                          validators=[DataRequired(_l("Choose how the response report is ordered."))])


class OwnChangeForm(BaseForm):
    """An ambtshalve wijziging: a change the municipality makes without a reaction asking for it."""

    section = SelectField(_l("Section of the new version"), choices=[], validate_choice=True)
    body = TextAreaField(
        _l("What changes, and why?"),
        description=_l("A change the municipality makes on its own, not because of a reaction. "
                       "It gets its own chapter in the response report."),
        validators=[DataRequired(_l("Write what changes.")),
                    at_most(MAX_OWN_CHANGE_LENGTH)],
    )
