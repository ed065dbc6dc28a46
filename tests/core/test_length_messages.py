"""Every length limit of every form speaks through ``TextLimit`` (``at_most`` / ``fits``): the limit and the
count typed, in Dutch numbers, and at most a sentence of the form's own after it.

Before, about fifty fields carried a hand-written "Use at most 200 characters." (no count, and a number
that could drift from the column), others "Your comment is too long: …" or "This code is too long.", and
the new password's limit of 200 answered "Use at least 12 characters."."""
import pytest
from werkzeug.datastructures import MultiDict
from wtforms.validators import Length

from consult.admin.forms import PersonForm
from consult.core.forms import TextLimit
from tests.core.test_form_lengths import every_form_class


def length_validators():
    for form_class in every_form_class():
        for name in dir(form_class):
            unbound = getattr(form_class, name, None)
            for validator in getattr(unbound, "kwargs", {}).get("validators", []) if unbound is not None else []:
                if isinstance(validator, Length) and validator.max != -1:
                    yield f"{form_class.__name__}.{name}", validator


def test_every_maximum_length_is_a_text_limit_without_a_message_of_its_own():
    found = list(length_validators())
    assert len(found) > 60
    hand_written = [name for name, v in found if not isinstance(v, TextLimit) or v.message is not None]
    assert hand_written == []


@pytest.mark.parametrize("field", ["name", "email"])
def test_a_field_that_had_a_hand_written_message_reads_like_every_other(app, field):
    with app.test_request_context(method="POST"):
        value = "a" * 300 + ("@example.org" if field == "email" else "")
        form = PersonForm(formdata=MultiDict({field: value}), meta={"csrf": False})
        form.validate()
        limit = {"name": "200", "email": "254"}[field]
        assert f"Gebruik maximaal {limit} tekens. Nu zijn het er {len(value)}." in getattr(form, field).errors


def test_a_new_password_too_long_is_not_told_it_is_too_short(app):
    from consult.accounts.forms import NewPasswordForm

    with app.test_request_context(method="POST"):
        form = NewPasswordForm(formdata=MultiDict({"password": "x" * 201, "confirm": "x" * 201}), meta={"csrf": False})
        form.validate()
        assert form.password.errors == ["Gebruik maximaal 200 tekens. Nu zijn het er 201."]
