from datetime import UTC, datetime, time

from flask import current_app
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
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
    Optional,
    Regexp,
    ValidationError,
)

from consult.consultations.models import Consultation, ConsultationFile, PeriodExtension, Procedure, WithheldDocument
from consult.consultations.term import awb_last_day, end_of_day
from consult.core.forms import BaseForm, at_most, choices, fits, one_line
from consult.core.i18n import AMSTERDAM, closing_moment, local_today
from consult.core.submission import SubmissionKey
from consult.core.uploads import detect_type

MAX_STUK_MB = 20

PROCEDURE_CHOICES = [
    (Procedure.AWB_UNIFORM.value, _l("Uniform public preparation procedure (afdeling 3.4 Awb): at least six weeks")),
    (Procedure.ORDINANCE.value, _l("The municipality's participation ordinance")),
    (Procedure.INFORMAL.value, _l("Informal consultation")),
]


def local_moment(day, at: time) -> datetime:
    """A date and clock time as meant in the Netherlands, whatever the server's zone. Forms refuse a time
    that does not exist there (``ExistingLocalTime``); an ambiguous one means its first occurrence."""
    return datetime.combine(day, at, tzinfo=AMSTERDAM)


def does_not_exist_locally(day, at: time) -> bool:
    """True for a clock time skipped in Europe/Amsterdam: 02:00–02:59 on the last Sunday of March."""
    moment = datetime.combine(day, at, tzinfo=AMSTERDAM)
    return moment.astimezone(UTC).astimezone(AMSTERDAM).replace(tzinfo=None) != moment.replace(tzinfo=None)


def is_ambiguous_locally(day, at: time) -> bool:
    """True for a clock time that happens twice in Europe/Amsterdam: 02:00–02:59 on the last Sunday of October."""
    first = datetime.combine(day, at, tzinfo=AMSTERDAM)
    return first.utcoffset() != first.replace(fold=1).utcoffset() and not does_not_exist_locally(day, at)


class ExistingLocalTime:
    """A time field's rule with its date field: refuse a Dutch clock time that does not exist (the clocks go
    forward) and, with ``refuse_ambiguous``, one that happens twice (the clocks go back), with a message
    beside the time field. Without this the time would silently move an hour."""

    def __init__(self, day_field: str, refuse_ambiguous: bool = True):
        self.day_field, self.refuse_ambiguous = day_field, refuse_ambiguous

    def __call__(self, form, field):
        day = form[self.day_field].data
        if day is None or field.data is None:
            return
        if does_not_exist_locally(day, field.data):
            raise ValidationError(_l("This time does not exist on this day: the clocks go forward from 02:00 to 03:00. "
                                     "Choose another time."))
        if self.refuse_ambiguous and is_ambiguous_locally(day, field.data):
            raise ValidationError(_l("This time happens twice on this day: the clocks go back from 03:00 to 02:00. "
                                     "Choose a time before 02:00 or from 03:00."))


class ConsultationForm(BaseForm):
    document_version = SelectField(_l("Document"), choices=[], validate_choice=True)
    # The title goes into mail subjects (a decision, a longer period): one line.
    title = StringField(_l("Title"), validators=[DataRequired(_l("Fill in a title.")), fits(Consultation.title), one_line])
    reference_prefix = StringField(
        _l("Letters for the reference"),
        description=_l("2 to 10 capital letters. Every reaction gets a reference like SMA-2026-0042."),
        validators=[DataRequired(_l("Fill in 2 to 10 capital letters.")), Regexp(r"^[A-Z]{2,10}$", message=_l("Use 2 to 10 capital letters, for example SMA.")),
                    fits(Consultation.reference_prefix)],
    )
    summary = TextAreaField(
        _l("In short"),
        description=_l("A short summary in plain Dutch (B1): what is the plan, and what do you ask of people?"),
        validators=[DataRequired(_l("Write a short summary.")), at_most(2000)],
    )
    introduction = TextAreaField(_l("Introduction"), validators=[Optional(), at_most(20_000)])
    procedure = RadioField(_l("Procedure"), choices=choices(PROCEDURE_CHOICES), default=Procedure.INFORMAL.value,
                           validators=[DataRequired(_l("Choose a procedure."))])
    opens_on = DateField(_l("Opens on"), validators=[DataRequired(_l("Fill in the date the period opens."))])
    opens_time = TimeField(_l("Opens at (time)"), default=time(9, 0),
                           validators=[DataRequired(_l("Fill in a time.")), ExistingLocalTime("opens_on")])
    closes_on = DateField(_l("Last day"), description=_l("Six weeks is usual. People can react until the end of this day."),
                          validators=[DataRequired(_l("Fill in the last day of the period."))])
    closes_time = TimeField(_l("Closes earlier that day, at (time)"),
                            description=_l("Leave empty to close at the end of the day. Not possible with the Awb procedure."),
                            validators=[Optional(), ExistingLocalTime("closes_on")])
    publishes_reactions = BooleanField(_l("Publish reactions on the website after moderation"), default=True)
    requires_email_confirmation = BooleanField(_l("Reactions count only after the sender confirms by e-mail"), default=True)
    decision_body = StringField(_l("Who decides afterwards?"), description=_l("For example: the municipal council."),
                                validators=[Optional(), fits(Consultation.decision_body)])
    decision_expected_on = DateField(_l("Decision expected on"), validators=[Optional()])
    contact_name = StringField(_l("Contact person"), validators=[DataRequired(_l("Fill in a contact person.")), fits(Consultation.contact_name)])
    contact_email = EmailField(_l("Contact e-mail address"), validators=[Optional(), Email(_l("This is not a valid e-mail address. Example: naam@voorbeeld.nl")),
                                                                         fits(Consultation.contact_email)])
    contact_phone = StringField(_l("Contact phone number"), validators=[Optional(), fits(Consultation.contact_phone)])
    postal_address = TextAreaField(_l("Postal address for letters"), validators=[Optional(), at_most(500)])
    house_rules = TextAreaField(_l("House rules for reactions"), validators=[Optional(), at_most(5000)])
    publication_url = URLField(_l("Link to the official publication"), validators=[Optional(), URL(message=_l("Fill in a full web address, starting with https://.")),
                                                                                  fits(Consultation.publication_url)])

    legal_basis = StringField(_l("Legal basis"), description=_l("For example: article 3 of the Inspraakverordening 2019."),
                              validators=[Optional(), fits(Consultation.legal_basis)])
    inspection_place = TextAreaField(_l("Where the documents can also be read on paper"),
                                     description=_l("The address, one part per line. For example: Stadhuis, Markt 1, Vianen."),
                                     validators=[Optional(), fits(Consultation.inspection_place)])
    inspection_hours = StringField(_l("Opening hours"), description=_l("For example: Monday to Friday, 9:00 to 17:00."),
                                   validators=[Optional(), fits(Consultation.inspection_hours)])
    official_publication = StringField(_l("Official publication"), description=_l("For example: Gemeenteblad 2026, 123456."),
                                       validators=[Optional(), fits(Consultation.official_publication)])

    def __init__(self, *args, prefix_taken=lambda letters: False, **kwargs):
        super().__init__(*args, **kwargs)
        self._prefix_taken = prefix_taken

    def validate_reference_prefix(self, field):
        # A kenmerk is LETTERS-year-number and unique across the installation, so two consultations
        # sharing letters would hand out the same kenmerk (the database refuses the second reaction).
        if field.data and self._prefix_taken(field.data):
            raise ValidationError(_l("Another consultation already uses these letters. Choose other letters."))

    def period(self) -> tuple[datetime, datetime]:
        """(opens_at, closes_at) in Amsterdam time; without a closing time, the end of the last day."""
        closes = (end_of_day(self.closes_on.data) if self.closes_time.data is None
                  else local_moment(self.closes_on.data, self.closes_time.data))
        return local_moment(self.opens_on.data, self.opens_time.data), closes

    def validate_opens_on(self, field):
        if (field.data and self.procedure.data == Procedure.AWB_UNIFORM.value
                and field.data < local_today()):
            raise ValidationError(_l("With the Awb procedure the six weeks start on the day the draft is put up for "
                                     "comments. Choose today or a later day."))

    def validate_closes_time(self, field):
        if field.data is not None and self.procedure.data == Procedure.AWB_UNIFORM.value:
            raise ValidationError(_l("With the Awb procedure the period runs until the end of the last day. "
                                     "Leave the time empty."))

    def validate_closes_on(self, field):
        if not (self.opens_on.data and field.data and self.opens_time.data):
            return
        opens, closes = self.period()
        if closes <= opens:
            raise ValidationError(_l("The period must close after it opens."))
        if self.procedure.data == Procedure.AWB_UNIFORM.value:
            last_day = awb_last_day(opens.date(), current_app.config["ATW_EXTRA_DAYS"])
            if field.data < last_day:
                raise ValidationError(_l("With the Awb procedure the last day is %(date)s or later: six weeks, "
                                         "moved past a weekend or public holiday.", date=format_date(last_day, "d MMMM y")))

    @staticmethod
    def default_close(opens_on):
        """Six weeks, to a working day: right for the Awb, usual for the rest."""
        return awb_last_day(opens_on, current_app.config["ATW_EXTRA_DAYS"])


class ExtensionForm(BaseForm):
    """A later last day for a published period (never an earlier one)."""

    closes_on = DateField(_l("New last day"), validators=[DataRequired(_l("Fill in the new last day."))])
    closes_time = TimeField(_l("Closes earlier that day, at (time)"),
                            description=_l("Leave empty to close at the end of the day. Not possible with the Awb procedure."),
                            validators=[Optional(), ExistingLocalTime("closes_on")])
    reason = TextAreaField(_l("Why is the period longer?"), description=_l("Officials see this in the log."),
                           validators=[DataRequired(_l("Write why the period is longer.")),
                                       fits(PeriodExtension.reason)])
    notice = TextAreaField(
        _l("Line for the announcement"),
        description=_l("Everyone reads this on the announcement page, and everyone who reacted gets it by e-mail."),
        validators=[DataRequired(_l("Write the line for the announcement.")),
                    fits(PeriodExtension.notice)])

    def __init__(self, *args, consultation: Consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self._consultation = consultation

    def closes_at(self) -> datetime:
        return (end_of_day(self.closes_on.data) if self.closes_time.data is None
                else local_moment(self.closes_on.data, self.closes_time.data))

    def validate_closes_time(self, field):
        if field.data is not None and self._consultation.procedure is Procedure.AWB_UNIFORM:
            raise ValidationError(_l("With the Awb procedure the period runs until the end of the last day. "
                                     "Leave the time empty."))

    def validate_closes_on(self, field):
        if field.data and self.closes_at() <= self._consultation.closes_at:
            raise ValidationError(_l("Choose a moment after the current end: %(moment)s. A period can only get longer.",
                                     moment=closing_moment(self._consultation.closes_at)))


class StukForm(SubmissionKey, BaseForm):
    """A stuk to lie ter inzage beside the draft."""

    title = StringField(_l("Title"), validators=[DataRequired(_l("Fill in a title.")),
                                                 fits(ConsultationFile.title)])
    file = FileField(_l("File"), description=_l("PDF, Word (.docx), OpenDocument (.odt), JPG or PNG, at most %(mb)s MB.",
                                                 mb=MAX_STUK_MB),
                     validators=[FileRequired(_l("Choose a file."))])

    def validate_file(self, field):
        data = field.data.read(MAX_STUK_MB * 1024 * 1024 + 1) if field.data else b""
        field.data.seek(0)
        if len(data) > MAX_STUK_MB * 1024 * 1024:
            raise ValidationError(_l("The file is larger than %(mb)s MB.", mb=MAX_STUK_MB))
        if detect_type(data) is None:
            raise ValidationError(_l("This file is not a PDF, Word, OpenDocument, JPG or PNG file."))


class WithheldForm(SubmissionKey, BaseForm):
    """A stuk that is not made public, and why (the Woo ground)."""

    withheld_title = StringField(_l("Document not made public"), validators=[
        DataRequired(_l("Fill in a title.")), fits(WithheldDocument.title)])
    ground = StringField(_l("Ground in the Woo"), description=_l("For example: art. 5.1 lid 2 sub e Woo (privacy)."),
                         validators=[DataRequired(_l("Fill in the ground in the Woo.")),
                                     fits(WithheldDocument.ground)])


class HouseRulesForm(BaseForm):
    """A consultation's own house rules; empty means the default rules on their own page (/huisregels)."""

    house_rules = TextAreaField(
        _l("House rules for reactions"),
        description=_l("Leave empty to use the default house rules. People read these rules beside the reaction form."),
        validators=[Optional(), at_most(5000)])
