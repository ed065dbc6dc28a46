from datetime import datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.validators import (
    URL,
    DataRequired,
    Email,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from consult.consultations.models import AWB_MINIMUM_PERIOD, Consultation, Procedure
from consult.core.forms import BaseForm, choices, fits
from consult.core.i18n import AMSTERDAM

PROCEDURE_CHOICES = [
    (Procedure.AWB_UNIFORM.value, _l("Uniform public preparation procedure (afdeling 3.4 Awb): at least six weeks")),
    (Procedure.ORDINANCE.value, _l("The municipality's participation ordinance")),
    (Procedure.INFORMAL.value, _l("Informal consultation")),
]


def local_moment(day, at: time) -> datetime:
    """A date and clock time as meant in the Netherlands, whatever the server's zone."""
    return datetime.combine(day, at, tzinfo=AMSTERDAM)


class ConsultationForm(BaseForm):
    document_version = SelectField(_l("Document"), choices=[], validate_choice=True)
    title = StringField(_l("Title"), validators=[DataRequired(_l("Fill in a title.")), fits(Consultation.title, _l("Use at most 300 characters."))])
    reference_prefix = StringField(
        _l("Letters for the reference"),
        description=_l("2 to 10 capital letters. Every reaction gets a reference like SMA-2026-0042."),
        validators=[DataRequired(_l("Fill in 2 to 10 capital letters.")), Regexp(r"^[A-Z]{2,10}$", message=_l("Use 2 to 10 capital letters, for example SMA.")),
                    fits(Consultation.reference_prefix)],
    )
    summary = TextAreaField(
        _l("In short"),
        description=_l("A short summary in plain Dutch (B1): what is the plan, and what do you ask of people?"),
        validators=[DataRequired(_l("Write a short summary.")), Length(max=2000, message=_l("Use at most 2,000 characters."))],
    )
    introduction = TextAreaField(_l("Introduction"), validators=[Optional(), Length(max=20_000, message=_l("Use at most 20,000 characters."))])
    procedure = RadioField(_l("Procedure"), choices=choices(PROCEDURE_CHOICES), default=Procedure.INFORMAL.value,
                           validators=[DataRequired(_l("Choose a procedure."))])
    opens_on = DateField(_l("Opens on"), validators=[DataRequired(_l("Fill in the date the period opens."))])
    opens_time = TimeField(_l("Opens at (time)"), default=time(9, 0), validators=[DataRequired(_l("Fill in a time."))])
    closes_on = DateField(_l("Closes on"), description=_l("Six weeks is usual."), validators=[DataRequired(_l("Fill in the date the period closes."))])
    closes_time = TimeField(_l("Closes at (time)"), default=time(9, 0), validators=[DataRequired(_l("Fill in a time."))])
    publishes_reactions = BooleanField(_l("Publish reactions on the website after moderation"), default=True)
    requires_email_confirmation = BooleanField(_l("Reactions count only after the sender confirms by e-mail"), default=True)
    decision_body = StringField(_l("Who decides afterwards?"), description=_l("For example: the municipal council."),
                                validators=[Optional(), fits(Consultation.decision_body, _l("Use at most 200 characters."))])
    decision_expected_on = DateField(_l("Decision expected on"), validators=[Optional()])
    contact_name = StringField(_l("Contact person"), validators=[DataRequired(_l("Fill in a contact person.")), fits(Consultation.contact_name, _l("Use at most 200 characters."))])
    contact_email = EmailField(_l("Contact e-mail address"), validators=[Optional(), Email(_l("This is not a valid e-mail address. Example: naam@voorbeeld.nl")),
                                                                         fits(Consultation.contact_email, _l("Use at most 254 characters."))])
    contact_phone = StringField(_l("Contact phone number"), validators=[Optional(), fits(Consultation.contact_phone, _l("Use at most 40 characters."))])
    postal_address = TextAreaField(_l("Postal address for letters"), validators=[Optional(), Length(max=500, message=_l("Use at most 500 characters."))])
    house_rules = TextAreaField(_l("House rules for reactions"), validators=[Optional(), Length(max=5000, message=_l("Use at most 5,000 characters."))])
    publication_url = URLField(_l("Link to the official publication"), validators=[Optional(), URL(message=_l("Fill in a full web address, starting with https://.")),
                                                                                  fits(Consultation.publication_url)])

    def __init__(self, *args, prefix_taken=lambda letters: False, **kwargs):
        super().__init__(*args, **kwargs)
        self._prefix_taken = prefix_taken

    def validate_reference_prefix(self, field):
        # A kenmerk is LETTERS-year-number and unique across the installation, so two consultations
        # sharing letters would hand out the same kenmerk (the database refuses the second reaction).
        if field.data and self._prefix_taken(field.data):
            raise ValidationError(_l("Another consultation already uses these letters. Choose other letters."))

    def period(self) -> tuple[datetime, datetime]:
        return local_moment(self.opens_on.data, self.opens_time.data), local_moment(self.closes_on.data, self.closes_time.data)

    def validate_closes_on(self, field):
        if not (self.opens_on.data and field.data and self.opens_time.data and self.closes_time.data):
            return
        opens, closes = self.period()
        if closes <= opens:
            raise ValidationError(_l("The period must close after it opens."))
        if self.procedure.data == Procedure.AWB_UNIFORM.value and closes - opens < AWB_MINIMUM_PERIOD:
            raise ValidationError(_l("With the Awb procedure the period lasts at least six weeks."))

    @staticmethod
    def default_close(opens_on):
        return opens_on + timedelta(weeks=6)
