"""The base every form builds on: CSRF from Flask-WTF, whitespace and unsafe characters stripped from text."""
import time

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, URLSafeSerializer
from wtforms import HiddenField, PasswordField, StringField
from wtforms.fields.choices import SelectChoice

from consult.core.text import xml_safe


def clean_text(value):
    """Text as a person meant it: no characters XML forbids (``consult.core.text``), no spaces around it."""
    return xml_safe(value).strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            # Passwords keep their spaces; every other text field loses leading and trailing ones.
            if not issubclass(unbound_field.field_class, PasswordField):
                options["filters"] = (*unbound_field.kwargs.get("filters", ()), clean_text)
            return unbound_field.bind(form=form, **options)


class EmptyForm(BaseForm):
    """For POST-only buttons: carries the CSRF token and nothing else."""


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
        try:
            shown_at = float(_clock().loads(self.started.data or ""))
        except (BadSignature, TypeError, ValueError):
            return True
        return time.time() - shown_at < current_app.config["MINIMUM_FILL_SECONDS"]
