"""WTForms' own words (a field's default label, its built-in messages) in the visitor's language, with the
catalogue read from disk once per language and process, not once per request (issue 15: every reaction
submission parsed it again, for the two hidden fields that have no label)."""
from babel import support
from flask_babel import force_locale
from wtforms import HiddenField, StringField
from wtforms.validators import InputRequired

from consult.core.forms import BaseForm


class Probe(BaseForm):
    submission_key = HiddenField()
    name = StringField("Naam", validators=[InputRequired()])


def _required_message(app, locale: str) -> str:
    with app.test_request_context(method="POST"), force_locale(locale):
        form = Probe(meta={"csrf": False})
        form.validate()
        return form.name.errors[0]


def test_wtforms_messages_speak_the_visitors_language(app):
    assert _required_message(app, "nl") == "Dit veld is vereist."
    assert _required_message(app, "en") == "This field is required."


def test_the_wtforms_catalogue_is_read_once_per_language(app, monkeypatch):
    loaded = []
    load = support.Translations.load

    def counted(dirname=None, locales=None, domain=None):
        loaded.append((domain, str(locales[0]) if locales else None))
        return load(dirname, locales, domain)

    monkeypatch.setattr(support.Translations, "load", counted)
    for _ in range(3):
        for locale in ("nl", "en"):
            _required_message(app, locale)
    assert loaded.count(("wtforms", "nl")) <= 1
    assert loaded.count(("wtforms", "en")) <= 1
