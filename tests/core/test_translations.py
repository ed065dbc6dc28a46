"""Every string on screen has a Dutch and an English translation."""
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
METHODS = [("consult/**.py", "python"), ("templates/**.html", "jinja2"), ("templates/**.txt", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}


def source_messages() -> set:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), METHODS, keywords=KEYWORDS, options_map={"templates/**": {"extensions": "jinja2.ext.i18n"}}
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def catalogue(language: str) -> dict:
    with open(ROOT / "translations" / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        return {m.id: m for m in read_po(po) if m.id}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_string_in_the_code_is_translated(language):
    messages = catalogue(language)
    missing = sorted(str(m) for m in source_messages() if m not in messages)
    assert not missing, f"not in the {language} catalogue (run `make messages`): {missing}"
    untranslated = sorted(
        str(m.id) for m in messages.values()
        if "fuzzy" in m.flags or not (all(m.string) if isinstance(m.string, tuple) else m.string)
    )
    assert not untranslated, f"untranslated or fuzzy in {language}: {untranslated}"


def test_dutch_catalogue_really_is_dutch():
    messages = catalogue("nl")
    assert messages["Log in"].string == "Inloggen"
    same = [m.id for m in messages.values() if m.string == m.id and len(str(m.id)) > 20]
    assert not same, f"Dutch text equal to the English source: {same}"


def test_no_dutch_text_carries_another_text_glued_on():
    """A merge once left "Pagina %(number)sPDF, Word (DOCX), …" as the Dutch for "Page %(number)s": a
    translation far longer than its source is such a slip, not Dutch being wordier."""
    glued = [(m.id, m.string) for m in catalogue("nl").values()
             if isinstance(m.id, str) and m.string and len(m.string) > 2.2 * len(m.id) + 20]
    assert not glued, glued


# A counted English noun right after a placeholder: "%(count)s reactions" must come from ngettext, or one
# reaction reads "1 reacties". Limits in characters are never 1, so they may stay plural.
COUNTED = re.compile(r"%\(\w+\)[sd] (?:more )?(reactions|sections|days|points|people|persons|organisations|files|"
                     r"attempts|signatories|comments|accounts|versions|hours|minutes|times|weeks|e-mails)\b")


def test_every_counted_word_goes_through_ngettext():
    singular_only = sorted(m for m in source_messages() if isinstance(m, str) and COUNTED.search(m))
    assert not singular_only, f"use ngettext for: {singular_only}"



def test_a_field_says_once_that_it_is_optional():
    """The form-field macro puts "(optional)" after the label of every field that is not required, so a
    description that starts with "Optional." says it twice."""
    twice = sorted(m for m in source_messages() if isinstance(m, str) and m.startswith("Optional."))
    assert not twice, twice


def test_no_label_says_optional_itself():
    """The form-field macro (``optional_mark`` in templates/_forms.html) puts "(optional)" after the label of
    every field that is not required, so a label or message that ends in "(optional)" reads "Voorgestelde
    eigenaar (niet verplicht) (niet verplicht)" (tester finding F8)."""
    twice = sorted(m for m in source_messages() if isinstance(m, str) and m != "(optional)"
                   and re.search(r"\(optional\)\W*$", m))
    assert not twice, twice


def test_no_form_field_label_says_optional_itself():
    """The same, walked over every form class of every feature package, whatever a label is made of."""
    import importlib
    import pkgutil

    from wtforms import Form
    from wtforms.fields.core import UnboundField

    import consult

    for module in pkgutil.walk_packages(consult.__path__, "consult."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)
    forms, twice = [], []
    pending = [Form]
    while pending:
        forms += (subclasses := pending.pop().__subclasses__())
        pending += subclasses
    for form in forms:
        for name, unbound in vars(form).items():
            if isinstance(unbound, UnboundField):
                label = unbound.args[0] if unbound.args else unbound.kwargs.get("label")
                if label is not None and "optional" in str(label).lower():
                    twice.append(f"{form.__module__}.{form.__name__}.{name}: {label}")
    assert len(forms) > 30
    assert not twice, twice


def test_english_has_one_name_for_the_bestuurlijk_duo(app):
    """Tester finding F13: "Proposed owner: Bestuurlijk duo of Zorglandschap Wmo" on the outcomes page while the
    actieprogramma says "Administrative duo". Messages written with the Dutch term read the same in English."""
    from flask_babel import force_locale
    from flask_babel import gettext as _

    dutch_term = sorted(str(m.string) for m in catalogue("en").values() if re.search(r"(?i)bestuurlijke? duo", str(m.string)))
    assert not dutch_term, dutch_term
    with app.test_request_context(), force_locale("en"):
        assert _("Bestuurlijk duo of %(theme)s", theme="Wonen") == "Administrative duo of Wonen"
    with app.test_request_context(), force_locale("nl"):
        assert _("Administrative duo") == "Bestuurlijk duo"


def test_the_english_source_says_react_to_not_react_on():
    """English is the msgid source: Dutch "reageren op" translated word for word reads "react on"."""
    dutch_order = re.compile(r"\b[Rr]eact(?:ed|ing)? on\b|\b[Rr]eactions? on\b(?! (?:this|the) website)")
    found = sorted(str(m) for m in source_messages() if any(dutch_order.search(text) for text in
                                                             ([m] if isinstance(m, str) else m)))
    assert not found, found


def test_the_english_catalogue_reads_as_english_for_residents():
    """Residents of a Dutch town who read English "respond" to a consultation and get a "public notice";
    `make messages` rewrites the developers' English (translations/english.py), so the catalogue on disk must
    be what that script makes of it, with no "reaction" left and every placeholder kept."""
    import importlib.util

    from babel.messages.pofile import read_po

    spec = importlib.util.spec_from_file_location("english", Path("translations/english.py"))
    english = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(english)
    with open("translations/en/LC_MESSAGES/messages.po", "rb") as f:
        catalogue = read_po(f, locale="en")
    calque = re.compile(r"\b[Rr]eact(ion|ions|ed|ing)?\b|\bkennisgeving\b(?!\))")
    placeholders = re.compile(r"%\(\w+\)[sd]")
    stale, calques, broken = [], [], []
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid, msgstr in zip(ids, strings):
            if msgstr == msgid and english.english(msgid) != msgid:
                stale.append(msgid)
            if calque.search(msgstr):
                calques.append(msgstr)
            if sorted(placeholders.findall(msgid)) != sorted(placeholders.findall(msgstr)):
                broken.append(msgstr)
    assert not stale, f"run make messages: {stale[:5]}"
    assert not calques, calques[:5]
    assert not broken, broken[:5]


# A file format named in running text is written in capitals, one spelling everywhere (tester, issue 13
# leftovers: "(PDF)" beside "(pdf)"); a file name or extension (".pdf", "reactienota.pdf") is not a name.
FORMAT_IN_SMALL_LETTERS = re.compile(r"(?<![.\w/-])(pdf|csv|xlsx|docx|odt|json)(?![\w.'\"/=(])", re.IGNORECASE)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_file_formats_are_named_in_capitals_in_every_translation(language):
    texts = [text for m in catalogue(language).values()
             for text in ((m.id if isinstance(m.id, tuple) else (m.id,)) + (m.string if isinstance(m.string, tuple) else (m.string,)))]
    small = sorted({text for text in texts for name in FORMAT_IN_SMALL_LETTERS.findall(text) if name != name.upper()})
    assert not small, small
