"""The base every form builds on: CSRF from Flask-WTF, whitespace and unsafe characters stripped from text."""
import time

from flask import current_app, flash, g, has_request_context, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto
from itsdangerous import BadSignature, URLSafeSerializer
from wtforms import HiddenField, PasswordField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from consult.core.kept_forms import kept_for_this_page
from consult.core.text import xml_safe


def clean_text(value):
    """Text as a person meant it: no characters XML forbids (``consult.core.text``), no spaces around it."""
    return xml_safe(value).strip() if isinstance(value, str) else value


def column_length(column) -> int:
    """The length a model's string column holds, e.g. ``column_length(Reaction.author_name)`` is 200.
    Raises ValueError for a column without one (Text), so a form cannot claim a limit it does not have."""
    length = getattr(column.type, "length", None)
    if not length:
        raise ValueError(f"{column} has no length")
    return length


def fits(column, message=None) -> Length:
    """A Length validator with the column's own limit: what the form accepts, the database can store.
    Without ``message`` the person reads the limit and how many characters they typed."""
    return Length(max=column_length(column), message=message or _l("Use at most %(max)d characters. Now there are %(length)d."))


class BaseForm(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            # Passwords keep their spaces; every other text field loses leading and trailing ones.
            if not issubclass(unbound_field.field_class, PasswordField):
                options["filters"] = (*unbound_field.kwargs.get("filters", ()), clean_text)
            return unbound_field.bind(form=form, **options)

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
