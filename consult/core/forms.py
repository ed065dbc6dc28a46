"""The base every form builds on: CSRF from Flask-WTF, whitespace stripped from text."""
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.fields.choices import SelectChoice


def strip_whitespace(value):
    return value.strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            # Passwords keep their spaces; every other text field loses leading and trailing ones.
            if not issubclass(unbound_field.field_class, PasswordField):
                options["filters"] = (*unbound_field.kwargs.get("filters", ()), strip_whitespace)
            return unbound_field.bind(form=form, **options)


class EmptyForm(BaseForm):
    """For POST-only buttons: carries the CSRF token and nothing else."""


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as the option objects WTForms expects."""
    return [SelectChoice(value, label) for value, label in pairs]
