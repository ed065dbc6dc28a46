"""Text typed by someone, shown inside our own text, keeps its direction to itself.

A title with U+202E (RIGHT-TO-LEFT OVERRIDE) in it showed the rest of its line backwards: "— aanmelden",
the breadcrumb after it, "op 12 januari" in "Werkatelier: <title> op 12 januari". The Unicode bidi
algorithm (UAX #9, rules X6a and BD9) gives the cure: a FIRST STRONG ISOLATE (U+2068) before the value
and a POP DIRECTIONAL ISOLATE (U+2069) after it make the value one neutral unit for the text around it,
and the PDI also closes every embedding, override or isolate the value left open. Nothing typed is
removed; a value gets the two characters only when it holds a direction control, so ordinary text (and
ordinary Arabic or Hebrew, which needs no controls) is shown exactly as before.

Applied in three places, so no template or view has to remember it:

- every ``{{ … }}`` of every template (pages, mails, the reactienota in HTML and PDF), through the Jinja
  environment's ``finalize``;
- every value put into a translated sentence, ``_("Werkatelier: %(title)s", title=…)``, in Python
  (flash messages, mail subjects, the reactienota's sentences) and in templates (``{% trans %}``);
- where Python joins a value into a line with an f-string (the reactienota's files: DOCX, ODT, PDF),
  by calling ``isolate`` there;
- nowhere else: a spreadsheet cell (CSV, XLSX) is a paragraph of its own, so a control in one cell
  cannot turn another around, and exports must hold exactly what was typed.

A value that goes back to the server (an ``<input value>``) must not grow two characters on every
round trip: such templates write ``{{ value|verbatim }}``.
"""
from __future__ import annotations

import re

from flask import Flask
from flask_babel import Domain
from jinja2 import pass_context
from markupsafe import Markup

# Embeddings and overrides (LRE, RLE, PDF, LRO, RLO) and isolates (LRI, RLI, FSI, PDI).
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = "\u2069"


class Verbatim(str):
    """Text that must be written exactly as stored, e.g. the value of a form field."""


def isolate(value):
    """``value`` between FSI and PDI when it is text holding a direction control; anything else, and
    text without one, unchanged. Markup stays Markup (the two characters need no escaping)."""
    # Runs for every {{ … }}: plain ASCII text (most of it) is recognised without reading it.
    if not isinstance(value, str) or value.isascii() or type(value) is Verbatim or not DIRECTION_CONTROLS.search(value):
        return value
    if isinstance(value, Markup):
        return Markup(FIRST_STRONG_ISOLATE) + value + Markup(POP_DIRECTIONAL_ISOLATE)
    return f"{FIRST_STRONG_ISOLATE}{value}{POP_DIRECTIONAL_ISOLATE}"


def verbatim(value) -> Verbatim:
    """Template filter: write ``value`` as it is, without isolates (for ``<input value="…">``)."""
    return Verbatim("" if value is None else value)


def _isolated(variables: dict) -> dict:
    return {name: isolate(value) for name, value in variables.items()}


class IsolatingDomain(Domain):
    """Flask-Babel's message domain, with every value put into a sentence isolated (see above)."""

    def gettext(self, string, **variables):
        return super().gettext(string, **_isolated(variables))

    def ngettext(self, singular, plural, num, **variables):
        return super().ngettext(singular, plural, num, **_isolated(variables))

    def pgettext(self, context, string, **variables):
        return super().pgettext(context, string, **_isolated(variables))

    def npgettext(self, context, singular, plural, num, **variables):
        return super().npgettext(context, singular, plural, num, **_isolated(variables))


def _isolating(translate):
    """Jinja's newstyle ``gettext``/``ngettext``/… (``translate(context, *messages, **variables)``),
    with the variables isolated before they are put into the sentence."""

    @pass_context
    def wrapped(context, *args, **variables):
        return translate(context, *args, **_isolated(variables))

    return wrapped


def install(app: Flask) -> None:
    """Isolate every template value and every value in a template's translated sentence. Call after
    Flask-Babel has installed its gettext functions and before any template is compiled."""
    env = app.jinja_env
    env.finalize = isolate
    env.filters["verbatim"] = verbatim
    # ``_`` is Jinja's alias that calls whatever ``gettext`` is: wrapping it too would isolate twice.
    for name in ("gettext", "ngettext", "pgettext", "npgettext"):
        if name in env.globals:
            env.globals[name] = _isolating(env.globals[name])
