"""Every form speaks in its own words about dates, choices and lengths, through one mechanism in BaseForm.

Before, a date in the year 1 or 9999 reached the code that makes it a moment (a 500: "date value out of
range"), or was stored as it came; a choice not offered got WTForms' "Ongeldige keuze." or "'99', '-1' zijn
ongeldige keuzes voor dit veld." (with the internal ids); and length limits had five wordings.
"""
import pytest
from werkzeug.datastructures import MultiDict
from wtforms import DateField, SelectField

from consult.core.forms import BaseForm, TextLimit, at_most
from tests.core.test_form_lengths import every_form_class

LIBRARY_WORDS = ("Ongeldige", "ongeldige", "Not a valid", "not valid", "'99'")


def fields_of(kind):
    for form_class in every_form_class():
        for name in dir(form_class):
            unbound = getattr(form_class, name, None)
            field_class = getattr(unbound, "field_class", None)
            if field_class and issubclass(field_class, kind):
                yield form_class, name


def _errors(app, form_class, name, values):
    """The field's errors in its own form; a form that needs objects to be made (ExtensionForm needs its
    consultation) is probed with the field alone, which is what BaseForm's mechanism works on."""
    with app.test_request_context(method="POST"):
        formdata = MultiDict([(name, v) for v in values])
        try:
            form = form_class(formdata=formdata, meta={"csrf": False})
        except TypeError:
            form = type("Probe", (BaseForm,), {name: getattr(form_class, name)})(formdata=formdata, meta={"csrf": False})
        form.validate()
        return [str(e) for e in getattr(form, name).errors]


def test_there_are_date_and_choice_fields_to_check():
    assert len(list(fields_of(DateField))) >= 10
    assert len(list(fields_of(SelectField))) >= 15


@pytest.mark.parametrize("day", ["0001-01-01", "1999-12-31", "2101-01-01", "9999-12-31"])
def test_every_date_field_refuses_a_day_outside_2000_to_2100_with_a_message(app, day):
    problems = []
    for form_class, name in fields_of(DateField):
        try:
            errors = _errors(app, form_class, name, [day])
        except Exception as error:  # noqa: BLE001 - the point is to name every field that breaks
            problems.append(f"{form_class.__name__}.{name}: {error!r}")
            continue
        if errors != ["Vul een datum in tussen 2000 en 2100."]:
            problems.append(f"{form_class.__name__}.{name}: {errors}")
    assert not problems, "\n".join(problems)


def test_a_date_that_is_no_date_gets_an_example_not_the_library_words(app):
    for form_class, name in fields_of(DateField):
        errors = _errors(app, form_class, name, ["31-31-2026"])
        assert errors == ["Vul een datum in, bijvoorbeeld 31-12-2026."], (form_class.__name__, name, errors)


def test_no_choice_field_answers_in_the_library_words_or_shows_the_values_sent(app):
    problems = []
    for form_class, name in fields_of(SelectField):
        errors = _errors(app, form_class, name, ["99", "-1"])
        if any(word in error for error in errors for word in LIBRARY_WORDS):
            problems.append(f"{form_class.__name__}.{name}: {errors}")
    assert not problems, "\n".join(problems)


def test_a_length_limit_says_the_limit_and_the_count_in_dutch_numbers(app):
    class Form:
        pass
    with app.test_request_context():
        field = type("F", (), {"data": "x" * 10_001})()
        with pytest.raises(Exception) as refused:
            at_most(10_000)(Form(), field)
        assert str(refused.value) == "Gebruik maximaal 10.000 tekens. Nu zijn het er 10.001."
    assert isinstance(at_most(5), TextLimit)
