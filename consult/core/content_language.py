"""Text an organisation wrote is in its own language, Dutch, whatever language the visitor chose (WCAG 3.1.2,
Language of Parts): on a page in another language it sits in an element with ``lang="nl"``, so a screen reader
reads it with a Dutch voice.

One filter does it, ``{{ consultation.title|nl }}`` (a ``<span lang="nl">``; ``nl(block=True)`` gives a
``<div>`` for paragraphs), and the filters that show stored text (``rich_text``, ``paragraphs``, ``lines``,
``text_with_links``) do it themselves, so a template never writes the attribute by hand. On a Dutch page,
and in a plain-text mail (no autoescape: no markup), the text is returned unchanged.
"""
from __future__ import annotations

from flask import Flask, has_request_context
from flask_babel import get_locale
from jinja2 import pass_eval_context
from markupsafe import Markup

CONTENT_LANGUAGE = "nl"


def needs_marking() -> bool:
    """Whether the page's language differs from the content's (the visitor chose English)."""
    return has_request_context() and str(get_locale()) != CONTENT_LANGUAGE


def in_content_language(value, block: bool = False) -> Markup:
    """In: text (or Markup) an organisation wrote. Out: escaped Markup, inside ``<span lang="nl">`` (or a
    ``<div>`` with ``block``) when the page is in another language; empty text stays empty."""
    text = Markup.escape("" if value is None else value)
    if not text or not needs_marking():
        return text
    tag = Markup("div" if block else "span")
    return Markup('<{0} lang="{1}">{2}</{0}>').format(tag, CONTENT_LANGUAGE, text)


def marking(show, block: bool = False):
    """A template filter that shows stored text with ``show`` and marks its language (HTML only)."""

    @pass_eval_context
    def wrapped(eval_ctx, value, *args, **kwargs):
        shown = show(value, *args, **kwargs)
        return in_content_language(shown, block) if eval_ctx.autoescape else shown

    return wrapped


@pass_eval_context
def _nl(eval_ctx, value, block: bool = False):
    return in_content_language(value, block) if eval_ctx.autoescape else ("" if value is None else value)


def install(app: Flask) -> None:
    app.add_template_filter(_nl, "nl")
