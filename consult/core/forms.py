"""The base every form builds on: CSRF from Flask-WTF, whitespace and unsafe characters stripped from text."""
import re
import time
import unicodedata
from datetime import date

from babel import support
from flask import current_app, flash, g, has_request_context, request
from flask_babel import format_number, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto
from itsdangerous import BadSignature, URLSafeSerializer
from wtforms import DateField, HiddenField, IntegerField, PasswordField, SelectField, StringField, TimeField
from wtforms.fields.choices import SelectChoice, SelectFieldBase
from wtforms.i18n import messages_path
from wtforms.validators import Length, StopValidation, ValidationError

from consult.core.kept_forms import kept_for_this_page
from consult.core.text import xml_safe

# What shows nothing on its own: spaces of every kind (Zs, Zl, Zp), control characters (Cc) and format
# characters (Cf: zero-width space and joiners, word joiner, BOM, the direction marks and embeddings).
_INVISIBLE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf"})


def is_invisible(character: str) -> bool:
    """Whether one character shows nothing by itself (a space, a control or a format character)."""
    return character.isspace() or unicodedata.category(character) in _INVISIBLE_CATEGORIES


def _trim_invisible(text: str) -> str:
    start, end = 0, len(text)
    while start < end and is_invisible(text[start]):
        start += 1
    while end > start and is_invisible(text[end - 1]):
        end -= 1
    return text[start:end]


def clean_text(value):
    """Text as a person meant it: no characters XML forbids (``consult.core.text``), nothing invisible around
    it (spaces, zero-width and direction characters at either end). Text with nothing visible becomes "", so
    every "required" check (DataRequired with its "Vul … in" message) refuses it. Invisible characters
    between visible ones stay: a joiner in an emoji sequence or a Persian word is part of what was typed."""
    return _trim_invisible(xml_safe(value)) if isinstance(value, str) else value


def column_length(column) -> int:
    """The length a model's string column holds, e.g. ``column_length(Reaction.author_name)`` is 200.
    Raises ValueError for a column without one (Text), so a form cannot claim a limit it does not have."""
    length = getattr(column.type, "length", None)
    if not length:
        raise ValueError(f"{column} has no length")
    return length


class TextLimit(Length):
    """A Length validator whose message is the one wording of the whole app for a length limit: the limit and
    how many characters were typed, both as Dutch numbers ("Gebruik maximaal 2.000 tekens. Nu zijn het er 2.417.").
    ``extra`` is a sentence after it that says what to do in this form ("Voeg de rest toe als scan."); the
    limit itself is never worded by hand, so it cannot read differently or name another number."""

    def __init__(self, max: int, extra=None):
        super().__init__(max=max)
        self.extra = extra

    def __call__(self, form, field):
        length = len(field.data) if field.data else 0
        if length > self.max:
            message = _("Use at most %(max)s characters. Now there are %(length)s.",
                        max=format_number(self.max), length=format_number(length))
            raise ValidationError(f"{message} {self.extra}" if self.extra else message)


def at_most(max: int, extra=None) -> TextLimit:
    """A length limit of ``max`` characters for text that fills no column with a length (a Text column),
    with ``extra``: an optional sentence after the message (see ``TextLimit``)."""
    return TextLimit(max, extra)


def fits(column, extra=None) -> TextLimit:
    """A length limit with the column's own limit: what the form accepts, the database can store. The
    person reads the limit and how many characters they typed, and ``extra`` if given."""
    return TextLimit(column_length(column), extra)


# Every date a form accepts lies in these years: Python's and the databases' dates end at 9999 and start at 1,
# and a day near those ends overflows as soon as it becomes a moment in Europe/Amsterdam or UTC.
EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2100, 12, 31)


def is_plausible_day(day: date) -> bool:
    """Whether ``day`` lies between EARLIEST_DAY and LATEST_DAY (inclusive): what every date field accepts."""
    return EARLIEST_DAY <= day <= LATEST_DAY


def date_in_range(form, field) -> None:
    """The validator every DateField of a BaseForm gets (see BaseForm.Meta.bind_field). It stops the chain,
    so a form's own checks never turn a day in the year 1 or 9999 into a moment."""
    if field.data is not None and not is_plausible_day(field.data):
        raise StopValidation(_l("Fill in a date between 2000 and 2100."))


def stop_after_unreadable_value(form, field) -> None:
    """The first validator of every field of a BaseForm: a value that could not be read ("abc" for a number,
    "31-31-2026" for a date) has said so in its own message; no further check adds a second one about it.
    An empty value goes on: "required" or "optional" says what to do with it."""
    if field.process_errors and any(str(value).strip() for value in field.raw_data or []):
        raise StopValidation()


# Line breaks (a mail header cannot hold one), HTML tags, and the characters that turn the direction of the
# text around it (U+202A-U+202E, U+2066-U+2069): a subject shows them, or is garbled by them, in every inbox.
_NOT_PLAIN = re.compile(r"[\r\n\u202a-\u202e\u2066-\u2069]|<\s*/?\s*[a-zA-Z!]")


def plain_line(form, field) -> None:
    """For text that becomes a mail subject: one line of plain text, or a message beside the field."""
    if field.data and _NOT_PLAIN.search(field.data):
        raise ValidationError(_l("Write one line of plain text: no line breaks, no HTML and no direction marks."))


def one_line(form, field) -> None:
    """For a title that goes into a mail subject: no line break (a browser's text box has none, a crafted
    request may), refused beside the field rather than flattened without a word when the mail is made."""
    if field.data and ("\r" in field.data or "\n" in field.data):
        raise ValidationError(_l("Write this on one line, without line breaks."))


def refuse_past(day: date | None, today: date, saved: date | None = None) -> None:
    """Raises ValidationError when ``day`` (a Dutch date) is before ``today`` and is not the day saved already,
    for dates that only make sense from today on (a deadline, a session)."""
    if day is not None and day < today and day != saved:
        raise ValidationError(_l("This day has passed. Fill in a day from today."))


def _own_messages(unbound_field) -> dict:
    """The messages WTForms would otherwise give in its own words ("Not a valid choice.", "'99', '-1' are not
    valid choices for this field.", "Not a valid date value."): ours name the field and never echo a value."""
    cls = unbound_field.field_class
    label = unbound_field.kwargs.get("label") or (unbound_field.args[0] if unbound_field.args else "")
    given = unbound_field.kwargs
    messages = {}
    if issubclass(cls, SelectField):
        messages["invalid_choice_message"] = _l("Choose one of the options at “%(label)s”.", label=label)
        messages["invalid_value_message"] = _l("Choose one of the options at “%(label)s”.", label=label)
    elif issubclass(cls, DateField):
        messages["invalid_value_message"] = _l("Fill in a date, for example 31-12-2026.")
    elif issubclass(cls, TimeField):
        messages["invalid_value_message"] = _l("Fill in a time, for example 13:30.")
    elif issubclass(cls, IntegerField):
        messages["invalid_value_message"] = _l("Fill in a whole number, for example 12.")
    return {key: value for key, value in messages.items() if given.get(key) is None}


class WTFormsMessages:
    """WTForms' own words (a field's default label, its built-in messages) in the page's language.

    Flask-WTF reads and parses WTForms' catalogue from disk once per request and keeps it on the request
    only; every form with a hidden field asks for one (a field without a label gets its name translated),
    so each reaction submission parsed it again (issue 15). The catalogue does not change while the
    process runs: it is kept here, one per language."""

    def __init__(self):
        self._by_locale: dict[str, support.Translations] = {}

    def _catalogue(self) -> support.Translations:
        locale = get_locale()
        catalogue = self._by_locale.get(str(locale))
        if catalogue is None:
            catalogue = self._by_locale[str(locale)] = support.Translations.load(messages_path(), [locale],
                                                                                 domain="wtforms")
        return catalogue

    def gettext(self, string: str) -> str:
        return self._catalogue().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._catalogue().ungettext(singular, plural, n)


wtforms_messages = WTFormsMessages()


class BaseForm(FlaskForm):
    class Meta:
        def get_translations(self, form):
            # Outside a request, or with WTForms' messages off, Flask-WTF's own answer (the words as written).
            if not has_request_context() or not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return wtforms_messages

        def bind_field(self, form, unbound_field, options):
            # Passwords keep their spaces; a choice is compared as sent, so an invisible character cannot
            # turn a value that was never offered into the empty choice; every other text field loses
            # what is invisible around it.
            if not issubclass(unbound_field.field_class, (PasswordField, SelectFieldBase)):
                options["filters"] = (*unbound_field.kwargs.get("filters", ()), clean_text)
            field = unbound_field.bind(form=form, **options, **_own_messages(unbound_field))
            field.validators = [stop_after_unreadable_value, *field.validators]
            if isinstance(field, DateField):
                field.validators = [*field.validators, date_in_range]
            return field

    def __init__(self, formdata=_Auto, **kwargs):
        # Shown again after a log-in that followed an ended session: what was typed then comes back in
        # the form that has those fields (see consult.core.kept_forms).
        if formdata is _Auto and has_request_context() and request.method == "GET":
            kept = kept_for_this_page(current_user)
            names = {name for name, _unbound in self._unbound_fields} - {"csrf_token"}
            if kept is not None and names & set(kept):
                formdata = kept
                # A form kept without an account was announced when it was kept (consult.core.web).
                if not g.get("kept_form_announced") and g.get("kept_form_had_account"):
                    g.kept_form_announced = True
                    flash(_("You were logged out before you sent this form. What you typed is back: check it and send it again."), "info")
        super().__init__(formdata=formdata, **kwargs)


class EmptyForm(BaseForm):
    """For POST-only buttons: carries the CSRF token and nothing else."""


def form_status(*forms) -> int:
    """The status of a page that shows ``forms``: 400 when one of them was posted and refused (its messages
    stand beside the fields), 200 otherwise. Every form view answers an invalid POST this way, so a client,
    a proxy and a test can tell a refused form from a page shown."""
    return 400 if any(form.errors for form in forms) else 200


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as the option objects WTForms expects."""
    return [SelectChoice(value, label) for value, label in pairs]


def _clock() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="form-started")


class HumanCheck:
    """For public forms: a field people never see (robots fill it in), and a minimum time between
    showing the form and sending it. Call ``start()`` when the form is shown."""

    website = StringField(_l("Leave this field empty"))
    started = HiddenField()

    def start(self) -> None:
        self.started.data = _clock().dumps(time.time())

    def is_robot(self) -> bool:
        return bool(self.website.data)

    def was_too_fast(self) -> bool:
        """Whether the form came back sooner than a person fills it in. Never for a signed-in person: their
        form comes prefilled (a partner only checks it), and an account is no robot's first step."""
        if current_user.is_authenticated:
            return False
        try:
            shown_at = float(_clock().loads(self.started.data or ""))
        except (BadSignature, TypeError, ValueError):
            return True
        return time.time() - shown_at < current_app.config["MINIMUM_FILL_SECONDS"]
