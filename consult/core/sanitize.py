"""The one place where user-supplied HTML is cleaned.

bleach is what the product owner asked for; upstream only ships security fixes now, so nothing
outside this module imports it. Swapping to nh3 means changing this file only.
"""
from __future__ import annotations

import re

import bleach
from markupsafe import Markup

from consult.core.text import xml_safe

RICH_TEXT_TAGS = frozenset({
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote",
    "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td",
})
RICH_TEXT_ATTRIBUTES = {"a": ["href", "title"], "th": ["scope"], "td": ["colspan", "rowspan"]}
RICH_TEXT_PROTOCOLS = frozenset({"http", "https", "mailto"})


def clean_rich_text(html: str) -> str:
    """Clean HTML written by officials (document sections, introductions) before it is stored.

    Characters XML forbids go too (``consult.core.text``): imported Word and Markdown files arrive here.
    """
    return bleach.clean(
        xml_safe(html),
        tags=RICH_TEXT_TAGS,
        attributes=RICH_TEXT_ATTRIBUTES,
        protocols=RICH_TEXT_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )


def stored_html(html: str | None) -> Markup:
    """Mark stored rich text safe for a template, as it is: it was cleaned when it was written.

    The models clean on write (``Section.body_html``, ``Consultation.introduction_html`` run
    ``clean_rich_text`` whenever they are set) and migration 0035 cleaned the rows stored before, so
    no page pays for bleach per request.
    """
    return Markup(html or "")


WEB_ADDRESS = re.compile(r"https?://[^\s<>\"']+")


def plain_text_with_links(text: str) -> Markup:
    """Show plain text (a mail body) with its web addresses as links; nothing in it runs.

    The text is escaped first, so only the links this function adds are markup.
    """
    escaped = str(Markup.escape(text))
    return Markup(WEB_ADDRESS.sub(lambda m: f'<a class="utrecht-link utrecht-link--html-a" href="{m.group(0)}">{m.group(0)}</a>', escaped))


def plain_text_paragraphs(text: str | None) -> Markup:
    """Show text typed by a person: paragraphs and line breaks kept, any markup shown as text."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n")) if p.strip()]
    return Markup("").join(
        Markup('<p class="utrecht-paragraph">{}</p>').format(Markup("<br>").join(p.split("\n")))
        for p in paragraphs
    )


def plain_text_lines(text: str | None) -> Markup:
    """Typed lines, such as a postal address, kept as lines (empty ones left out); markup shown as text."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return Markup("<br>").join(lines)


BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|tr)>|<br\s*/?>", re.IGNORECASE)


def plain_text(html: str | None) -> str:
    """Stored rich text as plain text for an archive: blocks on lines of their own, no markup."""
    text = bleach.clean(BLOCK_END.sub("\n", html or ""), tags=set(), strip=True, strip_comments=True)
    return re.sub(r"\n{3,}", "\n\n", Markup(text).unescape()).strip()
