"""Which characters stored text may hold: one decision, made where text enters and kept where it leaves.

XML 1.0, the format inside DOCX, XLSX and ODT, forbids the C0 control characters other than tab, line
feed and carriage return, the surrogates U+D800-U+DFFF and the non-characters U+FFFE and U+FFFF. Nobody
means them in a reaction (they come from pasting out of odd sources, or from robots); PostgreSQL refuses
NUL; and one U+FFFE in one reaction made the reactienota a 500 for every visitor. So:

- on input, every text field of every form (``consult.core.forms.BaseForm``), the few texts views take
  from ``request.form`` directly, and imported documents (Markdown, Word, through the HTML cleaner) lose
  them, so every text stored from now on is XML-safe;
- on output, every file writer (DOCX, ODT, PDF, XLSX, CSV, JSON) passes its text through ``xml_safe``
  again, for text stored before this rule or by other means (a restore, a migration, the demo loader).

They are removed, not replaced: none of them shows as anything, so a reader loses nothing. DEL (U+007F)
is allowed in XML but is just as invisible and unmeant, so it goes too.
"""
from __future__ import annotations

import re

UNSAFE_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value):
    """``value`` without the characters above when it is a string; anything else unchanged."""
    return UNSAFE_CHARACTERS.sub("", value) if isinstance(value, str) else value


def xml_safe_data(value):
    """The same for JSON-like data: strings inside dicts and lists are cleaned, keys too."""
    if isinstance(value, dict):
        return {xml_safe(key): xml_safe_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [xml_safe_data(item) for item in value]
    return xml_safe(value)


# A title made from a longer text (an action from a werkatelier outcome, the heading over a reaction to an
# outcome): a sentence's full stop, or a comma, semicolon or colon left at the end, does not belong in it;
# a question or exclamation mark does, and "…" says the title was shortened.
TITLE_TRAILING = " \t.,;:"


def title_from(text: str, limit: int = 120) -> str:
    """``text`` on one line as a title of at most ``limit`` characters, without trailing punctuation that
    ends a sentence; a longer text is cut and ends in "…"."""
    title = " ".join(text.split()).rstrip(TITLE_TRAILING)
    if len(title) <= limit:
        return title
    return title[:limit - 1].rstrip(TITLE_TRAILING) + "…"
