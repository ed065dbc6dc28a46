from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from consult.core.forms import BaseForm

MAX_INTRODUCTION_LENGTH = 20_000


class IntroductionForm(BaseForm):
    introduction = TextAreaField(
        _l("Introduction of the response report"),
        validators=[Length(max=MAX_INTRODUCTION_LENGTH, message=_l("Use at most 20,000 characters."))],
    )


class NewVersionForm(BaseForm):
    """Publishing a new version of a nota that is already public: say what changed."""

    note = TextAreaField(
        _l("What has changed?"),
        description=_l("A short note for readers, for example: three late letters added and answered. "
                       "It is shown with the version on the public page."),
        validators=[DataRequired(_l("Write what has changed.")), Length(max=2_000, message=_l("Use at most 2,000 characters."))],
    )


class CorrectionForm(BaseForm):
    """Taking redacted texts into the published versions: say why, for the readers."""

    correction_note = TextAreaField(
        _l("Why are the texts corrected?"),
        description=_l("Shown with the corrected versions on the public page, for example: personal data removed."),
        validators=[DataRequired(_l("Write why the texts are corrected.")),
                    Length(max=2_000, message=_l("Use at most 2,000 characters."))],
    )
